package io.tandem.dhcp6d.kea;

import io.tandem.common.testing.ConformanceData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.config.AddressRange6;
import io.tandem.common.config.Prefix6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One data file of the conformance harness ({@code src/test/resources/conformance/*.json}): a Kea
 * {@code Dhcp6} configuration body that both servers run, the routes its messages travel by, and
 * named scenarios, each a sequence of client messages. The format is described in README.md
 * ("Conformance harness"); a scenario with {@code "each": {"n": [1, 2]}} stands for one scenario
 * per value, with {@code ${n}} replaced by the value everywhere in it.
 */
record ConformanceFile(String name, String dhcp6Body, Map<String, Route> routes, String barrierRoute,
        List<AnswerText.Pool> pools, List<AnswerText.PdPool> pdPools, List<Scenario> scenarios) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a message travels from the client to the server. */
    sealed interface Route permits Direct, Relayed {
    }

    /** Sent by the client itself on the server's link, to this destination. */
    enum Direct implements Route {
        MULTICAST, UNICAST_GLOBAL, UNICAST_LINK_LOCAL
    }

    /**
     * Relayed through {@code hops}, nearest the client first. With {@code sourcePort} the outermost
     * relay sends the Relay Source Port option from its own port; without it, it sends from port 547.
     */
    record Relayed(List<Hop> hops, boolean sourcePort) implements Route {
    }

    /** One relay layer; a field left out is left out of the Relay-Forward (peer: the client's link-local or fe80::1). */
    record Hop(Inet6Address link, Optional<Inet6Address> peer, Optional<String> interfaceId,
            Optional<String> remoteId, Optional<String> subscriberId, Optional<Integer> hopCount) {
    }

    /** An IA of a message: its IAID and its addresses or prefixes, literal or {@code last} (see {@link Step}). */
    record Ia(long iaid, List<String> entries) {
    }

    /** Where the Server Identifier of a message comes from. */
    enum ServerId {
        NONE, OURS, OTHER
    }

    /**
     * One message of a scenario. {@code client} names the scenario's client (each name gets a DUID
     * and link-local address of its own, unless {@code duid} fixes the DUID); an IA entry
     * {@code last} stands for what this client's last answer held in the IA with the same IAID
     * ({@code last:IAID} for another one). {@code sameLinkLocalAs} gives a new client the
     * link-local address (so the MAC) of another client of the scenario, {@code linkLocal} a given one.
     */
    record Step(String name, MessageType6 type, String client, Optional<Duid> duid, Optional<String> linkLocal,
            Optional<String> sameLinkLocalAs,
            boolean clientId,
            ServerId serverId, List<Ia> iaNa, List<Ia> iaPd, List<Integer> oro, boolean rapidCommit, String route) {
    }

    /** A scenario: its steps run against each server with new clients, and the transcripts are compared. */
    record Scenario(String file, String name, boolean literalAddresses, List<Step> steps) {
        String fullName() {
            return file + " / " + name;
        }
    }

    /** Every data file of the harness, in name order. */
    static List<ConformanceFile> all(Path directory) throws IOException {
        List<ConformanceFile> all = new ArrayList<>();
        for (Path file : ConformanceData.files(directory)) {
            all.add(read(file));
        }
        return all;
    }

    static ConformanceFile read(Path file) throws IOException {
        String name = file.getFileName().toString();
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode config = root.path("config");
        String body = JSON.writeValueAsString(config).strip();
        body = body.substring(1, body.length() - 1);
        Map<String, Route> routes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("routes").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            routes.put(entry.getKey(), route(entry.getValue(), name + " route " + entry.getKey()));
        }
        String barrier = root.path("barrier").asText(routes.entrySet().stream()
                .filter(e -> e.getValue() instanceof Relayed r && r.sourcePort()).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(name + ": no relayed route for the barrier")));
        List<AnswerText.Pool> pools = new ArrayList<>();
        List<AnswerText.PdPool> pdPools = new ArrayList<>();
        List<JsonNode> subnets = new ArrayList<>();
        config.path("subnet6").forEach(subnets::add);
        config.path("shared-networks").forEach(network -> network.path("subnet6").forEach(subnets::add));
        for (JsonNode subnet : subnets) {
            for (JsonNode pool : subnet.path("pools")) {
                AddressRange6 range = AddressRange6.parsePool(pool.path("pool").asText());
                pools.add(new AnswerText.Pool(range.first(), range.last()));
            }
            for (JsonNode pool : subnet.path("pd-pools")) {
                pdPools.add(new AnswerText.PdPool(Prefix6.parse(pool.path("prefix").asText() + "/"
                        + pool.path("prefix-len").asInt()), pool.path("delegated-len").asInt()));
            }
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (JsonNode scenario : root.path("scenarios")) {
            for (JsonNode expanded : expand(scenario)) {
                scenarios.add(scenario(name, expanded, root.path("literal-addresses").asBoolean(false), routes,
                        root.path("sequences")));
            }
        }
        return new ConformanceFile(name, body, routes, barrier, pools, pdPools, scenarios);
    }

    /** The scenario once per value of its {@code each} variable, with {@code ${variable}} replaced. */
    private static List<JsonNode> expand(JsonNode scenario) throws IOException {
        if (!scenario.has("each")) {
            return List.of(scenario);
        }
        ObjectNode template = scenario.deepCopy();
        JsonNode each = template.remove("each");
        Map.Entry<String, JsonNode> variable = each.fields().next();
        String text = JSON.writeValueAsString(template);
        List<JsonNode> expanded = new ArrayList<>();
        for (JsonNode value : variable.getValue()) {
            expanded.add(JSON.readTree(text.replace("${" + variable.getKey() + "}", value.asText())));
        }
        return expanded;
    }

    /**
     * A scenario. Its {@code via} is a route's name or a route of its own; a step
     * {@code {"do": "bind", "client": "B"}} stands for the steps of the file's sequence
     * {@code bind}, each with the {@code client} and {@code via} given unless it has its own.
     */
    private static Scenario scenario(String file, JsonNode json, boolean literalByDefault, Map<String, Route> routes,
            JsonNode sequences) {
        String name = json.path("name").asText();
        if (name.isEmpty()) {
            throw new IllegalArgumentException(file + ": a scenario without a name");
        }
        String defaultRoute = routes.keySet().iterator().next();
        if (json.path("via").isObject()) {
            defaultRoute = "route of " + name;
            routes.put(defaultRoute, route(json.path("via"), file + " / " + name));
        } else if (json.has("via")) {
            defaultRoute = json.path("via").asText();
        }
        List<Step> steps = new ArrayList<>();
        for (JsonNode step : json.path("steps")) {
            for (JsonNode one : ConformanceData.steps(step, sequences, List.of("client", "via"), file + " / " + name)) {
                steps.add(step(file + " / " + name, steps.size() + 1, one, defaultRoute, routes.keySet()));
            }
        }
        return new Scenario(file, name, json.path("literal-addresses").asBoolean(literalByDefault), steps);
    }

    private static Step step(String where, int number, JsonNode json, String defaultRoute, Set<String> routes) {
        MessageType6 type = messageType(json.path("send").asText());
        String route = json.path("via").asText(defaultRoute);
        if (!routes.contains(route)) {
            throw new IllegalArgumentException(where + ": step " + number + " goes by the unknown route " + route);
        }
        boolean needsServerId = type.equals(MessageType6.REQUEST) || type.equals(MessageType6.RENEW)
                || type.equals(MessageType6.RELEASE) || type.equals(MessageType6.DECLINE);
        ServerId serverId = ServerId.valueOf(json.path("server-id").asText(needsServerId ? "ours" : "none")
                .toUpperCase());
        List<Integer> oro = new ArrayList<>();
        json.path("oro").forEach(code -> oro.add(code.asInt()));
        String defaultName = number + " " + type.name().toLowerCase()
                + (json.has("via") ? " via " + route : "");
        return new Step(json.path("name").asText(defaultName), type, json.path("client").asText("A"),
                json.has("duid") ? Optional.of(Duid.fromHex(json.path("duid").asText().replace(":", "")))
                        : Optional.empty(),
                text(json, "link-local"), text(json, "same-link-local-as"), json.path("client-id").asBoolean(true), serverId, ias(json.path("ia-na")), ias(json.path("ia-pd")), oro,
                json.path("rapid-commit").asBoolean(false), route);
    }

    /** IAs as {@code [1, {"iaid": 2, "addresses": ["last", "2001:db8::5"]}]}. */
    private static List<Ia> ias(JsonNode json) {
        List<Ia> ias = new ArrayList<>();
        for (JsonNode ia : json) {
            if (ia.isNumber()) {
                ias.add(new Ia(ia.asLong(), List.of()));
            } else {
                List<String> entries = new ArrayList<>();
                ia.path(ia.has("prefixes") ? "prefixes" : "addresses").forEach(entry -> entries.add(entry.asText()));
                ias.add(new Ia(ia.path("iaid").asLong(), entries));
            }
        }
        return ias;
    }

    private static MessageType6 messageType(String name) {
        for (int code = 1; code < 40; code++) {
            MessageType6 type = MessageType6.of(code);
            if (type.name().equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("no message type " + name);
    }

    /** A route: {@code "multicast"}, {@code "unicast-global"}, {@code "unicast-link-local"}, or {@code {"relays": [...]}}. */
    private static Route route(JsonNode json, String where) {
        if (json.isTextual()) {
            return Direct.valueOf(json.asText().toUpperCase().replace('-', '_'));
        }
        List<Hop> hops = new ArrayList<>();
        for (JsonNode hop : json.path("relays")) {
            int repeat = hop.path("repeat").asInt(1);
            for (int i = 0; i < repeat; i++) {
                hops.add(new Hop(Addresses.parse6(hop.path("link").asText("::")),
                        text(hop, "peer").map(Addresses::parse6), text(hop, "interface-id"), text(hop, "remote-id"),
                        text(hop, "subscriber-id"), hop.has("hop-count") ? Optional.of(hop.path("hop-count").asInt())
                                : Optional.empty()));
            }
        }
        if (hops.isEmpty()) {
            throw new IllegalArgumentException(where + ": neither a direct route nor relays");
        }
        return new Relayed(List.copyOf(hops), json.path("source-port").asBoolean(true));
    }

    private static Optional<String> text(JsonNode json, String key) {
        return json.has(key) ? Optional.of(json.path(key).asText()) : Optional.empty();
    }

    /** The directory of the data files, in the test classes' resources. */
    static Path directory() {
        return ConformanceData.directory(ConformanceFile.class, "conformance");
    }
}
