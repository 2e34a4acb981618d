package io.tandem.dhcp6d.engine;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;

/**
 * Finds the client's MAC from the sources of {@code mac-sources}, in order. The MAC is the only
 * identity that firmware, iPXE, installer and OS share, so the order matters:
 * <ol>
 * <li>{@code client-link-addr-option}: option 79 of the relay nearest the client (RFC 6939),
 *     which that relay read from the frame;
 * <li>{@code ipv6-link-local}: the EUI-64 interface identifier of the client's link-local source
 *     address, or of the nearest relay's peer-address; recognised by {@code ff:fe} in the middle,
 *     for locally administered MACs too (Kea 2.2 ignores those, and virtual machines use them);
 * <li>{@code duid}: a DUID-LL or DUID-LLT with hardware type 1, last because a DUID-LLT is made
 *     once and stored, so it may name another NIC.
 * </ol>
 * {@code remote-id} and {@code subscriber-id} count when the relay's identifier is exactly six
 * bytes; the DOCSIS sources need cable-modem vendor options Tandem does not read.
 */
final class MacFinder {
    private MacFinder() {
    }

    static Optional<ClientMac> find(ClientMessage client, Inet6Address source, List<HwAddrSource> order) {
        for (HwAddrSource kind : order) {
            Optional<MacAddress> mac = switch (kind) {
                case CLIENT_LINK_ADDR_OPTION -> client.nearestRelay()
                        .flatMap(relay -> relay.options().clientLinkLayerAddress())
                        .filter(option -> option.hardwareType() == Duid.HARDWARE_ETHERNET)
                        .flatMap(option -> MacAddress.of(option.address()));
                case IPV6_LINK_LOCAL -> linkLocalOf(client, source).flatMap(MacAddress::fromEui64);
                case DUID -> client.message().options().clientId()
                        .filter(duid -> duid.hardwareType().orElse(-1) == Duid.HARDWARE_ETHERNET)
                        .flatMap(Duid::linkLayerAddress)
                        .flatMap(MacAddress::of);
                case REMOTE_ID -> client.nearestRelay().flatMap(relay -> relay.options().remoteId())
                        .map(Option6.RemoteId::remoteId).flatMap(MacAddress::of);
                case SUBSCRIBER_ID -> client.nearestRelay().flatMap(relay -> relay.options().subscriberId())
                        .flatMap(MacAddress::of);
                case UNKNOWN, RAW, DOCSIS_CMTS, DOCSIS_MODEM -> Optional.empty();
            };
            if (mac.isPresent()) {
                return Optional.of(new ClientMac(mac.get(), kind));
            }
        }
        return Optional.empty();
    }

    /** The client's own link-local address: its source when direct, the nearest relay's peer-address when relayed. */
    private static Optional<Inet6Address> linkLocalOf(ClientMessage client, Inet6Address source) {
        Inet6Address candidate = client.nearestRelay().map(RelayMessage::peerAddress).orElse(source);
        return candidate.isLinkLocalAddress() ? Optional.of(candidate) : Optional.empty();
    }
}
