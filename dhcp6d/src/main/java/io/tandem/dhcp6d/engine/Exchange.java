package io.tandem.dhcp6d.engine;

import io.tandem.common.config.ConfiguredOption6;
import io.tandem.common.config.Prefix6;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.dhcp6d.config.AddressPool6;
import io.tandem.dhcp6d.config.Dhcp6Config;
import io.tandem.dhcp6d.config.LeaseTimes6;
import io.tandem.dhcp6d.config.PrefixPool6;
import io.tandem.dhcp6d.config.Reservation6;
import io.tandem.dhcp6d.config.Subnet6;
import java.net.Inet6Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One client message being answered: what is known about the client (subnet, MAC, reservation),
 * the IAs of the reply under construction and the lease rows to record before it leaves.
 */
final class Exchange {
    /** Kea's default {@code decline-probation-period}: how long a declined address stays recorded. */
    static final long DECLINE_PROBATION_SECONDS = 86_400;

    private final Dhcp6Config config;
    private final BindingTable bindings;
    private final Instant now;
    final ClientMessage client;
    final ClientServerMessage request;
    final Duid clientDuid;
    final Optional<Subnet6> subnet;
    final Optional<ClientMac> mac;
    final Optional<Reservation6> reservation;
    final List<Lease6> rows = new ArrayList<>();
    /** Addresses and prefixes given to an IA of this message: two IAs never get the same. */
    private final Set<Inet6Address> givenInThisMessage = new HashSet<>();
    /** The pool whose option-data applies, once an address came from one. */
    private Optional<List<ConfiguredOption6>> poolOptions = Optional.empty();

    Exchange(Dhcp6Config config, BindingTable bindings, Instant now, ClientMessage client, ClientServerMessage request,
            Optional<Subnet6> subnet, Optional<ClientMac> mac, Optional<Reservation6> reservation) {
        this.config = config;
        this.bindings = bindings;
        this.now = now;
        this.client = client;
        this.request = request;
        this.clientDuid = request.options().clientId().orElseThrow();
        this.subnet = subnet;
        this.mac = mac;
        this.reservation = reservation;
    }

    /**
     * Answers every IA_NA and IA_PD of the request with the address or prefix the client should
     * have. With {@code commit}, the bindings are recorded (Request, Renew, Rebind, rapid commit);
     * without, they are only offered (Advertise). In a Renew or Rebind, addresses the client holds
     * that it should not are returned with zero lifetimes (RFC 9915 §18.3.4, §18.3.5); in a
     * Solicit or Request they are only hints, left out as Kea leaves them out.
     */
    List<Option6> answerIas(boolean commit) {
        List<Option6> answers = new ArrayList<>();
        for (Option6.IaNa ia : request.options().iaNas()) {
            answers.add(answerIaNa(ia, commit));
        }
        for (Option6.IaPd ia : request.options().iaPds()) {
            answers.add(answerIaPd(ia, commit));
        }
        return answers;
    }

    private Option6 answerIaNa(Option6.IaNa ia, boolean commit) {
        Optional<Inet6Address> address = subnet.flatMap(s -> chooseAddress(s, ia.iaid()));
        if (address.isEmpty()) {
            return new Option6.IaNa(ia.iaid(), 0, 0, Options6.of(Option6.StatusCode.of(
                    Option6.StatusCode.NO_ADDRS_AVAIL, noAddressReason())));
        }
        givenInThisMessage.add(address.get());
        LeaseTimes6 times = subnet.get().leaseTimes();
        List<Option6> inside = new ArrayList<>();
        inside.add(new Option6.IaAddress(address.get(), times.preferredLifetime(), times.validLifetime(), Options6.NONE));
        for (Option6.IaAddress held : extending() ? ia.options().iaAddresses() : List.<Option6.IaAddress>of()) {
            if (!held.address().equals(address.get())) {
                inside.add(new Option6.IaAddress(held.address(), 0, 0, Options6.NONE));
            }
        }
        if (commit) {
            record(address.get(), LeaseType.NA, ia.iaid(), 128, times);
        }
        return new Option6.IaNa(ia.iaid(), times.renewTimer(), times.rebindTimer(), new Options6(inside));
    }

