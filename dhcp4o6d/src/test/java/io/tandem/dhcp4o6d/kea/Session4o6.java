package io.tandem.dhcp4o6d.kea;

import io.tandem.client.ClientMessages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp4o6d.testing.PartnerSocket;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One scenario run against one DHCPv4 server through its end of the port pair: each step builds
 * the client's DHCPv4 message, wraps it as the DHCPv6 partner hands a DHCPV4-QUERY over (with its
 * relay layer and metadata), and writes one line into the transcript: what the answer means, or
 * {@code no answer}. The server identifier becomes {@code S1} (the first one seen), and a
 * transaction id or chaddr that is not the query's shows as {@code OTHER}; addresses are
 * literal, each scenario running against freshly started servers.
 */
final class Session4o6 {
    /** How long a step waits for an answer both servers give within milliseconds. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofMillis(1500);
    /** A server identifier that is neither server's. */
    private static final String OTHER_SERVER = "10.255.255.254";

    private final PartnerSocket partner;
    private final String scenarioName;
    private final Map<String, Bytes> macs = new LinkedHashMap<>();
    private final Map<String, Inet4Address> lastAddress = new HashMap<>();
    private final Map<String, String> serverLabels = new HashMap<>();
    private Optional<Inet4Address> lastServerId = Optional.empty();
    private final Map<String, String> transcript = new LinkedHashMap<>();
    private final Map<String, Conformance4o6File.Route> routes;
    private int xid;

    Session4o6(PartnerSocket partner, Conformance4o6File file, Conformance4o6File.Scenario scenario) {
        this.partner = partner;
        this.routes = file.routes();
        this.scenarioName = scenario.fullName();
        this.xid = scenarioName.hashCode() & 0xfff0000;
    }

    /** Runs every step; a step that cannot run ends the transcript with the reason. */
    Map<String, String> run(Conformance4o6File.Scenario scenario) {
        try {
            for (Conformance4o6File.Step step : scenario.steps()) {
                step(step);
            }
        } catch (IOException | DecodeException | RuntimeException e) {
            transcript.put("script stopped", e.toString());
        }
        return transcript;
    }

    private void step(Conformance4o6File.Step step) throws IOException, DecodeException {
        Dhcp4Message message = message(step);
        Conformance4o6File.Route route = routes.get(step.route());
        Dhcp6Message query = ClientMessages.query(message, step.unicast());
        Inet6Address source = route.source().map(Addresses::parse6).orElse(linkLocal(mac(step)));
        Dhcp4o6Ipc.Envelope envelope;
        if (route.relay().isPresent()) {
            Conformance4o6File.Relay relay = route.relay().get();
            query = ClientMessages.relayForward(query, Addresses.parse6(relay.link()), source,
                    relay.interfaceId().orElse(null), null);
            envelope = new Dhcp4o6Ipc.Envelope(query, route.interfaceName(), Addresses.parse6(relay.address()), 547);
        } else {
            envelope = new Dhcp4o6Ipc.Envelope(query, route.interfaceName(), source, 546);
        }
        partner.send(envelope);
        String line = "no answer";
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Dhcp4o6Ipc.Envelope> received = partner.receive(
                    Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (received.isEmpty()) {
                break;
            }
            Optional<ClientMessages.Answer> answer = ClientMessages.answerOf(received.get().message());
            if (answer.isPresent() && answer.get().message().xid() == message.xid()) {
                line = describe(received.get(), envelope, answer.get(), message);
                remember(step.client(), answer.get().message());
                break;
            }
        }
        if (transcript.putIfAbsent(step.name(), line) != null) {
            throw new IllegalArgumentException("step " + step.name() + " twice");
        }
    }

    private Dhcp4Message message(Conformance4o6File.Step step) {
        Bytes mac = mac(step);
        Dhcp4Message.Builder builder = Dhcp4Message.builder().hardwareAddress(Dhcp4Message.HTYPE_ETHERNET, mac)
                .xid(++xid).option(Option4.messageType(step.type()));
        step.clientId().ifPresent(id -> builder.option(id.equals("mac") ? new Option4.ClientId(1, mac)
                : new Option4.ClientId(Integer.parseInt(id.substring(0, 2), 16), Bytes.fromHex(id.substring(2)))));
        step.requested().map(a -> address(step.client(), a))
                .ifPresent(a -> builder.option(new Option4.Address(Dhcp4Options.REQUESTED_ADDRESS, a)));
        step.serverId().map(id -> id.equals("last") ? lastServerId.orElse(Addresses.parse4(OTHER_SERVER))
                : Addresses.parse4(id.equals("other") ? OTHER_SERVER : id))
                .ifPresent(a -> builder.option(new Option4.Address(Dhcp4Options.SERVER_IDENTIFIER, a)));
        step.ciaddr().map(a -> address(step.client(), a)).ifPresent(builder::ciaddr);
        if (!step.parameterRequestList().isEmpty()) {
            builder.option(new Option4.Uint8List(Dhcp4Options.PARAMETER_REQUEST_LIST, step.parameterRequestList()));
        }
        return builder.build();
    }

