package io.tandem.dhcp4o6d.config;

import java.util.List;
import java.util.Optional;

/**
 * The kinds of DHCPv4 reservation identifier that dhcp4o6d implements, with their Kea names in
 * {@code host-reservation-identifiers} and in a reservation: the client's hardware address
 * ({@code chaddr}) and its client identifier (option 61, type byte included).
 */
public enum HostIdentifierType4 {
    HW_ADDRESS("hw-address"),
    CLIENT_ID("client-id");

    /** dhcp4o6d's default order: Kea's default order without the identifiers it does not implement. */
    public static final List<HostIdentifierType4> DEFAULT_ORDER = List.of(HW_ADDRESS, CLIENT_ID);
    /** Kea's other identifiers: accepted in {@code host-reservation-identifiers} with a warning. */
    static final List<String> KEA_NOT_IMPLEMENTED = List.of("duid", "circuit-id", "flex-id");

    private final String keaName;

    HostIdentifierType4(String keaName) {
        this.keaName = keaName;
    }

    public String keaName() {
        return keaName;
    }

    public static Optional<HostIdentifierType4> byKeaName(String name) {
        for (HostIdentifierType4 type : values()) {
            if (type.keaName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