    private Option6 answerIaPd(Option6.IaPd ia, boolean commit) {
        Optional<Prefix6> prefix = subnet.flatMap(s -> choosePrefix(s, ia.iaid()));
        if (prefix.isEmpty()) {
            return new Option6.IaPd(ia.iaid(), 0, 0, Options6.of(Option6.StatusCode.of(
                    Option6.StatusCode.NO_PREFIX_AVAIL, "no prefix is available for this client")));
        }
        givenInThisMessage.add(prefix.get().network());
        LeaseTimes6 times = subnet.get().leaseTimes();
        List<Option6> inside = new ArrayList<>();
        inside.add(new Option6.IaPrefix(times.preferredLifetime(), times.validLifetime(), prefix.get().length(),
                prefix.get().network(), Options6.NONE));
        for (Option6.IaPrefix held : extending() ? ia.options().iaPrefixes() : List.<Option6.IaPrefix>of()) {
            if (!held.prefix().equals(prefix.get().network()) || held.prefixLength() != prefix.get().length()) {
                inside.add(new Option6.IaPrefix(0, 0, held.prefixLength(), held.prefix(), Options6.NONE));
            }
        }
        if (commit) {
            record(prefix.get().network(), LeaseType.PD, ia.iaid(), prefix.get().length(), times);
        }
        return new Option6.IaPd(ia.iaid(), times.renewTimer(), times.rebindTimer(), new Options6(inside));
    }

    private boolean extending() {
        return request.type().equals(MessageType6.RENEW) || request.type().equals(MessageType6.REBIND);
    }

    /**
     * The address for one IA_NA: a reserved address, else the subnet's fixed-MAC address, else
     * the address this IA already holds from a pool, else a free pool address.
     */
    private Optional<Inet6Address> chooseAddress(Subnet6 subnet, long iaid) {
        for (Inet6Address reserved : reservation.map(Reservation6::addresses).orElse(List.of())) {
            if (!givenInThisMessage.contains(reserved)) {
                return Optional.of(reserved);
            }
        }
        if (subnet.macAddressing().isPresent() && mac.isPresent()) {
            Inet6Address fixed = subnet.macAddressing().get().addressOf(mac.get().mac().bytes());
            if (!givenInThisMessage.contains(fixed)) {
                return Optional.of(fixed);
            }
        }
        for (Lease6 held : bindings.ofClient(clientDuid.bytes(), iaid, LeaseType.NA, now)) {
            for (AddressPool6 pool : subnet.pools()) {
                if (pool.range().contains(held.address()) && !givenInThisMessage.contains(held.address())) {
                    poolOptions = Optional.of(pool.options());
                    return Optional.of(held.address());
                }
            }
        }
        if (bindings.isFull()) {
            return Optional.empty();
        }
        for (AddressPool6 pool : subnet.pools()) {
            Optional<Inet6Address> free = PoolAllocator.address(pool.range(), clientDuid.bytes(), iaid,
                    candidate -> isFreeForClient(subnet, candidate));
            if (free.isPresent()) {
                poolOptions = Optional.of(pool.options());
                return free;
            }
        }
        return Optional.empty();
    }

    private Optional<Prefix6> choosePrefix(Subnet6 subnet, long iaid) {
        for (Prefix6 reserved : reservation.map(Reservation6::prefixes).orElse(List.of())) {
            if (!givenInThisMessage.contains(reserved.network())) {
                return Optional.of(reserved);
            }
        }
        for (Lease6 held : bindings.ofClient(clientDuid.bytes(), iaid, LeaseType.PD, now)) {
            for (PrefixPool6 pool : subnet.prefixPools()) {
                if (pool.prefix().contains(held.address()) && held.prefixLength() == pool.delegatedLength()
                        && !givenInThisMessage.contains(held.address())) {
                    return Optional.of(new Prefix6(held.address(), held.prefixLength()));
                }
            }
        }
        if (bindings.isFull()) {
            return Optional.empty();
        }
        for (PrefixPool6 pool : subnet.prefixPools()) {
            Optional<Inet6Address> free = PoolAllocator.prefix(pool.prefix(), pool.delegatedLength(),
                    clientDuid.bytes(), iaid, candidate -> isFreeForClient(subnet, candidate));
            if (free.isPresent()) {
                return Optional.of(new Prefix6(free.get(), pool.delegatedLength()));
            }
        }
        return Optional.empty();
    }

    /** A pool address is free when nobody else holds it and no reservation names it. */
    private boolean isFreeForClient(Subnet6 subnet, Inet6Address candidate) {
        if (givenInThisMessage.contains(candidate) || bindings.heldByOther(candidate, clientDuid.bytes(), now)) {
            return false;
        }
        for (Reservation6 other : subnet.reservations()) {
            if (other.addresses().contains(candidate)
                    || other.prefixes().stream().anyMatch(p -> p.network().equals(candidate))) {
                return false;
            }
        }
        return true;
    }

    private String noAddressReason() {
        if (subnet.isEmpty()) {
            return "no subnet is configured for this link";
        }
        if (subnet.get().macAddressing().isPresent() && mac.isEmpty() && subnet.get().pools().isEmpty()) {
            return "the client's MAC address could not be found and the subnet has no pool";
        }
        return "no address is available for this client";
    }

