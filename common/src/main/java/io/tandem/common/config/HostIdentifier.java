package io.tandem.common.config;

import io.tandem.common.wire.Bytes;

/**
 * What a reservation matches, as the bytes to compare with the client's:
 * <ul>
 * <li>{@code duid}: the client's whole DUID (option 1);
 * <li>{@code hw-address}: the client's MAC: in DHCPv6 as found through {@code mac-sources}, in
 *     DHCPv4 its {@code chaddr};
 * <li>{@code client-id}: the body of DHCPv4 option 61, type byte first;
 * <li>{@code remote-id}: the body of the Remote-ID option (37) of the relay nearest the client:
 *     the 4-byte enterprise number, then the remote-id;
 * <li>{@code interface-id}: the body of the Interface-ID option (18) of the relay nearest the client.
 * </ul>
 */
public record HostIdentifier(HostIdentifierType type, Bytes value) {
    @Override
    public String toString() {
        return type.keaName() + "=" + value.colonHex();
    }
}
