package io.tandem.dhcp4o6d.engine;

import io.tandem.common.config.ConfigException;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp4o6d.config.Dhcp4Config;
import io.tandem.dhcp4o6d.config.Dhcp4ConfigParser;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Hand-built DHCPv4-over-DHCPv6 queries as the partner hands them over, for engine tests. */
final class Queries {
    static final Inet6Address CLIENT_LINK_LOCAL = Addresses.parse6("fe80::200:5eff:fe00:5301");
    static final Bytes MAC = Bytes.fromHex("00005e005301");
    static final Bytes OTHER_MAC = Bytes.fromHex("00005e005302");

    private Queries() {
    }

    static Dhcp4Config config(String dhcp4) {
        try {
            return Dhcp4ConfigParser.parse("{\"Dhcp4\": " + dhcp4 + "}", Path.of(".")).config();
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** A DHCPv4 client message from {@code mac}, without a client identifier unless added. */
    static Dhcp4Message.Builder message(MessageType4 type, Bytes mac, int xid) {
        return Dhcp4Message.builder().hardwareAddress(Dhcp4Message.HTYPE_ETHERNET, mac).xid(xid)
                .option(Option4.messageType(type))
                .option(new Option4.Uint8List(Dhcp4Options.PARAMETER_REQUEST_LIST, List.of(1, 3, 6, 15)));
    }

    static Option4 requested(String address) {
        return new Option4.Address(Dhcp4Options.REQUESTED_ADDRESS, Addresses.parse4(address));
    }

    static Option4 serverId(String address) {
        return new Option4.Address(Dhcp4Options.SERVER_IDENTIFIER, Addresses.parse4(address));
    }

    static Inet4Address v4(String address) {
        return Addresses.parse4(address);
    }

    /** A direct query received on {@code interfaceName} from the client's link-local address. */
    static Dhcp4o6Ipc.Envelope direct(Dhcp4Message message, String interfaceName) {
        return direct(message, 0, interfaceName);
    }

    static Dhcp4o6Ipc.Envelope direct(Dhcp4Message message, int flags, String interfaceName) {
        return new Dhcp4o6Ipc.Envelope(query(Bytes.of(Dhcp4Codec.encode(message)), flags), interfaceName,
                CLIENT_LINK_LOCAL, 546);
    }

    static Dhcp4o6Message query(Bytes dhcpv4, int flags) {
        return new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, flags,
                Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, dhcpv4)));
    }

    /**
     * A query relayed once: a Relay-Forward from the relay at {@code relayAddress}, with
     * {@code linkAddress}, the client's link-local peer-address and, when not null, an Interface-ID.
     */
    static Dhcp4o6Ipc.Envelope relayed(Dhcp4Message message, int flags, String interfaceName, String relayAddress,
                                       String linkAddress, String interfaceId) {
        List<Option6> options = new ArrayList<>();
        if (interfaceId != null) {
            options.add(new Option6.Raw(Dhcp6Options.INTERFACE_ID, Bytes.utf8(interfaceId)));
        }
        options.add(new Option6.RelayedMessage(query(Bytes.of(Dhcp4Codec.encode(message)), flags)));
        Dhcp6Message relay = new RelayMessage(MessageType6.RELAY_FORW, 0, Addresses.parse6(linkAddress),
                CLIENT_LINK_LOCAL, new Options6(options));
        return new Dhcp4o6Ipc.Envelope(relay, interfaceName, Addresses.parse6(relayAddress), 547);
    }
}
