package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfiguredOption4;
import io.tandem.common.config.HexText;
import io.tandem.common.config.Ipv4;
import io.tandem.common.config.OptionDataCompiler;
import io.tandem.common.config.Prefix4;
import io.tandem.common.config.ValueType;
import io.tandem.common.lease.Lease4;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles DHCPv4 host reservations, from the configuration or from a reservations file, and
 * checks a level's reservations together: identifiers and addresses each reserved once (Kea's
 * {@code ip-reservations-unique}), addresses inside the subnet.
 */
final class ReservationCompiler4 {
    /** A compiled reservation and where it was written. */
    record Placed(ConfigNode node, Reservation4 reservation) {
    }

    /** Kea's form: the option's body, type byte first, in hex ({@code 01:52:54:00:12:34:56}) or {@code 'quoted'}. */
    private static final ValueType<Bytes> CLIENT_ID = new ValueType<>(
            "a client identifier like 01:52:54:00:12:34:56 (type, then the identifier) or 'text'", text -> {
                Bytes bytes = HexText.decodeQuotedOrHex(text);
                if (bytes.length() < Lease4.MIN_CLIENT_ID_LENGTH || bytes.length() > Lease4.MAX_CLIENT_ID_LENGTH) {
                    throw new IllegalArgumentException("a client identifier is " + Lease4.MIN_CLIENT_ID_LENGTH + " to "
                            + Lease4.MAX_CLIENT_ID_LENGTH + " bytes, not " + bytes.length());
                }
                return bytes;
            });

    private final OptionDataCompiler<ConfiguredOption4> options;

    ReservationCompiler4(OptionDataCompiler<ConfiguredOption4> options) {
        this.options = options;
    }

    /**
     * One reservation; empty when it has errors (reported) or when it is keyed only by one of Kea's
     * identifiers that dhcp4o6d does not implement ({@code duid}, {@code circuit-id},
     * {@code flex-id}), which its warning already names.
     */
    Optional<Reservation4> compile(ConfigNode node, KeaKeys4.Level keys) {
        node.finish(keys.implemented(), keys.keaKeysNotImplemented());
        List<HostIdentifierType4> given = HostIdentifierType4.DEFAULT_ORDER.stream()
                .filter(type -> node.has(type.keaName())).toList();
        Optional<Inet4Address> address = node.optionalValue("ip-address", Ipv4.ADDRESS)
                .filter(value -> !value.isAnyLocalAddress());
        Optional<String> hostname = node.optionalString("hostname").filter(name -> !name.isEmpty());
        List<ConfiguredOption4> reservationOptions = options.compile(node.objects("option-data"));
        BootFields boot = NetworkSettings4.boot(node);
        if (given.size() > 1) {
            node.error(given.get(1).keaName(), "a reservation has one identifier, not both "
                    + given.get(0).keaName() + " and " + given.get(1).keaName());
            return Optional.empty();
        }
        if (given.isEmpty()) {
            if (HostIdentifierType4.KEA_NOT_IMPLEMENTED.stream().noneMatch(node::has)) {
                node.error("needs an identifier: hw-address or client-id");
            }
            return Optional.empty();
        }
        HostIdentifierType4 type = given.get(0);
        Optional<Bytes> value = node.value(type.keaName(),
                type == HostIdentifierType4.HW_ADDRESS ? HexText.HARDWARE_ADDRESS : CLIENT_ID);
        if (value.isPresent() && node.json().path(type.keaName()).isTextual()
                && HexText.hasOddDigitCount(node.json().path(type.keaName()).textValue())) {
            node.warning(type.keaName(), "odd number of hex digits, read with a leading 0 as Kea does");
        }
        return value.map(bytes -> new Reservation4(new HostIdentifier4(type, bytes), address, hostname,
                reservationOptions, boot));
    }

    /**
     * Checks the reservations of one level together.
     *
     * @param subnet the subnet they belong to, whose prefix must hold every reserved address;
     *               empty for global reservations
     */
    static void check(List<Placed> reservations, Optional<Prefix4> subnet) {
        Map<HostIdentifier4, ConfigNode> identifiers = new HashMap<>();
        Map<Inet4Address, ConfigNode> addresses = new HashMap<>();
        for (Placed placed : reservations) {
            ConfigNode node = placed.node();
            Reservation4 reservation = placed.reservation();
            HostIdentifier4 identifier = reservation.identifier();
            ConfigNode first = identifiers.putIfAbsent(identifier, node);
            if (first != null) {
                node.error(identifier.type().keaName(), "the same " + identifier.type().keaName()
                        + " is already reserved at " + first.pointer());
            }
            if (reservation.address().isEmpty()) {
                continue;
            }
            Inet4Address address = reservation.address().get();
            if (subnet.isPresent() && !subnet.get().contains(address)) {
                node.error("ip-address", Addresses.text(address) + " is not inside the subnet " + subnet.get());
            }
            ConfigNode holder = addresses.putIfAbsent(address, node);
            if (holder != null) {
                node.error("ip-address", Addresses.text(address) + " is already reserved at " + holder.pointer());
            }
        }
    }
}
