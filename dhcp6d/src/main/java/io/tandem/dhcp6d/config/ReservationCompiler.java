package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfiguredOption6;
import io.tandem.common.config.HexText;
import io.tandem.common.config.Ipv6;
import io.tandem.common.config.OptionDataCompiler;
import io.tandem.common.config.Prefix6;
import io.tandem.common.config.ValueType;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp6.Duid;
import java.net.Inet6Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles host reservations, from the configuration or from a reservations file, and checks a
 * level's reservations together: identifiers, addresses and prefixes each reserved once (Kea's
 * {@code ip-reservations-unique}), addresses inside the subnet.
 */
final class ReservationCompiler {
    /** A compiled reservation and where it was written. */
    record Placed(ConfigNode node, Reservation6 reservation) {
    }

    private static final ValueType<Bytes> DUID = new ValueType<>("a DUID in hex like 00:03:00:01:52:54:00:12:34:56", text -> {
        Bytes bytes = HexText.decodeQuotedOrHex(text);
        return new Duid(bytes).bytes();
    });

    /**
     * Tandem's spelling of a Remote-ID (RFC 4649) reservation: the option's body in hex, the
     * enterprise number in its first 4 bytes, or Kea's option-data form
     * {@code enterprise-number, remote-id} with the remote-id in hex or {@code 'quoted'}.
     */
    private static final ValueType<Bytes> REMOTE_ID = new ValueType<>(
            "a Remote-ID like 00:00:0d:e9:01:02 (enterprise number 3561, then the id) or 3561, 01:02",
            ReservationCompiler::remoteId);

    private final OptionDataCompiler<ConfiguredOption6> options;

    ReservationCompiler(OptionDataCompiler<ConfiguredOption6> options) {
        this.options = options;
    }

    private static Bytes remoteId(String text) {
        int comma = text.indexOf(',');
        Bytes body;
        if (comma >= 0) {
            String enterprise = text.substring(0, comma).strip();
            if (!enterprise.matches("\\d{1,10}") || Long.parseLong(enterprise) > 0xffffffffL) {
                throw new IllegalArgumentException("the enterprise number " + ConfigNode.quote(enterprise)
                        + " is not from 0 to 4294967295");
            }
            body = Bytes.of(new WireWriter().u32(Long.parseLong(enterprise))
                    .bytes(HexText.decodeQuotedOrHex(text.substring(comma + 1))).toByteArray());
        } else {
            body = HexText.decodeQuotedOrHex(text);
        }
        if (body.length() < 5) {
            throw new IllegalArgumentException("a Remote-ID is a 4-byte enterprise number and at least one byte");
        }
        return body;
    }

    /**
     * One reservation; empty when it has errors (reported) or when it is keyed by Kea's
     * {@code flex-id}, which Tandem does not implement (its warning says so).
     */
    Optional<Reservation6> compile(ConfigNode node, KeaKeys6.Level keys) {
        node.finish(keys.implemented(), keys.keaKeysNotImplemented());
        List<HostIdentifierType> given = HostIdentifierType.DEFAULT_ORDER.stream()
                .filter(type -> node.has(type.keaName())).toList();
        List<Inet6Address> addresses = node.values("ip-addresses", Ipv6.ADDRESS);
        List<Prefix6> prefixes = node.values("prefixes", Prefix6.TYPE);
        Optional<String> hostname = node.optionalString("hostname");
        List<ConfiguredOption6> reservationOptions = options.compile(node.objects("option-data"));
        if (given.size() > 1) {
            node.error(given.get(1).keaName(), "a reservation has one identifier, not both "
                    + given.get(0).keaName() + " and " + given.get(1).keaName());
            return Optional.empty();
        }
        if (given.isEmpty()) {
            if (!node.has("flex-id")) {
                node.error("needs an identifier: duid, hw-address, remote-id or interface-id");
            }
            return Optional.empty();
        }
        return identifier(node, given.get(0)).map(identifier ->
                new Reservation6(identifier, addresses, prefixes, hostname, reservationOptions));
    }

    private static Optional<HostIdentifier> identifier(ConfigNode node, HostIdentifierType type) {
        String key = type.keaName();
        Optional<Bytes> value = switch (type) {
            case DUID -> node.value(key, DUID);
            case HW_ADDRESS -> node.value(key, HexText.HARDWARE_ADDRESS);
            case REMOTE_ID -> node.value(key, REMOTE_ID);
            case INTERFACE_ID -> node.value(key, HexText.QUOTED_OR_HEX);
        };
        if (value.isPresent() && node.json().path(key).isTextual()
                && HexText.hasOddDigitCount(node.json().path(key).textValue())) {
            node.warning(key, "odd number of hex digits, read with a leading 0 as Kea does");
        }
        return value.map(bytes -> new HostIdentifier(type, bytes));
    }

    /**
     * Checks the reservations of one level together.
     *
     * @param subnet the subnet they belong to, whose prefix must hold every reserved address;
     *               empty for global reservations
     */
    static void check(List<Placed> reservations, Optional<Prefix6> subnet) {
        Map<HostIdentifier, ConfigNode> identifiers = new HashMap<>();
        Map<Inet6Address, ConfigNode> addresses = new HashMap<>();
        Map<Prefix6, ConfigNode> prefixes = new HashMap<>();
        for (Placed placed : reservations) {
            ConfigNode node = placed.node();
            Reservation6 reservation = placed.reservation();
            HostIdentifier identifier = reservation.identifier();
            ConfigNode first = identifiers.putIfAbsent(identifier, node);
            if (first != null) {
                node.error(identifier.type().keaName(), "the same " + identifier.type().keaName()
                        + " is already reserved at " + first.pointer());
            }
            for (Inet6Address address : reservation.addresses()) {
                if (subnet.isPresent() && !subnet.get().contains(address)) {
                    node.error("ip-addresses", Addresses.text(address) + " is not inside the subnet " + subnet.get());
                }
                ConfigNode holder = addresses.putIfAbsent(address, node);
                if (holder != null) {
                    node.error("ip-addresses", Addresses.text(address) + " is already reserved at " + holder.pointer());
                }
            }
            for (Prefix6 prefix : reservation.prefixes()) {
                ConfigNode holder = prefixes.putIfAbsent(prefix, node);
                if (holder != null) {
                    node.error("prefixes", prefix + " is already reserved at " + holder.pointer());
                }
            }
        }
    }
}
