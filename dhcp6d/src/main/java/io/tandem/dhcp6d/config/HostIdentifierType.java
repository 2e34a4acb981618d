package io.tandem.dhcp6d.config;

import java.util.List;
import java.util.Optional;

/**
 * The kinds of reservation identifier, with their names in {@code host-reservation-identifiers}
 * and in a reservation: Kea's {@code duid} and {@code hw-address}, and Tandem's {@code remote-id}
 * (RFC 4649) and {@code interface-id} (RFC 9915 §21.18).
 */
public enum HostIdentifierType {
    DUID("duid"),
    HW_ADDRESS("hw-address"),
    REMOTE_ID("remote-id"),
    INTERFACE_ID("interface-id");

    /** Tandem's default {@code host-reservation-identifiers} order. */
    public static final List<HostIdentifierType> DEFAULT_ORDER = List.of(DUID, HW_ADDRESS, REMOTE_ID, INTERFACE_ID);

    private final String keaName;

    HostIdentifierType(String keaName) {
        this.keaName = keaName;
    }

    public String keaName() {
        return keaName;
    }

    public static Optional<HostIdentifierType> byKeaName(String name) {
        for (HostIdentifierType type : values()) {
            if (type.keaName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
