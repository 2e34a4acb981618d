package io.tandem.common.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.config.HexText;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Leases as Kea's lease commands show them ({@code lease6-get}, {@code lease4-get}, ...), for
 * {@code GET /leases} and the control commands: the same keys, so that tools written for Kea read
 * them. The lease commands read a {@link LeaseSource} (the daemon's table, or the lease database
 * when that is the backend), off the packet path.
 */
public final class LeaseJson {
    private LeaseJson() {
    }

    public static ObjectNode of(Lease6 lease) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("cltt", lease.cltt());
        json.put("duid", lease.duid().colonHex());
        json.put("fqdn-fwd", lease.fqdnForward());
        json.put("fqdn-rev", lease.fqdnReverse());
        json.put("hostname", lease.hostname());
        lease.hardwareAddress().ifPresent(hw -> json.put("hw-address", hw.address().colonHex()));
        json.put("iaid", lease.iaid());
        json.put("ip-address", Addresses.text(lease.address()));
        json.put("preferred-lft", lease.preferredLifetime());
        if (lease.type() == LeaseType.PD) {
            json.put("prefix-len", lease.prefixLength());
        }
        json.put("state", lease.state().code());
        json.put("subnet-id", lease.subnetId());
        json.put("type", "IA_" + lease.type().name());
        json.put("valid-lft", lease.validLifetime());
        return json;
    }

    public static ObjectNode of(Lease4 lease) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (!lease.clientId().isEmpty()) {
            json.put("client-id", lease.clientId().colonHex());
        }
        json.put("cltt", lease.cltt());
        json.put("fqdn-fwd", lease.fqdnForward());
        json.put("fqdn-rev", lease.fqdnReverse());
        json.put("hostname", lease.hostname());
        json.put("hw-address", lease.hwaddr().colonHex());
        json.put("ip-address", Addresses.text(lease.address()));
        json.put("state", lease.state().code());
        json.put("subnet-id", lease.subnetId());
        json.put("valid-lft", lease.validLifetime());
        return json;
    }

    /** The MAC of an IPv6 lease: its hardware address, when it has one of six bytes. */
    public static Optional<MacAddress> mac(Lease6 lease) {
        return lease.hardwareAddress().flatMap(hw -> MacAddress.of(hw.address()));
    }

    /** The MAC of an IPv4 lease: its {@code chaddr}, else a client identifier of type 1 holding one. */
    public static Optional<MacAddress> mac(Lease4 lease) {
        Optional<MacAddress> mac = MacAddress.of(lease.hwaddr());
        Bytes id = lease.clientId();
        if (mac.isEmpty() && id.length() == 7 && id.get(0) == 1) {
            mac = MacAddress.of(id.slice(1, 7));
        }
        return mac;
    }

    /**
     * {@code GET /leases}: {@code {"family": 6, "leases": [...]}}, of one MAC when {@code mac} is
     * given, with {@code "truncated": true} when the lease database held more than one read returns.
     */
    public static ObjectNode leases6(LeaseSource<Lease6> leases, Optional<MacAddress> mac) throws IOException {
        return listing(6, leases, mac, LeaseJson::mac, LeaseJson::of);
    }

    public static ObjectNode leases4(LeaseSource<Lease4> leases, Optional<MacAddress> mac) throws IOException {
        return listing(4, leases, mac, LeaseJson::mac, LeaseJson::of);
    }

    private static <L> ObjectNode listing(int family, LeaseSource<L> leases, Optional<MacAddress> mac,
                                          Function<L, Optional<MacAddress>> macOf, Function<L, ObjectNode> json)
            throws IOException {
        LeaseSource.Read<L> read = leases.read(mac.<LeaseSource.Key>map(LeaseSource.Key.Mac::new)
                .orElse(new LeaseSource.Key.All()));
        ObjectNode listing = JsonNodeFactory.instance.objectNode();
        listing.put("family", family);
        listing.putArray("leases").addAll(read.leases().stream()
                .filter(lease -> mac.isEmpty() || mac.equals(macOf.apply(lease))).map(json).toList());
        if (!read.complete()) {
            listing.put("truncated", true);
        }
        return listing;
    }

    /** A lease command that reads leases: a lease database that cannot be read is its error (result 1). */
    @FunctionalInterface
    private interface Reading {
        ControlResult run(JsonNode arguments) throws ControlResult.BadArguments, IOException;
    }

    private static ControlCommand reading(Reading command) {
        return arguments -> {
            try {
                return command.run(arguments);
            } catch (IOException e) {
                return ControlResult.error(e.getMessage());
            }
        };
    }

    /** The leases {@code key} names that {@code match}, and whether the read was complete. */
    private static <L> LeaseSource.Read<L> matching(LeaseSource<L> leases, LeaseSource.Key key, Predicate<L> match)
            throws IOException {
        LeaseSource.Read<L> read = leases.read(key);
        return new LeaseSource.Read<>(read.leases().stream().filter(match).toList(), read.complete());
    }

    /**
     * Adds Kea's {@code lease6-get}, {@code lease6-get-all}, {@code lease6-get-by-hw-address} and
     * {@code lease6-get-by-duid}, which read {@code leases}.
     */
    public static void addLease6Commands(ControlChannel channel, LeaseSource<Lease6> leases) {
        channel.add("lease6-get", reading(arguments -> {
            Predicate<Lease6> match;
            LeaseSource.Key key;
            String type = optionalText(arguments, "type").orElse("IA_NA");
            if (!type.equals("IA_NA") && !type.equals("IA_PD")) {
                throw new ControlResult.BadArguments("type is IA_NA or IA_PD, not " + type);
            }
            LeaseType wanted = type.equals("IA_PD") ? LeaseType.PD : LeaseType.NA;
            if (arguments.has("ip-address")) {
                Inet6Address address = address6(text(arguments, "ip-address"));
                key = new LeaseSource.Key.Address(address);
                match = lease -> lease.address().equals(address) && lease.type() == wanted;
            } else if (arguments.has("identifier")) {
                if (!optionalText(arguments, "identifier-type").orElse("").equals("duid")) {
                    throw new ControlResult.BadArguments("identifier-type is duid for lease6-get");
                }
                Bytes duid = hex(text(arguments, "identifier"));
                long subnet = number(arguments, "subnet-id");
                long iaid = number(arguments, "iaid");
                key = new LeaseSource.Key.Duid(duid);
                match = lease -> lease.duid().equals(duid) && lease.subnetId() == subnet && lease.iaid() == iaid
                        && lease.type() == wanted;
            } else {
                throw new ControlResult.BadArguments("missing parameter 'ip-address' (or 'identifier-type',"
                        + " 'identifier', 'subnet-id' and 'iaid')");
            }
            return matching(leases, key, match).leases().stream().reduce((first, second) -> second)
                    .map(lease -> ControlResult.success("IPv6 lease found.", of(lease)))
                    .orElse(ControlResult.empty("Lease not found."));
        }));
        channel.add("lease6-get-all", getAll(6, leases, Lease6::subnetId, LeaseJson::of));
        channel.add("lease6-get-by-hw-address", reading(arguments -> {
            Bytes hw = hex(text(arguments, "hw-address"));
            return found(6, matching(leases, new LeaseSource.Key.HwAddress(hw), lease -> lease.hardwareAddress()
                    .map(address -> address.address().equals(hw)).orElse(false)), LeaseJson::of);
        }));
        channel.add("lease6-get-by-duid", reading(arguments -> {
            Bytes duid = hex(text(arguments, "duid"));
            return found(6, matching(leases, new LeaseSource.Key.Duid(duid), lease -> lease.duid().equals(duid)),
                    LeaseJson::of);
        }));
    }

    /** Adds Kea's {@code lease4-get}, {@code lease4-get-all} and {@code lease4-get-by-hw-address}, which read {@code leases}. */
    public static void addLease4Commands(ControlChannel channel, LeaseSource<Lease4> leases) {
        channel.add("lease4-get", reading(arguments -> {
            Predicate<Lease4> match;
            LeaseSource.Key key;
            if (arguments.has("ip-address")) {
                Inet4Address address = address4(text(arguments, "ip-address"));
                key = new LeaseSource.Key.Address(address);
                match = lease -> lease.address().equals(address);
            } else if (arguments.has("identifier")) {
                String kind = optionalText(arguments, "identifier-type").orElse("");
                Bytes identifier = hex(text(arguments, "identifier"));
                long subnet = number(arguments, "subnet-id");
                if (kind.equals("hw-address")) {
                    key = new LeaseSource.Key.HwAddress(identifier);
                    match = lease -> lease.hwaddr().equals(identifier) && lease.subnetId() == subnet;
                } else if (kind.equals("client-id")) {
                    key = new LeaseSource.Key.ClientId(identifier);
                    match = lease -> lease.clientId().equals(identifier) && lease.subnetId() == subnet;
                } else {
                    throw new ControlResult.BadArguments("identifier-type is hw-address or client-id, not '"
                            + kind + "'");
                }
            } else {
                throw new ControlResult.BadArguments("missing parameter 'ip-address' (or 'identifier-type',"
                        + " 'identifier' and 'subnet-id')");
            }
            return matching(leases, key, match).leases().stream().reduce((first, second) -> second)
                    .map(lease -> ControlResult.success("IPv4 lease found.", of(lease)))
                    .orElse(ControlResult.empty("Lease not found."));
        }));
        channel.add("lease4-get-all", getAll(4, leases, Lease4::subnetId, LeaseJson::of));
        channel.add("lease4-get-by-hw-address", reading(arguments -> {
            Bytes hw = hex(text(arguments, "hw-address"));
            return found(4, matching(leases, new LeaseSource.Key.HwAddress(hw), lease -> lease.hwaddr().equals(hw)),
                    LeaseJson::of);
        }));
    }

    /** Kea's {@code lease6-get-all} or {@code lease4-get-all}: every lease, or those of the {@code subnets} listed. */
    private static <L> ControlCommand getAll(int family, LeaseSource<L> leases, Function<L, Long> subnetOf,
                                             Function<L, ObjectNode> json) {
        return reading(arguments -> {
            Optional<Set<Long>> subnets = subnets(arguments);
            return found(family, matching(leases, subnets.<LeaseSource.Key>map(LeaseSource.Key.Subnets::new)
                    .orElse(new LeaseSource.Key.All()), lease -> subnets.isEmpty()
                    || subnets.get().contains(subnetOf.apply(lease))), json);
        });
    }

    /** Kea's answer to a listing command: {@code "N IPv6 lease(s) found."} and the leases, result 3 when none. */
    private static <L> ControlResult found(int family, LeaseSource.Read<L> read, Function<L, ObjectNode> json) {
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        ArrayNode array = arguments.putArray("leases");
        read.leases().forEach(lease -> array.add(json.apply(lease)));
        String text = read.leases().size() + " IPv" + family + " lease(s) found" + (read.complete() ? "."
                : "; the lease database holds more than the " + LeaseSource.DATABASE_LIMIT + " rows one command reads.");
        return read.leases().isEmpty() ? ControlResult.empty(text, arguments) : ControlResult.success(text, arguments);
    }

    /** Kea's optional {@code "subnets": [1, 2]} of {@code lease*-get-all}. */
    private static Optional<Set<Long>> subnets(JsonNode arguments) throws ControlResult.BadArguments {
        JsonNode value = arguments.get("subnets");
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw new ControlResult.BadArguments("'subnets' parameter must be a list");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (JsonNode id : value) {
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw new ControlResult.BadArguments("listed subnet identifiers must be numbers");
            }
            ids.add(id.asLong());
        }
        return Optional.of(ids);
    }

    private static String text(JsonNode arguments, String key) throws ControlResult.BadArguments {
        JsonNode value = arguments.get(key);
        if (value == null) {
            throw new ControlResult.BadArguments("missing parameter '" + key + "'");
        }
        if (!value.isTextual()) {
            throw new ControlResult.BadArguments("'" + key + "' is not a string");
        }
        return value.asText();
    }

    private static Optional<String> optionalText(JsonNode arguments, String key) throws ControlResult.BadArguments {
        return arguments.has(key) ? Optional.of(text(arguments, key)) : Optional.empty();
    }

    private static long number(JsonNode arguments, String key) throws ControlResult.BadArguments {
        JsonNode value = arguments.get(key);
        if (value == null) {
            throw new ControlResult.BadArguments("missing parameter '" + key + "'");
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new ControlResult.BadArguments("'" + key + "' is not an integer");
        }
        return value.asLong();
    }

    private static Bytes hex(String text) throws ControlResult.BadArguments {
        try {
            return HexText.decode(text);
        } catch (IllegalArgumentException e) {
            throw new ControlResult.BadArguments("'" + text + "' is not hexadecimal bytes like 52:54:00:12:34:56");
        }
    }

    private static Inet6Address address6(String text) throws ControlResult.BadArguments {
        try {
            return Addresses.parse6(text);
        } catch (IllegalArgumentException e) {
            throw new ControlResult.BadArguments("'" + text + "' is not an IPv6 address");
        }
    }

    private static Inet4Address address4(String text) throws ControlResult.BadArguments {
        try {
            return Addresses.parse4(text);
        } catch (IllegalArgumentException e) {
            throw new ControlResult.BadArguments("'" + text + "' is not an IPv4 address");
        }
    }
}
