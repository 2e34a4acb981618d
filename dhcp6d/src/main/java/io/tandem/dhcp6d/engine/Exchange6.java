package io.tandem.dhcp6d.engine;

import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.Prefix6;
import io.tandem.common.engine.Refused;
import io.tandem.common.event.BootEvent;
import io.tandem.common.event.UnattributedEvent;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.config.Dhcp6Config;
import io.tandem.dhcp6d.config.LeaseTimes6;
import io.tandem.dhcp6d.config.Reservation6;
import io.tandem.dhcp6d.config.Subnet6;
import io.tandem.dhcp6d.netboot.BootOptions;
import io.tandem.dhcp6d.netboot.BootStage;
import java.net.Inet6Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One client message being answered, Tandem's {@code ClientContext6}: the configuration it is
 * answered from, what is known about the client (subnet, MAC, reservation, boot stage), the lease
 * rows to record before the reply leaves. Each message type has its recipe, as Kea's
 * {@code processSolicit} and {@code processInfRequest} have: the addresses ({@link Allocator6}) or
 * the status it answers, then {@link #withConfiguration}'s boot and configured options, then
 * {@link #reply}.
 */
final class Exchange6 {
    private final Dhcp6Config config;
    private final Dhcp6Engine.Settings settings;
    private final Function<String, List<Inet6Address>> interfaceAddresses;
    private final BindingTable bindings;
    private final Inbound6 inbound;
    private final ClientMessage client;
    private final ClientServerMessage request;
    private final Instant now;
    private final Optional<Subnet6> subnet;
    private final Optional<ClientMac> mac;
    private final Optional<Reservation6> reservation;
    private final BootStage stage;
    private final List<Lease6> rows = new ArrayList<>();
    /**
     * The option-data of the pool or prefix pool of each address and prefix given, in the order
     * given: the first one given wins where two define one option, as in Kea's list of pools.
     */
    private final List<List<ConfiguredOption<Option6>>> poolOptions = new ArrayList<>();

    /**
     * @param interfaceAddresses the addresses of a local interface, for the subnet of a direct
     *                           client and the TFTP server address PXE firmware is given
     */
    Exchange6(Dhcp6Config config, Dhcp6Engine.Settings settings, Function<String, List<Inet6Address>> interfaceAddresses,
            BindingTable bindings, Inbound6 inbound, ClientMessage client, ClientServerMessage request, Instant now) {
        this.config = config;
        this.settings = settings;
        this.interfaceAddresses = interfaceAddresses;
        this.bindings = bindings;
        this.inbound = inbound;
        this.client = client;
        this.request = request;
        this.now = now;
        this.subnet = SubnetSelector.select(config.subnets(), client, inbound.source(), inbound.interfaceName(),
                interfaceAddresses);
        this.mac = MacFinder.find(client, inbound.source(), config.macSources());
        this.reservation = subnet.flatMap(link -> HostFinder.find(config.hostReservationIdentifiers(), link,
                config.globalReservations(), client, mac));
        this.stage = BootStage.of(request.options());
    }

    /** The lease rows this exchange recorded, in order: the transport writes them before the reply leaves. */
    List<Lease6> rows() {
        return List.copyOf(rows);
    }

    /** RFC 9915 §18.3.1: an Advertise of what the client would get; with rapid commit on both sides, a Reply that records it. */
    Outcome6 solicit() throws Refused {
        boolean rapid = request.options().rapidCommit() && subnet.map(Subnet6::rapidCommit).orElse(false);
        List<Option6> answer = iasOnLink(rapid);
        if (!rapid) {
            return reply(MessageType6.ADVERTISE, withConfiguration(answer));
        }
        answer.add(Option6.rapidCommit());
        return reply(MessageType6.REPLY, withConfiguration(answer));
    }

    /** RFC 9915 §18.3.2: the addresses and prefixes of the Advertise, recorded. */
    Outcome6 request() throws Refused {
        return reply(MessageType6.REPLY, withConfiguration(iasOnLink(true)));
    }

    /** RFC 9915 §18.3.4: the client's bindings extended, those it should not hold returned with lifetime 0. */
    Outcome6 renew() throws Refused {
        return reply(MessageType6.REPLY, withConfiguration(iasOnLink(true)));
    }

    /** RFC 9915 §18.3.5: as a Renew, from any server. */
    Outcome6 rebind() throws Refused {
        return reply(MessageType6.REPLY, withConfiguration(iasOnLink(true)));
    }

    /**
     * RFC 9915 §18.3.7: the bindings named end; one status per IA and one for the message. The
     * bindings are found by address, from any link, with or without a subnet, as Kea finds them.
     */
    Outcome6 release() {
        List<Option6> answer = releasedIas();
        answer.add(Option6.StatusCode.of(Option6.StatusCode.SUCCESS, "release processed"));
        return reply(MessageType6.REPLY, answer);
    }

    /** RFC 9915 §18.3.8: the addresses named are recorded as declined, found as by {@link #release}; one status per IA and one for the message. */
    Outcome6 decline() {
        List<Option6> answer = declinedIas();
        answer.add(Option6.StatusCode.of(Option6.StatusCode.SUCCESS, "decline processed"));
        return reply(MessageType6.REPLY, answer);
    }

    /**
     * RFC 9915 §18.3.3: whether every address the client names is on its link (none is on a link
     * without a subnet), with the configured options, as Kea answers.
     */
    Outcome6 confirm() throws Refused {
        List<Inet6Address> named = new ArrayList<>();
        request.options().iaNas().forEach(ia -> named.addAll(addresses(ia.options())));
        if (named.isEmpty()) {
            throw new Refused(DropReason6.CONFIRM_WITHOUT_ADDRESSES, "Confirm naming no address");
        }
        Option6.StatusCode status;
        if (subnet.isEmpty()) {
            status = Option6.StatusCode.of(Option6.StatusCode.NOT_ON_LINK, noSubnet());
        } else if (named.stream().allMatch(subnet.get().prefix()::contains)) {
            status = Option6.StatusCode.of(Option6.StatusCode.SUCCESS, "all addresses are on link");
        } else {
            status = Option6.StatusCode.of(Option6.StatusCode.NOT_ON_LINK, "an address is not on this link");
        }
        return reply(MessageType6.REPLY, withConfiguration(new ArrayList<>(List.of(status))));
    }

    /**
     * RFC 9915 §18.3.6: configuration without addresses, from the same levels as any other reply,
     * the client's reservation included (as Kea 2.2 answers); a link without a subnet gets the
     * global options (no reservation is looked for there, as in Kea).
     */
    Outcome6 informationRequest() {
        return reply(MessageType6.REPLY, withConfiguration(new ArrayList<>()));
    }

    /**
     * The answers to the message's IAs: on the client's subnet ({@link #answerIas}), or, on a link
     * without one, Kea 2.2's: each IA with a status that says so and nothing bound (NoAddrsAvail
     * and NoPrefixAvail to a Solicit or Request, NoBinding to a Renew or Rebind), except that a
     * Rebind of a prefix is discarded (RFC 9915 §18.3.5 lets a server that cannot tell whether
     * the prefix suits the link stay silent).
     */
    private List<Option6> iasOnLink(boolean commit) throws Refused {
        if (subnet.isPresent()) {
            return answerIas(subnet.get(), commit);
        }
        if (request.type().equals(MessageType6.REBIND) && !request.options().iaPds().isEmpty()) {
            throw new Refused(DropReason6.NO_SUBNET, "REBIND of a prefix: " + noSubnet());
        }
        boolean extending = extending();
        List<Option6> answers = new ArrayList<>();
        for (Option6.IaNa ia : request.options().iaNas()) {
            answers.add(new Option6.IaNa(ia.iaid(), 0, 0, Options6.of(Option6.StatusCode.of(
                    extending ? Option6.StatusCode.NO_BINDING : Option6.StatusCode.NO_ADDRS_AVAIL, noSubnet()))));
        }
        for (Option6.IaPd ia : request.options().iaPds()) {
            answers.add(new Option6.IaPd(ia.iaid(), 0, 0, Options6.of(Option6.StatusCode.of(
                    extending ? Option6.StatusCode.NO_BINDING : Option6.StatusCode.NO_PREFIX_AVAIL, noSubnet()))));
        }
        return answers;
    }

    /** Why a client is not served: the words of its status code and of its {@code not_served} event. */
    private String noSubnet() {
        return "no subnet for its link (" + link() + ")";
    }

    /** The client's link as an operator finds it in the config: the relay's link-address, or the interface. */
    private String link() {
        return client.nearestRelay().map(r -> "relay link-address " + Addresses.text(r.linkAddress()))
                .orElse("interface " + inbound.interfaceName());
    }

    /**
     * The drop of this exchange: a client of a known MAC that asked for addresses on a link no
     * subnet holds is {@code not_served}, so that an operator sees it waiting.
     */
    Outcome6.Drop dropped(Refused refused) {
        Outcome6.Drop drop = new Outcome6.Drop(refused);
        if (drop.reason() != DropReason6.NO_SUBNET || mac.isEmpty()) {
            return drop;
        }
        return new Outcome6.Drop(drop.reason(), drop.detail(), ExchangeEvents.notServed(request, mac.get(),
                client.nearestRelay(), noSubnet(), now));
    }

    /** The allocator for this message's IAs on the client's link. */
    private Allocator6 allocatorOn(Subnet6 link) {
        return new Allocator6(bindings, link, clientDuid(), mac, reservation, now);
    }

    /**
     * Answers every IA_NA and IA_PD of the request with the address or prefix the client should
     * have. With {@code commit}, the bindings are recorded (Request, Renew, Rebind, rapid commit);
     * without, they are only offered (Advertise). In a Renew or Rebind, addresses the client holds
     * that it should not are returned with zero lifetimes (RFC 9915 §18.3.4, §18.3.5); in a
     * Solicit or Request they are only hints, left out as Kea leaves them out. In every message, a
     * hint is given when the IA holds nothing and the hint is free in the link's pools, as Kea does.
     */
    private List<Option6> answerIas(Subnet6 link, boolean commit) {
        Allocator6 allocator = allocatorOn(link);
        List<Option6> answers = new ArrayList<>();
        for (Option6.IaNa ia : request.options().iaNas()) {
            answers.add(answerIaNa(allocator, link.leaseTimes(), ia, commit));
        }
        for (Option6.IaPd ia : request.options().iaPds()) {
            answers.add(answerIaPd(allocator, link.leaseTimes(), ia, commit));
        }
        return answers;
    }

    private Option6 answerIaNa(Allocator6 allocator, LeaseTimes6 times, Option6.IaNa ia, boolean commit) {
        Optional<Allocator6.Allocation> allocation = allocator.address(ia.iaid(), addresses(ia.options()));
        List<Option6> inside = new ArrayList<>();
        if (allocation.isEmpty()) {
            inside.add(Option6.StatusCode.of(Option6.StatusCode.NO_ADDRS_AVAIL, allocator.noAddressReason()));
            inside.addAll(namedAtZero(ia.options(), Optional.empty()));
            return new Option6.IaNa(ia.iaid(), 0, 0, new Options6(inside));
        }
        Inet6Address address = allocation.get().address();
        allocation.get().pool().ifPresent(pool -> poolOptions.add(pool.options()));
        inside.add(new Option6.IaAddress(address, times.preferredLifetime(), times.validLifetime(), Options6.NONE));
        List<Option6> withdrawn = namedAtZero(ia.options(), Optional.of(new Prefix6(address, 128)));
        inside.addAll(withdrawn);
        if (commit) {
            rows.add(allocator.bind(LeaseType.NA, ia.iaid(), address, 128));
            // As Kea: a binding of this subnet the client is told to stop using ends now, not at its old expiry
            rows.addAll(allocator.withdraw(LeaseType.NA, ia.iaid(), addressesOf(withdrawn)));
        }
        return new Option6.IaNa(ia.iaid(), times.renewTimer(), times.rebindTimer(), new Options6(inside));
    }

    private Option6 answerIaPd(Allocator6 allocator, LeaseTimes6 times, Option6.IaPd ia, boolean commit) {
        Optional<Allocator6.Delegation> delegation = allocator.prefix(ia.iaid(), prefixHints(ia.options()));
        List<Option6> inside = new ArrayList<>();
        if (delegation.isEmpty()) {
            inside.add(Option6.StatusCode.of(Option6.StatusCode.NO_PREFIX_AVAIL, "no prefix is available for this client"));
            inside.addAll(namedAtZero(ia.options(), Optional.empty()));
            return new Option6.IaPd(ia.iaid(), 0, 0, new Options6(inside));
        }
        Prefix6 prefix = delegation.get().prefix();
        delegation.get().pool().ifPresent(pool -> poolOptions.add(pool.options()));
        inside.add(new Option6.IaPrefix(times.preferredLifetime(), times.validLifetime(), prefix.length(),
                prefix.network(), Options6.NONE));
        List<Option6> withdrawn = namedAtZero(ia.options(), Optional.of(prefix));
        inside.addAll(withdrawn);
        if (commit) {
            rows.add(allocator.bind(LeaseType.PD, ia.iaid(), prefix.network(), prefix.length()));
            rows.addAll(allocator.withdraw(LeaseType.PD, ia.iaid(), addressesOf(withdrawn)));
        }
        return new Option6.IaPd(ia.iaid(), times.renewTimer(), times.rebindTimer(), new Options6(inside));
    }

    /**
     * In a Renew or Rebind, each address and prefix the IA names other than {@code given}, with
     * lifetimes 0, also when the IA gets nothing (as Kea answers); in other messages they are only
     * hints, left out.
     */
    private List<Option6> namedAtZero(Options6 iaOptions, Optional<Prefix6> given) {
        List<Option6> named = new ArrayList<>();
        if (!extending()) {
            return named;
        }
        for (Option6.IaAddress held : iaOptions.iaAddresses()) {
            if (given.isEmpty() || !given.get().equals(new Prefix6(held.address(), 128))) {
                named.add(new Option6.IaAddress(held.address(), 0, 0, Options6.NONE));
            }
        }
        for (Option6.IaPrefix held : iaOptions.iaPrefixes()) {
            if (given.isEmpty() || !given.get().network().equals(held.prefix())
                    || given.get().length() != held.prefixLength()) {
                named.add(new Option6.IaPrefix(0, 0, held.prefixLength(), held.prefix(), Options6.NONE));
            }
        }
        return named;
    }

    /** The addresses and prefixes of {@link #namedAtZero}'s options. */
    private static List<Inet6Address> addressesOf(List<Option6> named) {
        List<Inet6Address> addresses = new ArrayList<>();
        for (Option6 option : named) {
            if (option instanceof Option6.IaAddress held) {
                addresses.add(held.address());
            } else if (option instanceof Option6.IaPrefix held) {
                addresses.add(held.prefix());
            }
        }
        return addresses;
    }

    private boolean extending() {
        return request.type().equals(MessageType6.RENEW) || request.type().equals(MessageType6.REBIND);
    }

    /** Ends the bindings a Release names; one status per IA (RFC 9915 §18.3.7). */
    private List<Option6> releasedIas() {
        List<Option6> answers = new ArrayList<>();
        for (Option6.IaNa ia : request.options().iaNas()) {
            List<Lease6> ended = Allocator6.release(bindings, clientDuid(), LeaseType.NA, ia.iaid(),
                    addresses(ia.options()));
            rows.addAll(ended);
            answers.add(new Option6.IaNa(ia.iaid(), 0, 0, Options6.of(status(!ended.isEmpty(), "released"))));
        }
        for (Option6.IaPd ia : request.options().iaPds()) {
            List<Lease6> ended = Allocator6.release(bindings, clientDuid(), LeaseType.PD, ia.iaid(),
                    prefixes(ia.options()));
            rows.addAll(ended);
            answers.add(new Option6.IaPd(ia.iaid(), 0, 0, Options6.of(status(!ended.isEmpty(), "released"))));
        }
        return answers;
    }

    /** Records the addresses a Decline names as declined; one status per IA (RFC 9915 §18.3.8). */
    private List<Option6> declinedIas() {
        List<Option6> answers = new ArrayList<>();
        for (Option6.IaNa ia : request.options().iaNas()) {
            List<Lease6> declined = Allocator6.decline(bindings, clientDuid(), ia.iaid(), addresses(ia.options()), now);
            rows.addAll(declined);
            answers.add(new Option6.IaNa(ia.iaid(), 0, 0,
                    Options6.of(status(!declined.isEmpty(), "decline recorded"))));
        }
        return answers;
    }

    private static List<Inet6Address> addresses(Options6 iaOptions) {
        return iaOptions.iaAddresses().stream().map(Option6.IaAddress::address).toList();
    }

    /** The prefixes an IA_PD names that are prefixes at all (a length of at most 128, no bits beyond it). */
    private static List<Prefix6> prefixHints(Options6 iaOptions) {
        return iaOptions.iaPrefixes().stream().filter(p -> p.prefixLength() <= 128
                && new Prefix6(p.prefix(), p.prefixLength()).network().equals(p.prefix()))
                .map(p -> new Prefix6(p.prefix(), p.prefixLength())).toList();
    }

    private static List<Inet6Address> prefixes(Options6 iaOptions) {
        return iaOptions.iaPrefixes().stream().map(Option6.IaPrefix::prefix).toList();
    }

    private static Option6.StatusCode status(boolean found, String success) {
        return found ? Option6.StatusCode.of(Option6.StatusCode.SUCCESS, success)
                : Option6.StatusCode.of(Option6.StatusCode.NO_BINDING, "no binding for this IA");
    }

    /** The client's DUID: every message but an Information-Request has one (RFC 9915 §16, checked by the engine). */
    private Bytes clientDuid() {
        return request.options().clientId().orElseThrow().bytes();
    }

    /**
     * {@code answer}, then the boot options of the client's boot stage, then the configured
     * options the boot options do not replace (Kea's {@code appendRequestedOptions}).
     */
    private List<Option6> withConfiguration(List<Option6> answer) {
        List<Option6> boot = bootOptions();
        answer.addAll(boot);
        for (Option6 option : configuredOptions()) {
            if (boot.stream().noneMatch(given -> given.code() == option.code())) {
                answer.add(option);
            }
        }
        return answer;
    }

    /** The configured options for the reply, most specific level winning (Kea's {@code buildCfgOptionList}). */
    private List<Option6> configuredOptions() {
        List<List<ConfiguredOption<Option6>>> levels = new ArrayList<>();
        levels.add(config.options());
        subnet.ifPresent(s -> levels.add(s.options()));
        for (int i = poolOptions.size() - 1; i >= 0; i--) {
            levels.add(poolOptions.get(i));
        }
        reservation.ifPresent(r -> levels.add(r.options()));
        return OptionSelector.select(levels, request.options().requestedOptions());
    }

    /**
     * The boot options of the client's boot stage, unless its reservation names its own
     * {@code bootfile-url} (per-host boot, as provisioning systems need), which then comes with
     * the configured options.
     */
    private List<Option6> bootOptions() {
        boolean hostBootUrl = reservation.stream().flatMap(r -> r.options().stream())
                .anyMatch(option -> option.code() == Dhcp6Options.BOOTFILE_URL);
        if (mac.isEmpty() || hostBootUrl) {
            return List.of();
        }
        Optional<Inet6Address> server = config.netboot().serverAddress()
                .or(() -> client.relayed() ? Optional.empty() : globalAddressOf(inbound.interfaceName()));
        Inet6Address base = subnet.map(s -> s.macAddressing().map(m -> m.prefix().network()).orElse(s.prefix().network()))
                .orElseGet(() -> Addresses.parse6("::"));
        return BootOptions.forClient(config.netboot(), stage, request.options(), mac.get().mac(), server, base);
    }

    private Optional<Inet6Address> globalAddressOf(String interfaceName) {
        return interfaceAddresses.apply(interfaceName).stream()
                .filter(address -> !address.isLinkLocalAddress() && !address.isLoopbackAddress()).findFirst();
    }

    /**
     * The reply with Server and Client Identifier first, wrapped back through every relay, with
     * the lease rows recorded and the events of a client whose MAC is known.
     */
    private Outcome6 reply(MessageType6 type, List<Option6> body) {
        List<Option6> options = new ArrayList<>(body.size() + 2);
        options.add(Option6.serverId(settings.serverDuid()));
        request.options().get(Dhcp6Options.CLIENTID).ifPresent(options::add);
        options.addAll(body);
        Dhcp6Message message = new ClientServerMessage(type, request.transactionId(), new Options6(options));
        for (int i = client.relays().size() - 1; i >= 0; i--) {
            RelayMessage hop = client.relays().get(i);
            List<Option6> relayOptions = new ArrayList<>(3);
            // Kea echoes both: the relay needs its Interface-ID back (RFC 9915 §19.3) and its port.
            hop.options().get(Dhcp6Options.INTERFACE_ID).ifPresent(relayOptions::add);
            hop.options().get(Dhcp6Options.RELAY_SOURCE_PORT).ifPresent(relayOptions::add);
            relayOptions.add(new Option6.RelayedMessage(message));
            message = new RelayMessage(MessageType6.RELAY_REPL, hop.hopCount(), hop.linkAddress(), hop.peerAddress(),
                    new Options6(relayOptions));
        }
        int port;
        if (client.relayed()) {
            // RFC 8357: a relay that sent from another port than 547 says so, and is answered there.
            boolean ownPort = client.relays().get(0).options().has(Dhcp6Options.RELAY_SOURCE_PORT);
            port = ownPort ? inbound.sourcePort() : settings.serverPort();
        } else {
            port = settings.clientPort();
        }
        List<BootEvent> events = mac.map(found -> subnet.isPresent() || !rows.isEmpty()
                ? ExchangeEvents.of(request, !rows.isEmpty(), found, stage, body, client.nearestRelay(), now)
                : ExchangeEvents.notServed(request, found, client.nearestRelay(), noSubnet(), now)).orElse(List.of());
        Optional<UnattributedEvent> noMac = mac.isPresent() ? Optional.empty() : ExchangeEvents.noMac(request,
                !rows.isEmpty(), body, client.nearestRelay(), client.nearestRelay().map(RelayMessage::peerAddress)
                        .orElse(inbound.source()), link(), now);
        return new Outcome6.Reply(message, inbound.source(), port, inbound.interfaceName(), rows, events, noMac);
    }
}
