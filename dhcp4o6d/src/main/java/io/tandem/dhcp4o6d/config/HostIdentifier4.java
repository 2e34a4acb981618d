package io.tandem.dhcp4o6d.config;

import io.tandem.common.wire.Bytes;

/** What a reservation is keyed by: a hardware address, or a client identifier with its type byte. */
public record HostIdentifier4(HostIdentifierType4 type, Bytes value) {
    @Override
    public String toString() {
        return type.keaName() + " " + value.colonHex();
    }
}
