package io.tandem.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The dhcp4o6-client command line: one JSON object per line on standard output. */
@Command(name = "dhcp4o6-client", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A DHCPv4-over-DHCPv6 client (RFC 7341): DORA, RENEW (U flag) and RELEASE, carried in"
                + " DHCPV4-QUERY by multicast on an interface, by unicast to a server, or wrapped as a relay would."
                + " Prints one JSON object per client; exit 0 when every client got its answers. Load: scripts/dhcp-load."})
public final class Dhcp4o6ClientMain implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE",
            description = "send by multicast to ff02::1:2 on this interface (from its link-local address)")
    String interfaceName;

    @Option(names = "--server", paramLabel = "ADDR", description = "send by unicast to this server address instead")
    String server;

    @Option(names = "--find-server", description = "first ask by Information-Request (ORO 88) on --interface for"
            + " the 4o6 server address (option 88), then send to it by unicast")
    boolean findServer;

    @Option(names = "--source", paramLabel = "ADDR",
            description = "the source address for unicast and relayed queries (default: the kernel's choice)")
    String source;

    @Option(names = "--mac", paramLabel = "MAC", defaultValue = "02:00:00:00:00:01",
            description = "chaddr and client-id (type 1) of the first client; client i uses MAC + i (default: ${DEFAULT-VALUE})")
    String mac;

    @Option(names = "--relay-link", paramLabel = "ADDR",
            description = "wrap each query in a Relay-Forward with this link-address, sent to --server port 547")
    String relayLink;

    @Option(names = "--relay-peer", paramLabel = "ADDR",
            description = "the Relay-Forward's peer-address (default: the EUI-64 link-local address of the MAC)")
    String relayPeer;

    @Option(names = "--interface-id", paramLabel = "TEXT", description = "the Relay-Forward's Interface-ID (option 18)")
    String interfaceId;

    @Option(names = "--relay-source-port", paramLabel = "PORT", description = "send the Relay-Forward from this UDP"
            + " port with the Relay Source Port option (RFC 8357); answers come back to it (default: 547, no option)")
    Integer relaySourcePort;

    @Option(names = "--renew", description = "after DORA, a RENEWING REQUEST with the U flag")
    boolean renew;

    @Option(names = "--release", description = "at the end, a RELEASE")
    boolean release;

    @Option(names = "--information-request", description = "only an Information-Request asking for option 88")
    boolean informationRequest;

    @Option(names = "--probe", paramLabel = "KIND", description = "send one query that a server must not answer"
            + " (no-dhcpv4-message, offer) and report whether it was answered")
    String probe;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "1", description = "concurrent clients (default: 1)")
    int clients;

    @Option(names = "--tries", paramLabel = "N", defaultValue = "3", description = "sends per step (default: 3)")
    int tries;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "2000",
            description = "milliseconds to wait after each send (default: 2000)")
    long timeoutMillis;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Dhcp4o6ClientMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || clients > 10_000 || tries < 1 || tries > 100 || timeoutMillis < 1 || timeoutMillis > 600_000) {
            System.err.println("dhcp4o6-client: --clients 1..10000, --tries 1..100, --timeout 1..600000");
            return 2;
        }
        Session.Patience patience = new Session.Patience(tries, timeoutMillis);
        Optional<NetworkInterface> networkInterface = Optional.empty();
        if (interfaceName != null) {
            networkInterface = Optional.ofNullable(NetworkInterface.getByName(interfaceName));
            if (networkInterface.isEmpty()) {
                System.err.println("dhcp4o6-client: no interface " + interfaceName);
                return 2;
            }
        }
        if ((server == null && relayLink != null) || (server == null && !findServer && networkInterface.isEmpty())) {
            System.err.println("dhcp4o6-client: give --interface (multicast), --server (unicast, and with --relay-link)"
                    + " or --find-server with --interface");
            return 2;
        }
        String target = server;
        if (findServer || informationRequest) {
            if (networkInterface.isEmpty()) {
                System.err.println("dhcp4o6-client: --find-server and --information-request need --interface");
                return 2;
            }
            Map<String, Object> found = informationRequest(multicastRoute(networkInterface.get()), patience);
            print(found);
            @SuppressWarnings("unchecked")
            List<String> addresses = (List<String>) found.getOrDefault("dhcp4o6-server-addresses", List.of());
            if (informationRequest) {
                return found.containsKey("error") ? 1 : 0;
            }
            if (addresses.isEmpty()) {
                return 1;
            }
            target = addresses.get(0);
        }
        Route route = target == null ? multicastRoute(networkInterface.get()) : unicastRoute(target, networkInterface);
        long baseMac = MacAddress.parse(mac).toLong();
        QuerySocket opened;
        try {
            opened = new QuerySocket(route);
        } catch (IOException e) {
            System.err.println("dhcp4o6-client: " + e.getMessage());
            return 1;
        }
        try (QuerySocket socket = opened) {
            if (probe != null) {
                return probe(socket, patience, baseMac);
            }
            return clients(socket, patience, baseMac);
        }
    }

    /** Each client's DORA (and RENEW, RELEASE), concurrently; one object each, in MAC order. */
    private int clients(QuerySocket socket, Session.Patience patience, long baseMac) throws InterruptedException {
        List<Map<String, Object>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            Map<String, Object> result = new LinkedHashMap<>();
            results.add(result);
            Bytes clientMac = ClientMessages.mac(baseMac, client);
            Thread thread = new Thread(() -> runClient(socket, patience, clientMac, result), "dhcp4o6-client-" + client);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        results.forEach(Dhcp4o6ClientMain::print);
        return results.stream().anyMatch(result -> result.containsKey("error")) ? 1 : 0;
    }

    private void runClient(QuerySocket socket, Session.Patience patience, Bytes clientMac, Map<String, Object> result) {
        result.put("mac", clientMac.colonHex());
        Map<String, Object> timings = new LinkedHashMap<>();
        Session session = new Session(socket, new ClientMessages(clientMac), patience);
        try {
            Session.Lease lease = session.dora(timings);
            result.putAll(Session.describe(lease));
            if (renew) {
                Session.Lease renewed = session.renew(lease, timings);
                result.put("renewed", Session.describe(renewed));
            }
            if (release) {
                session.release(lease);
                result.put("released", true);
            }
        } catch (Session.Failure | IOException e) {
            result.put("error", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.put("error", "interrupted");
        }
        result.put("timings-ms", timings);
    }

    private int probe(QuerySocket socket, Session.Patience patience, long baseMac) throws IOException, InterruptedException {
        ClientMessages messages = new ClientMessages(ClientMessages.mac(baseMac, 0));
        int xid = Session.nextXid();
        Dhcp6Message query = switch (probe) {
            case "no-dhcpv4-message" -> ClientMessages.queryWithoutDhcpv4Message();
            case "offer" -> ClientMessages.query(messages.offer(xid), false);
            default -> null;
        };
        if (query == null) {
            System.err.println("dhcp4o6-client: --probe is no-dhcpv4-message or offer");
            return 2;
        }
        long unexpectedBefore = socket.unexpected();
        boolean answered = socket.exchange(query, QuerySocket.dhcp4Key(xid), patience.tries(), patience.timeoutMillis(),
                received -> true).isPresent() || socket.unexpected() > unexpectedBefore;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mac", messages.mac().colonHex());
        result.put("probe", probe);
        result.put("answered", answered);
        print(result);
        return 0;
    }

    private Map<String, Object> informationRequest(Route route, Session.Patience patience)
            throws IOException, InterruptedException {
        Map<String, Object> result = new LinkedHashMap<>();
        try (QuerySocket socket = new QuerySocket(route)) {
            ClientServerMessage query = new ClientMessages(MacAddress.parse(mac).bytes()).informationRequest(Session.nextXid());
            long start = System.nanoTime();
            Optional<QuerySocket.Received> reply = socket.exchange(query, QuerySocket.dhcp6Key(query.transactionId()),
                    patience.tries(), patience.timeoutMillis(), received -> true);
            if (reply.isEmpty()) {
                result.put("error", "no Reply to the Information-Request");
                return result;
            }
            ClientServerMessage answer = (ClientServerMessage) ClientMessages.innermost(reply.get().message());
            result.put("information-request", "reply");
            result.put("dhcp4o6-server-addresses", answer.options().dhcp4o6ServerAddresses().stream()
                    .map(Addresses::text).toList());
            result.put("from", "[" + Addresses.text(reply.get().from().getAddress()) + "]:" + reply.get().from().getPort());
            result.put("timings-ms", Map.of("information-request-reply", Session.millis(System.nanoTime() - start)));
        }
        return result;
    }

    private static Route multicastRoute(NetworkInterface networkInterface) throws SocketException {
        Inet6Address group;
        try {
            group = Inet6Address.getByAddress(null, Addresses.parse6("ff02::1:2").getAddress(), networkInterface);
        } catch (java.net.UnknownHostException e) {
            throw new SocketException(e.getMessage());
        }
        return new Route(new InetSocketAddress(Addresses.parse6("::"), Route.CLIENT_PORT),
                new InetSocketAddress(group, Route.SERVER_PORT), Optional.of(networkInterface), Optional.empty());
    }

    private Route unicastRoute(String target, Optional<NetworkInterface> networkInterface) throws SocketException {
        Inet6Address destination = Addresses.parse6(target);
        if (destination.isLinkLocalAddress() && networkInterface.isPresent()) {
            try {
                destination = Inet6Address.getByAddress(null, destination.getAddress(), networkInterface.get());
            } catch (java.net.UnknownHostException e) {
                throw new SocketException(e.getMessage());
            }
        }
        Inet6Address bind = Addresses.parse6(source == null ? "::" : source);
        if (relayLink == null) {
            return new Route(new InetSocketAddress(bind, Route.CLIENT_PORT),
                    new InetSocketAddress(destination, Route.SERVER_PORT), Optional.empty(), Optional.empty());
        }
        Inet6Address peer = relayPeer != null ? Addresses.parse6(relayPeer) : MacAddress.parse(mac).linkLocal();
        return new Route(new InetSocketAddress(bind, relaySourcePort == null ? Route.SERVER_PORT : relaySourcePort),
                new InetSocketAddress(destination, Route.SERVER_PORT), Optional.empty(),
                Optional.of(new Route.Relay(Addresses.parse6(relayLink), peer, interfaceId, relaySourcePort != null)));
    }

    private static void print(Map<String, Object> object) {
        try {
            System.out.println(JSON.writeValueAsString(object));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
