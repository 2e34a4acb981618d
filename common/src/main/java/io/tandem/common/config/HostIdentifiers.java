package io.tandem.common.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A daemon's subset of {@link HostIdentifierType}, and how it reads
 * {@code host-reservation-identifiers} and a reservation's identifier.
 *
 * @param defaultOrder      the identifiers the daemon implements, in its default
 *                          {@code host-reservation-identifiers} order
 * @param keaNotImplemented Kea's identifiers that the daemon does not implement, each with the
 *                          warning that says so where {@code host-reservation-identifiers} names it;
 *                          a reservation keyed only by one of them is an error, as one without
 *                          any identifier is: it would match nobody
 * @param unknownHint       what an error about an unknown identifier adds after the identifiers
 *                          it expects
 */
public record HostIdentifiers(List<HostIdentifierType> defaultOrder, Map<String, String> keaNotImplemented,
                              String unknownHint) {
    public HostIdentifiers {
        defaultOrder = List.copyOf(defaultOrder);
        keaNotImplemented = Map.copyOf(keaNotImplemented);
    }

    /** {@code host-reservation-identifiers} of {@code object}: the order reservations are looked up in. */
    public List<HostIdentifierType> read(ConfigNode object) {
        if (!object.has("host-reservation-identifiers")) {
            return defaultOrder;
        }
        List<ConfigNode> elements = object.array("host-reservation-identifiers");
        if (elements.isEmpty() && object.json().get("host-reservation-identifiers").isArray()) {
            object.error("host-reservation-identifiers", "expected at least one identifier");
        }
        Set<HostIdentifierType> types = new LinkedHashSet<>();
        for (ConfigNode element : elements) {
            Optional<String> name = element.asString();
            if (name.isEmpty()) {
                continue;
            }
            Optional<HostIdentifierType> type = HostIdentifierType.byKeaName(name.get())
                    .filter(defaultOrder::contains);
            if (keaNotImplemented.containsKey(name.get())) {
                element.warning(keaNotImplemented.get(name.get()));
            } else if (type.isEmpty()) {
                element.error("unknown identifier " + ConfigNode.quote(name.get()) + "; expected " + names()
                        + unknownHint);
            } else if (!types.add(type.get())) {
                element.error(ConfigNode.quote(name.get()) + " is listed twice");
            }
        }
        return List.copyOf(types);
    }

    /** The identifier of a reservation; empty when it has errors (reported). */
    public Optional<HostIdentifier> ofReservation(ConfigNode node) {
        List<HostIdentifierType> given = defaultOrder.stream().filter(type -> node.has(type.keaName())).toList();
        if (given.size() > 1) {
            node.error(given.get(1).keaName(), "a reservation has one identifier, not both "
                    + given.get(0).keaName() + " and " + given.get(1).keaName());
            return Optional.empty();
        }
        if (given.isEmpty()) {
            Optional<String> unimplemented = keaNotImplemented.keySet().stream().filter(node::has).sorted().findFirst();
            if (unimplemented.isPresent()) {
                node.error(unimplemented.get(), "Tandem does not implement Kea's identifier "
                        + ConfigNode.quote(unimplemented.get()) + ", so this reservation would match nobody; it needs "
                        + names());
            } else {
                node.error("needs an identifier: " + names());
            }
            return Optional.empty();
        }
        HostIdentifierType type = given.get(0);
        String key = type.keaName();
        Optional<HostIdentifier> identifier = node.value(key, type.valueType())
                .map(bytes -> new HostIdentifier(type, bytes));
        if (identifier.isPresent() && node.json().path(key).isTextual()) {
            HexText.warnIfOddDigitCount(node, key, node.json().path(key).textValue());
        }
        return identifier;
    }

    /** "duid, hw-address, remote-id or interface-id". */
    private String names() {
        List<String> names = defaultOrder.stream().map(HostIdentifierType::keaName).toList();
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