    private void record(Inet6Address address, LeaseType type, long iaid, int prefixLength, LeaseTimes6 times) {
        Lease6 lease = new Lease6(address, clientDuid.bytes(), times.validLifetime(),
                now.getEpochSecond() + times.validLifetime(), subnet.orElseThrow().id(), times.preferredLifetime(),
                type, iaid, prefixLength, false, false, reservation.flatMap(Reservation6::hostname).orElse(""),
                mac.map(found -> HardwareAddress.ethernet(found.mac().bytes(), found.source())), LeaseState.DEFAULT,
                "");
        bindings.put(lease);
        rows.add(lease);
    }

    /** Ends the bindings a Release names; one status per IA (RFC 9915 §18.3.7). */
    List<Option6> release() {
        List<Option6> answers = new ArrayList<>();
        for (Option6.IaNa ia : request.options().iaNas()) {
            boolean found = endBindings(LeaseType.NA, ia.iaid(), addresses(ia.options()), false);
            answers.add(new Option6.IaNa(ia.iaid(), 0, 0, Options6.of(status(found, "released"))));
        }
        for (Option6.IaPd ia : request.options().iaPds()) {
            boolean found = endBindings(LeaseType.PD, ia.iaid(), prefixes(ia.options()), false);
            answers.add(new Option6.IaPd(ia.iaid(), 0, 0, Options6.of(status(found, "released"))));
        }
        return answers;
    }

    /** Records the addresses a Decline names as declined; one status per IA (RFC 9915 §18.3.8). */
    List<Option6> decline() {
        List<Option6> answers = new ArrayList<>();
        for (Option6.IaNa ia : request.options().iaNas()) {
            boolean found = endBindings(LeaseType.NA, ia.iaid(), addresses(ia.options()), true);
            answers.add(new Option6.IaNa(ia.iaid(), 0, 0, Options6.of(status(found, "decline recorded"))));
        }
        return answers;
    }

    private static List<Inet6Address> addresses(Options6 iaOptions) {
        return iaOptions.iaAddresses().stream().map(Option6.IaAddress::address).toList();
    }

    private static List<Inet6Address> prefixes(Options6 iaOptions) {
        return iaOptions.iaPrefixes().stream().map(Option6.IaPrefix::prefix).toList();
    }

    private static Option6.StatusCode status(boolean found, String success) {
        return found ? Option6.StatusCode.of(Option6.StatusCode.SUCCESS, success)
                : Option6.StatusCode.of(Option6.StatusCode.NO_BINDING, "no binding for this IA");
    }

    private boolean endBindings(LeaseType type, long iaid, List<Inet6Address> addresses, boolean declined) {
        boolean found = false;
        for (Inet6Address address : addresses) {
            Optional<Lease6> lease = bindings.get(new Lease6.Binding(address, clientDuid.bytes(), iaid, type));
            if (lease.isEmpty()) {
                continue;
            }
            found = true;
            bindings.remove(lease.get().binding());
            Lease6 ended = declined ? declinedRow(lease.get()) : lease.get().released();
            if (declined) {
                bindings.put(ended);
            }
            rows.add(ended);
        }
        return found;
    }

    /** Kea 2.2's row for a declined address: no client, state 1, held for the probation period. */
    private Lease6 declinedRow(Lease6 lease) {
        return new Lease6(lease.address(), Lease6.EMPTY_DUID, DECLINE_PROBATION_SECONDS,
                now.getEpochSecond() + DECLINE_PROBATION_SECONDS, lease.subnetId(), 0, lease.type(), 0,
                lease.prefixLength(), false, false, "", Optional.empty(), LeaseState.DECLINED, "");
    }

    /** Whether every address of a Confirm is on the client's link (RFC 9915 §18.3.3); empty if it names none. */
    Optional<Boolean> confirmOnLink() {
        List<Inet6Address> named = new ArrayList<>();
        request.options().iaNas().forEach(ia -> named.addAll(addresses(ia.options())));
        if (named.isEmpty() || subnet.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(named.stream().allMatch(subnet.get().prefix()::contains));
    }

    /** The configured options for the reply, most specific level winning. */
    List<Option6> configuredOptions() {
        List<List<ConfiguredOption6>> levels = new ArrayList<>();
        levels.add(config.options());
        subnet.ifPresent(s -> levels.add(s.options()));
        poolOptions.ifPresent(levels::add);
        reservation.ifPresent(r -> levels.add(r.options()));
        return OptionSelector.select(levels, request.options().requestedOptions());
    }
}
