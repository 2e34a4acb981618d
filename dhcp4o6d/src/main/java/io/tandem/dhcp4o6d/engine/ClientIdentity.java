package io.tandem.dhcp4o6d.engine;

import io.tandem.common.config.HostIdentifier;
import io.tandem.common.config.HostIdentifierType;
import io.tandem.common.lease.Lease4;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.Option4;
import java.util.Optional;

/**
 * Who a DHCPv4 client is: its client identifier (option 61, type byte included) when it sends one,
 * else its hardware address ({@code chaddr}, {@code hlen} bytes), as RFC 2131 §4.2 says.
 *
 * @param clientId the option 61 value, type first
 * @param hwaddr   the first {@code hlen} bytes of {@code chaddr}; empty when {@code hlen} is 0
 */
record ClientIdentity(Optional<Bytes> clientId, Bytes hwaddr) {
    static Optional<ClientIdentity> of(Dhcp4Message message) {
        Optional<Bytes> clientId = message.options().clientIdentifier().map(Option4.ClientId::value)
                .filter(value -> value.length() <= Lease4.MAX_CLIENT_ID_LENGTH);
        Bytes hwaddr = message.hardwareAddress();
        if (clientId.isEmpty() && hwaddr.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ClientIdentity(clientId, hwaddr));
    }

    /**
     * Whether {@code lease} is this client's, by Kea's rule ({@code Lease4::belongsToClient}): the
     * client identifiers when both have one, else the hardware addresses.
     */
    boolean owns(Lease4 lease) {
        return owns(lease.clientId(), lease.hwaddr());
    }

    /** {@link #owns(Lease4)} for a lease with these identifiers (either may be empty). */
    boolean owns(Bytes leaseClientId, Bytes leaseHwaddr) {
        if (clientId.isPresent() && !leaseClientId.isEmpty()) {
            return clientId.get().equals(leaseClientId);
        }
        return !hwaddr.isEmpty() && hwaddr.equals(leaseHwaddr);
    }

    /** The identifier of this client of a kind reservations are keyed by. */
    Optional<HostIdentifier> identifier(HostIdentifierType type) {
        return switch (type) {
            case HW_ADDRESS -> hwaddr.isEmpty() ? Optional.empty()
                    : Optional.of(new HostIdentifier(type, hwaddr));
            case CLIENT_ID -> clientId.map(value -> new HostIdentifier(type, value));
            case DUID, REMOTE_ID, INTERFACE_ID -> Optional.empty(); // DHCPv6's: not in dhcp4o6d's identifiers
        };
    }

    @Override
    public String toString() {
        return clientId.map(value -> "client-id " + value.colonHex() + (hwaddr.isEmpty() ? "" : " "))
                .orElse("") + (hwaddr.isEmpty() ? "" : "hwaddr " + hwaddr.colonHex());
    }
}
