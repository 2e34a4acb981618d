package io.tandem.dhcp4o6d.engine;

import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.engine.Refused;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp4.Options4;
import io.tandem.dhcp4o6d.config.BootFields;
import io.tandem.dhcp4o6d.config.LeaseTimes4;
import io.tandem.dhcp4o6d.config.Subnet4;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One DHCPv4 message from one client, answered by its RFC 2131 §4.3 recipe: DHCPDISCOVER →
 * DHCPOFFER; DHCPREQUEST in SELECTING, INIT-REBOOT, RENEWING or REBINDING → DHCPACK or DHCPNAK;
 * DHCPDECLINE and DHCPRELEASE recorded without an answer; DHCPINFORM → DHCPACK without a lease.
 *
 * <p>Whom a server without a record of the client answers: INIT-REBOOT clients the server knows
 * nothing about (no lease on their network, no reservation) are left alone (RFC 2131 §4.3.2: "MUST
 * remain silent"), unless the subnet is {@code authoritative} (Kea's key), when the address is
 * checked like any other; RENEWING and REBINDING clients get their address when it is still free
 * (a lost record is rebuilt), as from Kea 2.2. As Kea 2.2 does, a request for an address in no pool
 * of the client's network (and not reserved for it) is left alone in every state, for the server
 * whose address it is; a known INIT-REBOOT client asking for another address than its lease's is NAKed.
 */
final class Exchange4 {
    private final Dhcp4o6Engine.Snapshot snapshot;
    private final LeaseTable4 leases;
    private final Allocator4 allocator;
    private final HostInterfaces interfaces;
    private final Query4o6 query;
    private final Dhcp4Message request;
    private final Options4 options;
    private final ClientIdentity client;
    private final SubnetSelector4o6.Selection selection;
    private final List<Subnet4> subnets;
    private final Optional<HostIndex.Host> host;
    private final Instant now;

    Exchange4(Dhcp4o6Engine.Snapshot snapshot, LeaseTable4 leases, Allocator4 allocator, HostInterfaces interfaces,
              Query4o6 query, ClientIdentity client, SubnetSelector4o6.Selection selection, Instant now) {
        this.snapshot = snapshot;
        this.leases = leases;
        this.allocator = allocator;
        this.interfaces = interfaces;
        this.query = query;
        this.request = query.message();
        this.options = request.options();
        this.client = client;
        this.selection = selection;
        this.subnets = selection.subnets();
        this.host = snapshot.hosts().find(client, subnets);
        this.now = now;
    }

    /** RFC 2131 §4.3.1: an address for the client, held for it a short while. */
    Outcome4 discover() throws Refused {
        Allocator4.Allocation allocation = allocator.offer(client, subnets, host, options.requestedAddress(), leases,
                snapshot.hosts(), now).orElseThrow(() -> new Refused(DropReason4.NO_ADDRESS_AVAILABLE,
                "no address free for " + client + " in subnets " + ids()));
        Outcome4.Reply offer = leaseReply(MessageType4.OFFER, allocation, List.of(), "DISCOVER");
        leases.hold(allocation.address(), client, now.plus(Dhcp4o6Engine.OFFER_HOLD), now);
        return offer;
    }

    /** RFC 2131 §4.3.2: the client's state follows from the server identifier, requested address, ciaddr and the U flag. */
    Outcome4 request() throws Refused {
        Optional<Inet4Address> serverId = options.serverIdentifier();
        Optional<Inet4Address> requested = options.requestedAddress();
        Optional<Inet4Address> ciaddr = Optional.of(request.ciaddr()).filter(address -> !address.isAnyLocalAddress());
        if (serverId.isPresent()) {
            Optional<Inet4Address> target = requested.or(() -> ciaddr);
            Subnet4 subnet = target.flatMap(this::subnetOf).orElse(selection.chosen());
            if (!serverId.get().equals(serverIdentifier(subnet))) {
                leases.releaseOffers(client);
                throw new Refused(DropReason4.OTHER_SERVER, "SELECTING " + client + " chose server "
                        + Addresses.text(serverId.get()));
            }
            if (target.isEmpty()) {
                return nak("SELECTING", "no requested address");
            }
            requireKnownAddress("SELECTING", target.get());
            return commit("SELECTING", target.get());
        }
        if (requested.isPresent() && ciaddr.isEmpty()) {
            return initReboot(requested.get());
        }
        if (ciaddr.isPresent()) {
            return renewOrRebind(ciaddr.get());
        }
        throw new Refused(DropReason4.INCOMPLETE_MESSAGE, "DHCPREQUEST from " + client
                + " with neither a server identifier, a requested address nor ciaddr");
    }

    private Outcome4 initReboot(Inet4Address address) throws Refused {
        Optional<Lease4> lease = leases.ofClient(client, ids(), now);
        boolean known = lease.isPresent() || reservedAddress().isPresent();
        if (!known && !selection.chosen().authoritative()) {
            throw new Refused(DropReason4.UNKNOWN_CLIENT, "INIT-REBOOT " + client + " for "
                    + Addresses.text(address) + ": no record of the client, and the subnet is not authoritative");
        }
        if (subnetOf(address).isEmpty()) {
            return nak("INIT-REBOOT", Addresses.text(address) + " is not on the client's network " + networks());
        }
        if (lease.isPresent() && !lease.get().address().equals(address)) {
            return nak("INIT-REBOOT", "the client's lease is " + Addresses.text(lease.get().address()) + ", not "
                    + Addresses.text(address));
        }
        requireKnownAddress("INIT-REBOOT", address);
        return commit("INIT-REBOOT", address);
    }

    private Outcome4 renewOrRebind(Inet4Address address) throws Refused {
        String state = query.unicast() ? "RENEWING" : "REBINDING";
        requireKnownAddress(state, address);
        return commit(state, address);
    }

    /** Refuses (no answer) a request for an address in no pool of the client's network and not reserved for it. */
    private void requireKnownAddress(String state, Inet4Address address) throws Refused {
        boolean pooled = subnets.stream().flatMap(subnet -> subnet.pools().stream())
                .anyMatch(pool -> pool.range().contains(address));
        if (!pooled && reservedAddress().filter(address::equals).isEmpty()) {
            throw new Refused(DropReason4.UNKNOWN_ADDRESS, state + " " + client + " for " + Addresses.text(address)
                    + ": in no pool of the client's network " + networks() + ", and not reserved for it");
        }
    }

    /** DHCPACK with a new lease row when the client may have {@code address}, else DHCPNAK. */
    private Outcome4 commit(String state, Inet4Address address) throws Refused {
        Optional<Allocator4.Allocation> allocation = allocator.permit(client, address, subnets, host, leases,
                snapshot.hosts(), now);
        if (allocation.isEmpty()) {
            return nak(state, Addresses.text(address) + " is not available to the client");
        }
        Subnet4 subnet = allocation.get().subnet();
        long valid = subnet.leaseTimes().leaseTime(options.leaseTime());
        Lease4 row = new Lease4(address, client.hwaddr(), client.clientId().orElse(Bytes.EMPTY), valid,
                now.getEpochSecond() + valid, subnet.id(), false, false, hostname().orElse(""), LeaseState.DEFAULT, "");
        List<Lease4> rows = new ArrayList<>(2);
        // One lease per client on its link, as Kea keeps it: a lease of another address ends.
        Optional<Lease4> previous = leases.ofClient(client, ids(), now).filter(old -> !old.address().equals(address));
        previous.ifPresent(old -> rows.add(old.released()));
        rows.add(row);
        Outcome4.Reply ack = leaseReply(MessageType4.ACK, allocation.get(), rows, state);
        previous.ifPresent(old -> leases.remove(old.address()));
        leases.put(row);
        leases.releaseOffers(client);
        return ack;
    }

    /** RFC 2131 §4.3.3: the address is set aside for {@code decline-probation-period}; no answer. */
    Outcome4 decline() throws Refused {
        Inet4Address address = options.requestedAddress().orElseThrow(() -> new Refused(
                DropReason4.INCOMPLETE_MESSAGE, "DHCPDECLINE from " + client + " without a requested address"));
        checkServerIdentifier("DHCPDECLINE", address);
        Lease4 lease = clientLease(address, "DHCPDECLINE");
        long probation = snapshot.config().declineProbationPeriod();
        Lease4 row = new Lease4(address, Bytes.EMPTY, Bytes.EMPTY, probation, now.getEpochSecond() + probation,
                lease.subnetId(), false, false, "", LeaseState.DECLINED, "");
        leases.put(row);
        return new Outcome4.Recorded(List.of(row), () -> "DHCPDECLINE " + Addresses.text(address) + " by " + client
                + ": set aside for " + probation + " s");
    }

    /** RFC 2131 §4.3.4: the lease ends, recorded as Kea 2.2 records it (valid lifetime 0); no answer. */
    Outcome4 release() throws Refused {
        Inet4Address address = Optional.of(request.ciaddr()).filter(a -> !a.isAnyLocalAddress()).orElseThrow(() ->
                new Refused(DropReason4.INCOMPLETE_MESSAGE, "DHCPRELEASE from " + client + " without ciaddr"));
        checkServerIdentifier("DHCPRELEASE", address);
        Lease4 row = clientLease(address, "DHCPRELEASE").released();
        leases.remove(address);
        return new Outcome4.Recorded(List.of(row), () -> "DHCPRELEASE " + Addresses.text(address) + " by " + client);
    }

    /** RFC 2131 §4.3.5: configuration without a lease, for a client that has its address already. */
    Outcome4 inform() throws Refused {
        Subnet4 subnet = subnetOf(request.ciaddr()).orElse(selection.chosen());
        // The configured options only: Kea 2.2 sends no subnet mask (option 1) in the DHCPACK to a DHCPINFORM.
        List<Option4> replyOptions = new ArrayList<>(Replies4.configured(levels(subnet, Optional.empty()),
                options.parameterRequestList()));
        addIdentifiers(replyOptions, subnet);
        Dhcp4Message reply = Replies4.reply(request, MessageType4.ACK, request.ciaddr(), Dhcp4Message.ANY,
                boot(subnet), replyOptions);
        return new Outcome4.Reply(Response4o6.to(query, reply), reply, List.of(), () -> "DHCPINFORM from " + client
                + " answered from subnet " + subnet.id());
    }

    /**
     * A DHCPINFORM from a link no subnet holds: the top level's options, as Kea 2.2 answers it
     * (RFC 2131 §4.3.5 asks no lease for it); the server identifier configured at the top level,
     * else the first IPv4 address of the interface the partner received the query on.
     */
    static Outcome4 informWithoutSubnet(Dhcp4o6Engine.Snapshot snapshot, HostInterfaces interfaces, Query4o6 query,
                                        ClientIdentity client) throws Refused {
        Dhcp4Message request = query.message();
        List<Option4> replyOptions = new ArrayList<>(Replies4.configured(List.of(snapshot.config().options()),
                request.options().parameterRequestList()));
        Optional<Inet4Address> configured = snapshot.config().options().stream()
                .filter(o -> o.code() == Dhcp4Options.SERVER_IDENTIFIER && !o.neverSend())
                .map(ConfiguredOption::option).filter(Option4.Address.class::isInstance)
                .map(o -> ((Option4.Address) o).address()).findFirst();
        Inet4Address identifier = configured.or(() -> interfaces.addresses(query.interfaceName()).stream()
                .filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast).findFirst())
                .orElseThrow(() -> new Refused(DropReason4.NO_SERVER_IDENTIFIER, "no dhcp-server-identifier at the"
                        + " top level and interface " + query.interfaceName() + " has no IPv4 address"));
        replyOptions.add(new Option4.Address(Dhcp4Options.SERVER_IDENTIFIER, identifier));
        if (snapshot.config().echoClientId()) {
            request.options().get(Dhcp4Options.CLIENT_IDENTIFIER).ifPresent(replyOptions::add);
        }
        Dhcp4Message reply = Replies4.reply(request, MessageType4.ACK, request.ciaddr(), Dhcp4Message.ANY,
                BootFields.NONE, replyOptions);
        return new Outcome4.Reply(Response4o6.to(query, reply), reply, List.of(), () -> "DHCPINFORM from " + client
                + " answered with the top level's options: no subnet for its link");
    }

    /** A DHCPOFFER or DHCPACK of {@code allocation}, with the lease rows to record (the new lease last). */
    private Outcome4.Reply leaseReply(MessageType4 type, Allocator4.Allocation allocation, List<Lease4> rows,
                                      String state) throws Refused {
        Subnet4 subnet = allocation.subnet();
        LeaseTimes4 times = subnet.leaseTimes();
        long valid = rows.isEmpty() ? times.leaseTime(options.leaseTime()) : rows.get(rows.size() - 1).validLifetime();
        List<Option4> replyOptions = new ArrayList<>(Replies4.configured(levels(subnet, allocation.pool()
                .map(pool -> pool.options())), options.parameterRequestList()));
        replyOptions.add(new Option4.Address(Dhcp4Options.SUBNET_MASK, subnet.prefix().mask()));
        replyOptions.add(new Option4.Uint32(Dhcp4Options.LEASE_TIME, valid));
        LeaseTimes4.Timers timers = times.timers(valid);
        timers.renew().ifPresent(t1 -> replyOptions.add(new Option4.Uint32(Dhcp4Options.RENEWAL_TIME, t1)));
        timers.rebind().ifPresent(t2 -> replyOptions.add(new Option4.Uint32(Dhcp4Options.REBINDING_TIME, t2)));
        hostname().filter(name -> options.has(Dhcp4Options.HOST_NAME)
                        || options.parameterRequestList().contains(Dhcp4Options.HOST_NAME))
                .ifPresent(name -> replyOptions.add(Option4.Text.of(Dhcp4Options.HOST_NAME, name)));
        addIdentifiers(replyOptions, subnet);
        Inet4Address ciaddr = type.equals(MessageType4.ACK) ? request.ciaddr() : Dhcp4Message.ANY;
        Dhcp4Message reply = Replies4.reply(request, type, ciaddr, allocation.address(), boot(subnet), replyOptions);
        return new Outcome4.Reply(Response4o6.to(query, reply), reply, rows,
                () -> state + " " + type + " " + Addresses.text(allocation.address()) + " to " + client + " in subnet "
                        + subnet.id() + " (" + selection.rule() + ")");
    }

    private Outcome4.Reply nak(String state, String why) throws Refused {
        List<Option4> replyOptions = new ArrayList<>();
        addIdentifiers(replyOptions, selection.chosen());
        Dhcp4Message reply = Replies4.reply(request, MessageType4.NAK, Dhcp4Message.ANY, Dhcp4Message.ANY,
                BootFields.NONE, replyOptions);
        return new Outcome4.Reply(Response4o6.to(query, reply), reply, List.of(), () -> state + " DHCPNAK to " + client
                + ": " + why);
    }

    /** The server identifier (54), and the client identifier (61) echoed as Kea's {@code echo-client-id} says. */
    private void addIdentifiers(List<Option4> replyOptions, Subnet4 subnet) throws Refused {
        replyOptions.add(new Option4.Address(Dhcp4Options.SERVER_IDENTIFIER, serverIdentifier(subnet)));
        if (snapshot.config().echoClientId()) {
            options.get(Dhcp4Options.CLIENT_IDENTIFIER).ifPresent(replyOptions::add);
        }
    }

    /**
     * The configured {@code dhcp-server-identifier} of the subnet (or its shared network, or the
     * top level); else, as Kea does, the first IPv4 address of the interface the partner received
     * the query on.
     */
    private Inet4Address serverIdentifier(Subnet4 subnet) throws Refused {
        Optional<ConfiguredOption<Option4>> configured = subnet.serverIdentifierOption();
        if (configured.isEmpty()) {
            configured = ConfiguredOption.firstSent(snapshot.config().options(), Dhcp4Options.SERVER_IDENTIFIER);
        }
        if (configured.isPresent() && configured.get().option() instanceof Option4.Address address) {
            return address.address();
        }
        for (InetAddress address : interfaces.addresses(query.interfaceName())) {
            if (address instanceof Inet4Address v4) {
                return v4;
            }
        }
        throw new Refused(DropReason4.NO_SERVER_IDENTIFIER, "subnet " + subnet.id() + " has no dhcp-server-identifier"
                + " and interface " + query.interfaceName() + " has no IPv4 address");
    }

    private void checkServerIdentifier(String what, Inet4Address address) throws Refused {
        Optional<Inet4Address> named = options.serverIdentifier();
        if (named.isPresent() && !named.get().equals(serverIdentifier(subnetOf(address).orElse(selection.chosen())))) {
            throw new Refused(DropReason4.OTHER_SERVER, what + " from " + client + " for server "
                    + Addresses.text(named.get()));
        }
    }

    private Lease4 clientLease(Inet4Address address, String what) throws Refused {
        return leases.at(address).filter(lease -> lease.state() == LeaseState.DEFAULT && client.owns(lease))
                .orElseThrow(() -> new Refused(DropReason4.UNKNOWN_LEASE, what + " of " + Addresses.text(address)
                        + " by " + client + ", which holds no lease of it"));
    }

    /** Options from the most specific level: reservation, pool, subnet (with its shared network's), top level. */
    private List<List<ConfiguredOption<Option4>>> levels(Subnet4 subnet, Optional<List<ConfiguredOption<Option4>>> pool) {
        List<List<ConfiguredOption<Option4>>> levels = new ArrayList<>(4);
        hostHere(subnet).ifPresent(h -> levels.add(h.reservation().options()));
        pool.ifPresent(levels::add);
        levels.add(subnet.options());
        levels.add(snapshot.config().options());
        return levels;
    }

    private BootFields boot(Subnet4 subnet) {
        return hostHere(subnet).map(h -> h.reservation().boot().over(subnet.boot())).orElse(subnet.boot());
    }

    /** The client's reservation if it applies in {@code subnet}: one of that subnet, or a global one. */
    private Optional<HostIndex.Host> hostHere(Subnet4 subnet) {
        return host.filter(h -> h.subnet().map(s -> s.id() == subnet.id()).orElse(true));
    }

    private Optional<String> hostname() {
        return host.flatMap(h -> h.reservation().hostname());
    }

    private Optional<Inet4Address> reservedAddress() {
        return host.flatMap(h -> h.addressIn(subnets));
    }

    private Optional<Subnet4> subnetOf(Inet4Address address) {
        return subnets.stream().filter(subnet -> subnet.prefix().contains(address)).findFirst();
    }

    private Set<Long> ids() {
        return subnets.stream().map(Subnet4::id).collect(Collectors.toSet());
    }

    private String networks() {
        return subnets.stream().map(subnet -> subnet.prefix().toString()).collect(Collectors.joining(", "));
    }
}
