package io.tandem.common.wire.dhcp6;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.OptionLists;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The options of a message or of an encapsulating option, in wire order, with typed getters
 * for the ones the server reads. Immutable; {@link #with}, {@link #plus} and {@link #without}
 * return copies.
 */
public record Options6(List<Option6> all) {
    public static final Options6 NONE = new Options6(List.of());

    public Options6 {
        all = List.copyOf(all);
    }

    public static Options6 of(Option6... options) {
        return new Options6(List.of(options));
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    public int size() {
        return all.size();
    }

    /** The first option with this code. */
    public Optional<Option6> get(int code) {
        return OptionLists.first(all, code);
    }

    public List<Option6> getAll(int code) {
        return all.stream().filter(option -> option.code() == code).toList();
    }

    public boolean has(int code) {
        return get(code).isPresent();
    }

    public int count(int code) {
        int count = 0;
        for (int i = 0; i < all.size(); i++) {
            Option6 option = all.get(i);
            if (option.code() == code) {
                count++;
            }
        }
        return count;
    }

    // Indexed loops, not streams or iterators: the getters run several times for every packet,
    // and neither the streams nor List.of's iterators are optimised away.
    private <T extends Option6> Optional<T> first(int code, Class<T> type) {
        for (int i = 0; i < all.size(); i++) {
            Option6 option = all.get(i);
            if (option.code() == code) {
                return type.isInstance(option) ? Optional.of(type.cast(option)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private <T extends Option6> List<T> each(Class<T> type) {
        List<T> found = null;
        for (int i = 0; i < all.size(); i++) {
            Option6 option = all.get(i);
            if (type.isInstance(option)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(type.cast(option));
            }
        }
        return found == null ? List.of() : Collections.unmodifiableList(found);
    }

    /** A copy where {@code option} takes the place of the options with its code, or is appended. */
    public Options6 with(Option6 option) {
        return new Options6(OptionLists.with(all, option));
    }

    /** A copy with {@code option} appended, after any others with its code. */
    public Options6 plus(Option6 option) {
        return new Options6(OptionLists.plus(all, option));
    }

    /** A copy without the options that match. */
    public Options6 without(Predicate<Option6> unwanted) {
        List<Option6> kept = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            if (!unwanted.test(all.get(i))) {
                kept.add(all.get(i));
            }
        }
        return kept.size() == all.size() ? this : new Options6(kept);
    }

    public Optional<Duid> clientId() {
        return first(Dhcp6Options.CLIENTID, Option6.DuidOption.class).map(Option6.DuidOption::duid);
    }

    public Optional<Duid> serverId() {
        return first(Dhcp6Options.SERVERID, Option6.DuidOption.class).map(Option6.DuidOption::duid);
    }

    public List<Option6.IaNa> iaNas() {
        return each(Option6.IaNa.class);
    }

    public List<Option6.IaPd> iaPds() {
        return each(Option6.IaPd.class);
    }

    public List<Option6.IaAddress> iaAddresses() {
        return each(Option6.IaAddress.class);
    }

    public List<Option6.IaPrefix> iaPrefixes() {
        return each(Option6.IaPrefix.class);
    }

    /** The codes of the Option Request option, empty when there is none. */
    public List<Integer> requestedOptions() {
        return first(Dhcp6Options.ORO, Option6.Uint16List.class).map(Option6.Uint16List::values).orElse(List.of());
    }

    public Optional<Integer> elapsedTime() {
        return first(Dhcp6Options.ELAPSED_TIME, Option6.Uint16.class).map(Option6.Uint16::value);
    }

    public Optional<Option6.StatusCode> statusCode() {
        return first(Dhcp6Options.STATUS_CODE, Option6.StatusCode.class);
    }

    public boolean rapidCommit() {
        return has(Dhcp6Options.RAPID_COMMIT);
    }

    public List<Bytes> userClasses() {
        return first(Dhcp6Options.USER_CLASS, Option6.LengthPrefixedList.class)
                .map(Option6.LengthPrefixedList::items).orElse(List.of());
    }

    public List<Option6.VendorClass> vendorClasses() {
        return each(Option6.VendorClass.class);
    }

    public List<Option6.VendorOptions> vendorOptions() {
        return each(Option6.VendorOptions.class);
    }

    public Optional<Option6.VendorOptions> vendorOptions(long enterpriseNumber) {
        // A loop: dhcp4o6d reads its partner's metadata so in every datagram.
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof Option6.VendorOptions vendor && vendor.enterpriseNumber() == enterpriseNumber) {
                return Optional.of(vendor);
            }
        }
        return Optional.empty();
    }

    public Optional<Bytes> interfaceId() {
        return first(Dhcp6Options.INTERFACE_ID, Option6.Raw.class).map(Option6.Raw::data);
    }

    public Optional<Option6.RemoteId> remoteId() {
        return first(Dhcp6Options.REMOTE_ID, Option6.RemoteId.class);
    }

    public Optional<Bytes> subscriberId() {
        return first(Dhcp6Options.SUBSCRIBER_ID, Option6.Raw.class).map(Option6.Raw::data);
    }

    public List<Inet6Address> dnsServers() {
        return addresses(Dhcp6Options.DNS_SERVERS);
    }

    public List<DomainName> domainSearch() {
        return first(Dhcp6Options.DOMAIN_SEARCH, Option6.DomainList.class).map(Option6.DomainList::names)
                .orElse(List.of());
    }

    public Optional<String> bootfileUrl() {
        return first(Dhcp6Options.BOOTFILE_URL, Option6.Text.class).map(Option6.Text::text);
    }

    public List<Bytes> bootfileParams() {
        return first(Dhcp6Options.BOOTFILE_PARAM, Option6.LengthPrefixedList.class)
                .map(Option6.LengthPrefixedList::items).orElse(List.of());
    }

    /** Client architecture types (RFC 5970 §3.3, IANA "Processor Architecture Types"). */
    public List<Integer> clientArchTypes() {
        return first(Dhcp6Options.CLIENT_ARCH_TYPE, Option6.Uint16List.class).map(Option6.Uint16List::values)
                .orElse(List.of());
    }

    public Optional<Option6.Nii> nii() {
        return first(Dhcp6Options.NII, Option6.Nii.class);
    }

    public Optional<Option6.ClientLinkLayerAddress> clientLinkLayerAddress() {
        return first(Dhcp6Options.CLIENT_LINKLAYER_ADDR, Option6.ClientLinkLayerAddress.class);
    }

    /** The DHCPv4 message of a DHCPV4-QUERY or -RESPONSE (RFC 7341 §7.1). */
    public Optional<Bytes> dhcpv4Message() {
        return first(Dhcp6Options.DHCPV4_MESSAGE, Option6.Raw.class).map(Option6.Raw::data);
    }

    public List<Inet6Address> dhcp4o6ServerAddresses() {
        return addresses(Dhcp6Options.DHCP4O6_SERVER_ADDR);
    }

    public Optional<Integer> relaySourcePort() {
        return first(Dhcp6Options.RELAY_SOURCE_PORT, Option6.Uint16.class).map(Option6.Uint16::value);
    }

    public Optional<Dhcp6Message> relayedMessage() {
        return first(Dhcp6Options.RELAY_MSG, Option6.RelayedMessage.class).map(Option6.RelayedMessage::message);
    }

    public Optional<String> text(int code) {
        return first(code, Option6.Text.class).map(Option6.Text::text);
    }

    public Optional<Inet6Address> address(int code) {
        return first(code, Option6.Address.class).map(Option6.Address::address);
    }

    public Optional<Integer> uint16(int code) {
        return first(code, Option6.Uint16.class).map(Option6.Uint16::value);
    }

    public List<Inet6Address> addresses(int code) {
        return first(code, Option6.AddressList.class).map(Option6.AddressList::addresses).orElse(List.of());
    }
}
