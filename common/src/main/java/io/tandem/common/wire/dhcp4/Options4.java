package io.tandem.common.wire.dhcp4;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.OptionLists;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;

/**
 * The options of a message, or the sub-options of option 82, in wire order, with typed getters for
 * the ones a server reads. A message holds each code once, with every instance on the wire already
 * concatenated (RFC 3396). Immutable; {@link #with} and {@link #without} return copies.
 */
public record Options4(List<Option4> all) {
    public static final Options4 NONE = new Options4(List.of());

    public Options4 {
        all = List.copyOf(all);
    }

    public static Options4 of(Option4... options) {
        return new Options4(List.of(options));
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    public int size() {
        return all.size();
    }

    /** The first option with this code. */
    public Optional<Option4> get(int code) {
        return OptionLists.first(all, code);
    }

    public boolean has(int code) {
        return get(code).isPresent();
    }

    /** A copy where {@code option} takes the place of the options with its code, or is appended. */
    public Options4 with(Option4 option) {
        return new Options4(OptionLists.with(all, option));
    }

    public Options4 without(int code) {
        return new Options4(all.stream().filter(option -> option.code() != code).toList());
    }

    private <T extends Option4> Optional<T> first(int code, Class<T> type) {
        return get(code).filter(type::isInstance).map(type::cast);
    }

    public Optional<MessageType4> messageType() {
        return uint8(Dhcp4Options.MESSAGE_TYPE).map(MessageType4::of);
    }

    public Optional<Inet4Address> requestedAddress() {
        return address(Dhcp4Options.REQUESTED_ADDRESS);
    }

    public Optional<Inet4Address> serverIdentifier() {
        return address(Dhcp4Options.SERVER_IDENTIFIER);
    }

    public Optional<Option4.ClientId> clientIdentifier() {
        return first(Dhcp4Options.CLIENT_IDENTIFIER, Option4.ClientId.class);
    }

    /** The option codes the client asks for, in its order; empty when it asks for none. */
    public List<Integer> parameterRequestList() {
        return first(Dhcp4Options.PARAMETER_REQUEST_LIST, Option4.Uint8List.class).map(Option4.Uint8List::values)
                .orElse(List.of());
    }

    public Optional<Integer> maxMessageSize() {
        return uint16(Dhcp4Options.MAX_MESSAGE_SIZE);
    }

    public Optional<Long> leaseTime() {
        return uint32(Dhcp4Options.LEASE_TIME);
    }

    public Optional<Long> renewalTime() {
        return uint32(Dhcp4Options.RENEWAL_TIME);
    }

    public Optional<Long> rebindingTime() {
        return uint32(Dhcp4Options.REBINDING_TIME);
    }

    public Optional<Inet4Address> subnetMask() {
        return address(Dhcp4Options.SUBNET_MASK);
    }

    public List<Inet4Address> routers() {
        return addresses(Dhcp4Options.ROUTERS);
    }

    public List<Inet4Address> domainNameServers() {
        return addresses(Dhcp4Options.DOMAIN_NAME_SERVERS);
    }

    public Optional<String> domainName() {
        return text(Dhcp4Options.DOMAIN_NAME);
    }

    public Optional<String> hostName() {
        return text(Dhcp4Options.HOST_NAME);
    }

    /** {@code PXEClient:Arch:00007:UNDI:003016}, {@code HTTPClient...}: what netboot stage this is. */
    public Optional<String> vendorClassIdentifier() {
        return text(Dhcp4Options.VENDOR_CLASS_IDENTIFIER);
    }

    public Optional<String> tftpServerName() {
        return text(Dhcp4Options.TFTP_SERVER_NAME);
    }

    public Optional<String> bootFileName() {
        return text(Dhcp4Options.BOOT_FILE_NAME);
    }

    public Optional<Bytes> userClass() {
        return raw(Dhcp4Options.USER_CLASS);
    }

    public Optional<Option4.RelayAgentInfo> relayAgentInfo() {
        return first(Dhcp4Options.RELAY_AGENT_INFORMATION, Option4.RelayAgentInfo.class);
    }

    /** Client system architectures (RFC 4578 §2.1, IANA "Processor Architecture Types"). */
    public List<Integer> clientSystem() {
        return first(Dhcp4Options.CLIENT_SYSTEM, Option4.Uint16List.class).map(Option4.Uint16List::values)
                .orElse(List.of());
    }

    public Optional<Option4.ClientNdi> clientNdi() {
        return first(Dhcp4Options.CLIENT_NDI, Option4.ClientNdi.class);
    }

    public Optional<Option4.UuidGuid> uuidGuid() {
        return first(Dhcp4Options.UUID_GUID, Option4.UuidGuid.class);
    }

    public Optional<String> text(int code) {
        return first(code, Option4.Text.class).map(Option4.Text::text);
    }

    public Optional<Bytes> raw(int code) {
        return first(code, Option4.Raw.class).map(Option4.Raw::data);
    }

    public Optional<Inet4Address> address(int code) {
        return first(code, Option4.Address.class).map(Option4.Address::address);
    }

    public List<Inet4Address> addresses(int code) {
        return first(code, Option4.AddressList.class).map(Option4.AddressList::addresses).orElse(List.of());
    }

    public Optional<Integer> uint8(int code) {
        return first(code, Option4.Uint8.class).map(Option4.Uint8::value);
    }

    public Optional<Integer> uint16(int code) {
        return first(code, Option4.Uint16.class).map(Option4.Uint16::value);
    }

    public Optional<Long> uint32(int code) {
        return first(code, Option4.Uint32.class).map(Option4.Uint32::value);
    }
}
