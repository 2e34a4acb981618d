package io.tandem.dhcp4o6d.testing;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A scripted DHCPv4-over-DHCPv6 client for end-to-end tests, run inside a network namespace
 * ({@code ip netns exec NS java -cp ... io.tandem.dhcp4o6d.testing.Client4o6Main ...}): DISCOVER,
 * REQUEST, a RENEWING REQUEST with the U flag, and a RELEASE, each in a DHCPV4-QUERY sent from the
 * interface's link-local address to ff02::1:2 port 547; or with {@code unicast=ADDRESS}, from
 * {@code source} port 546 to that server address (as a client that learnt it from option 88); or,
 * with {@code relay=ADDRESS}, wrapped in a Relay-Forward sent as a relay would (from
 * {@code relay-source}, port {@code relay-port}, with {@code link}, {@code interface-id} and the
 * Relay Source Port option). One line per answer:
 * <pre>answer DHCPOFFER yiaddr=192.0.2.10 ciaddr=0.0.0.0 server=192.0.2.1 flags=000000 relayed=false from=[fe80::1]:547</pre>
 * Every wait is bounded (3 tries of 2 s); the exit code is 0 when every answer came.
 */
public final class Client4o6Main {
    private static final int CLIENT_PORT = 546;
    private static final int SERVER_PORT = 547;
    private static final int TRIES = 3;
    private static final long WAIT_MILLIS = 2000;

    private final Map<String, String> options;
    private final DatagramChannel channel;
    private final InetSocketAddress server;

    private Client4o6Main(Map<String, String> options) throws IOException {
        this.options = options;
        NetworkInterface networkInterface = NetworkInterface.getByName(options.get("iface"));
        if (networkInterface == null) {
            throw new IOException("no interface " + options.get("iface"));
        }
        channel = DatagramChannel.open(StandardProtocolFamily.INET6);
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        if (options.containsKey("relay")) {
            channel.bind(new InetSocketAddress(Addresses.parse6(options.get("relay-source")), Integer.parseInt(options.getOrDefault("relay-port", "547"))));
            server = new InetSocketAddress(Addresses.parse6(options.get("relay")), SERVER_PORT);
        } else if (options.containsKey("unicast")) {
            channel.bind(new InetSocketAddress(Addresses.parse6(options.get("source")), CLIENT_PORT));
            server = new InetSocketAddress(Addresses.parse6(options.get("unicast")), SERVER_PORT);
        } else {
            Inet6Address source = Collections.list(networkInterface.getInetAddresses()).stream()
                    .filter(Inet6Address.class::isInstance).map(Inet6Address.class::cast)
                    .filter(Inet6Address::isLinkLocalAddress).findFirst()
                    .orElseThrow(() -> new IOException("no link-local address on " + options.get("iface")));
            channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, networkInterface);
            channel.bind(new InetSocketAddress(Addresses.parse6("::"), CLIENT_PORT));
            server = new InetSocketAddress(Inet6Address.getByAddress(null,
                    Addresses.parse6("ff02::1:2").getAddress(), networkInterface), SERVER_PORT);
        }
        channel.configureBlocking(false);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        Client4o6Main client = new Client4o6Main(options);
        System.exit(client.run() ? 0 : 1);
    }

    private boolean run() throws IOException, DecodeException, InterruptedException {
        ScriptedClient4o6 script = new ScriptedClient4o6(Bytes.fromHex(options.get("mac")));
        int xid = (int) (System.nanoTime() & 0x7fffffff);
        Optional<Dhcp4Message> offer = exchange(script.discover(xid), false);
        if (offer.isEmpty()) {
            return false;
        }
        Inet4Address address = offer.get().yiaddr();
        Inet4Address serverId = offer.get().options().serverIdentifier().orElseThrow();
        if (exchange(script.request(xid + 1, address, serverId), false).isEmpty()
                || exchange(script.renew(xid + 2, address), true).isEmpty()) {
            return false;
        }
        send(script.release(xid + 3, address, serverId), true);
        System.out.println("released " + Addresses.text(address));
        return true;
    }

    private Optional<Dhcp4Message> exchange(Dhcp4Message message, boolean unicast)
            throws IOException, DecodeException, InterruptedException {
        for (int attempt = 0; attempt < TRIES; attempt++) {
            send(message, unicast);
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (System.currentTimeMillis() < deadline) {
                ByteBuffer buffer = ByteBuffer.allocate(65536);
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                if (from == null) {
                    Thread.sleep(5);
                    continue;
                }
                buffer.flip();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                Dhcp6Message response = Dhcp6Codec.decode(bytes);
                Dhcp4Message answer = ScriptedClient4o6.answer(response);
                if (answer.xid() != message.xid()) {
                    continue;
                }
                Dhcp6Message innermost = response;
                while (innermost instanceof RelayMessage relay) {
                    innermost = relay.relayed().orElseThrow();
                }
                System.out.println("answer " + answer.messageType().orElseThrow() + " yiaddr=" + text(answer.yiaddr())
                        + " ciaddr=" + text(answer.ciaddr()) + " server="
                        + answer.options().serverIdentifier().map(Client4o6Main::text).orElse("-")
                        + String.format(" flags=%06x", ((Dhcp4o6Message) innermost).flags())
                        + " relayed=" + (response instanceof RelayMessage)
                        + " from=[" + text(from.getAddress()) + "]:" + from.getPort());
                return Optional.of(answer);
            }
        }
        System.out.println("no answer to " + message.messageType().orElseThrow());
        return Optional.empty();
    }

    private void send(Dhcp4Message message, boolean unicast) throws IOException {
        Dhcp6Message query = ScriptedClient4o6.query(message, unicast);
        if (options.containsKey("relay")) {
            query = ScriptedClient4o6.relayForward(query, Addresses.parse6(options.get("link")),
                    Addresses.parse6(options.getOrDefault("peer", "fe80::200:5eff:fe00:5301")),
                    options.get("interface-id"), options.containsKey("relay-port") ? 0 : null);
        }
        channel.send(ByteBuffer.wrap(Dhcp6Codec.encode(query)), server);
    }

    private static String text(InetAddress address) {
        return Addresses.text(address);
    }
}
