package io.tandem.dhcp4o6d.kea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.testing.ConformanceData;
import io.tandem.common.wire.dhcp4.MessageType4;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One data file of the 4o6 conformance harness ({@code src/test/resources/conformance4o6/*.json}):
 * a Kea {@code Dhcp4} configuration body that kea-dhcp4 and dhcp4o6d both run, the routes its
 * DHCPV4-QUERYs reach the DHCPv4 side by (as the DHCPv6 partner hands them over), and named
 * scenarios of DHCPv4 client messages. The format is described in README.md ("Conformance
 * harness", 4o6).
 */
record Conformance4o6File(String name, String dhcp4Body, Map<String, Route> routes, List<Scenario> scenarios) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The keys a {@code "do"} step gives the steps of its sequence (those they do not set themselves). */
    private static final List<String> INHERITED = List.of("client", "via", "client-id", "chaddr-of", "prl");

    /**
     * How a query reaches the DHCPv4 side: the interface the partner received it on, the IPv6
     * source it came from (a client's link-local address when absent), and, when relayed, the relay
     * layer around it (the relay's address is then the source).
     */
    record Route(String interfaceName, Optional<String> source, Optional<Relay> relay) {
    }

    /** One relay layer: its link-address and, when given, its Interface-ID. */
    record Relay(String address, String link, Optional<String> interfaceId) {
    }

    /**
     * One DHCPv4 message. {@code client} names the scenario's client (each gets its own MAC);
     * {@code chaddrOf} gives it another client's MAC; {@code clientId} is {@code "mac"} (type 1 and
     * the MAC), hex, or absent. {@code requested}, {@code ciaddr} and {@code serverId} are literal
     * addresses, {@code last} (the client's last yiaddr, or the last answer's server identifier)
     * or absent.
     */
    record Step(String name, MessageType4 type, String client, Optional<String> chaddrOf, Optional<String> clientId,
            Optional<String> requested, Optional<String> ciaddr, Optional<String> serverId, boolean unicast,
            List<Integer> parameterRequestList, String route) {
    }

    /** A scenario: run against each server freshly started, and the transcripts compared. */
    record Scenario(String file, String name, List<Step> steps) {
        String fullName() {
            return file + " / " + name;
        }
    }

    /** Every data file, in name order. */
    static List<Conformance4o6File> all(Path directory) throws IOException {
        List<Conformance4o6File> all = new ArrayList<>();
        for (Path file : ConformanceData.files(directory)) {
            all.add(read(file));
        }
        return all;
    }

    static Conformance4o6File read(Path file) throws IOException {
        String name = file.getFileName().toString();
        JsonNode root = JSON.readTree(file.toFile());
        String body = JSON.writeValueAsString(root.path("dhcp4"));
        Map<String, Route> routes = new LinkedHashMap<>();
        root.path("routes").fields().forEachRemaining(entry -> routes.put(entry.getKey(), route(entry.getValue())));
        if (routes.isEmpty()) {
            throw new IllegalArgumentException(name + ": no routes");
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (JsonNode scenario : root.path("scenarios")) {
            scenarios.add(scenario(name, scenario, routes, root.path("sequences")));
        }
        return new Conformance4o6File(name, body.substring(1, body.length() - 1), routes, scenarios);
    }

    private static Route route(JsonNode json) {
        Optional<Relay> relay = json.has("relay") ? Optional.of(new Relay(json.path("relay").path("address").asText(),
                json.path("relay").path("link").asText("::"), text(json.path("relay"), "interface-id")))
                : Optional.empty();
        return new Route(json.path("interface").asText(), text(json, "source"), relay);
    }

    /** A step {@code {"do": "dora", "client": "B"}} stands for the file's sequence {@code dora} with that client and route ({@link #INHERITED}). */
    private static Scenario scenario(String file, JsonNode json, Map<String, Route> routes, JsonNode sequences) {
        String name = json.path("name").asText();
        if (name.isEmpty()) {
            throw new IllegalArgumentException(file + ": a scenario without a name");
        }
        String defaultRoute = json.path("via").asText(routes.keySet().iterator().next());
        List<Step> steps = new ArrayList<>();
        for (JsonNode step : json.path("steps")) {
            for (JsonNode one : ConformanceData.steps(step, sequences, INHERITED, file + " / " + name)) {
                steps.add(step(file + " / " + name, steps.size() + 1, one, defaultRoute, routes));
            }
        }
        return new Scenario(file, name, steps);
    }

    private static Step step(String where, int number, JsonNode json, String defaultRoute, Map<String, Route> routes) {
        MessageType4 type = messageType(json.path("send").asText());
        String route = json.path("via").asText(defaultRoute);
        if (!routes.containsKey(route)) {
            throw new IllegalArgumentException(where + ": step " + number + " goes by the unknown route " + route);
        }
        List<Integer> prl = new ArrayList<>();
        json.path("prl").forEach(code -> prl.add(code.asInt()));
        String defaultName = number + " " + json.path("send").asText()
                + (json.has("via") ? " via " + route : "");
        return new Step(json.path("name").asText(defaultName), type, json.path("client").asText("A"),
                text(json, "chaddr-of"), text(json, "client-id"), text(json, "requested"), text(json, "ciaddr"),
                text(json, "server-id"), json.path("unicast").asBoolean(false), prl, route);
    }

    private static MessageType4 messageType(String name) {
        for (int code = 1; code <= MessageType4.INFORM.code(); code++) {
            if (MessageType4.of(code).name().equalsIgnoreCase("DHCP" + name)) {
                return MessageType4.of(code);
            }
        }
        throw new IllegalArgumentException("no DHCPv4 client message type " + name);
    }

    private static Optional<String> text(JsonNode json, String key) {
        return json.has(key) ? Optional.of(json.path(key).asText()) : Optional.empty();
    }

    /** The directory of the data files, in the test classes' resources. */
    static Path directory() {
        return ConformanceData.directory(Conformance4o6File.class, "conformance4o6");
    }
}