    /** {@code last}: the client's last yiaddr (0.0.0.0 before any); else a literal address. */
    private Inet4Address address(String client, String text) {
        return text.equals("last") ? lastAddress.getOrDefault(client, Dhcp4Message.ANY) : Addresses.parse4(text);
    }

    private void remember(String client, Dhcp4Message answer) {
        if (!answer.yiaddr().equals(Dhcp4Message.ANY)) {
            lastAddress.put(client, answer.yiaddr());
        }
        answer.options().serverIdentifier().ifPresent(id -> lastServerId = Optional.of(id));
    }

    /**
     * The client's MAC (or that of the client named by {@code chaddr-of}): locally administered,
     * from a hash of the scenario's name and the client's place in it.
     */
    private Bytes mac(Conformance4o6File.Step step) {
        String owner = step.chaddrOf().orElse(step.client());
        return macs.computeIfAbsent(owner, name -> {
            int hash = scenarioName.hashCode();
            return Bytes.of((byte) 0x02, (byte) (hash >> 24), (byte) (hash >> 16), (byte) (hash >> 8), (byte) hash,
                    (byte) (macs.size() + 1));
        });
    }

    /** The EUI-64 link-local address of {@code mac}, the client's IPv6 source when its route gives none. */
    private static Inet6Address linkLocal(Bytes mac) {
        byte[] m = mac.toArray();
        return Addresses.inet6(new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0,
            (byte) (m[0] ^ 0x02), m[1], m[2], (byte) 0xff, (byte) 0xfe, m[3], m[4], m[5]});
    }

    /** The line for an answer: where it goes (relay layers, metadata), the response's flags, and the DHCPv4 message. */
    private String describe(Dhcp4o6Ipc.Envelope received, Dhcp4o6Ipc.Envelope sent, ClientMessages.Answer answer,
            Dhcp4Message query) {
        StringBuilder line = new StringBuilder();
        Dhcp6Message layer = received.message();
        while (layer instanceof RelayMessage relay) {
            line.append(relay.type()).append("(link=").append(Addresses.text(relay.linkAddress()))
                    .append(" peer=").append(Addresses.text(relay.peerAddress()));
            relay.options().interfaceId().ifPresent(id -> line.append(" interface-id=\"").append(id.text()).append('"'));
            line.append(") ");
            layer = relay.relayed().orElse(null);
        }
        boolean back = received.interfaceName().equals(sent.interfaceName())
                && received.sourceAddress().equals(sent.sourceAddress()) && received.sourcePort() == sent.sourcePort();
        line.append("to=").append(back ? "sender" : received.interfaceName() + " "
                + Addresses.text(received.sourceAddress()) + " " + received.sourcePort());
        Dhcp4Message reply = answer.message();
        line.append(' ').append(reply.messageType().map(MessageType4::name).orElse("no type"));
        if (!reply.chaddr().equals(query.chaddr())) {
            line.append(" chaddr=OTHER");
        }
        line.append(" ciaddr=").append(Addresses.text(reply.ciaddr()))
                .append(" yiaddr=").append(Addresses.text(reply.yiaddr()))
                .append(" siaddr=").append(Addresses.text(reply.siaddr()))
                .append(" giaddr=").append(Addresses.text(reply.giaddr()))
                .append(" flags=").append(Integer.toHexString(reply.flags()));
        line.append(" sid=").append(reply.options().serverIdentifier()
                .map(id -> serverLabels.computeIfAbsent(Addresses.text(id), k -> "S" + (serverLabels.size() + 1)))
                .orElse("none"));
        TreeMap<Integer, String> others = new TreeMap<>();
        for (Option4 option : reply.options().all()) {
            if (option.code() != Dhcp4Options.SERVER_IDENTIFIER && option.code() != Dhcp4Options.MESSAGE_TYPE) {
                others.merge(option.code(), value(option), (a, b) -> a + "+" + b);
            }
        }
        line.append(" options=").append(others);
        return line.toString();
    }

    private static String value(Option4 option) {
        if (option instanceof Option4.Address address) {
            return Addresses.text(address.address());
        }
        if (option instanceof Option4.AddressList list) {
            return list.addresses().stream().map(Addresses::text).toList().toString();
        }
        if (option instanceof Option4.Uint32 number) {
            return Long.toString(number.value());
        }
        if (option instanceof Option4.Uint16 number) {
            return Integer.toString(number.value());
        }
        if (option instanceof Option4.Uint8 number) {
            return Integer.toString(number.value());
        }
        if (option instanceof Option4.Text text) {
            return '"' + text.value().text() + '"';
        }
        if (option instanceof Option4.ClientId id) {
            return id.type() + ":" + id.identifier().hex();
        }
        return option.toString();
    }
}
