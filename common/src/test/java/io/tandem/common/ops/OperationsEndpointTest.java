package io.tandem.common.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /health} as a monitor reads it: the status code alone tells ok from degraded. */
class OperationsEndpointTest {
    /** A daemon whose health is {@code health}. */
    private static OperationsEndpoint endpoint(Health health) {
        ControlChannel control = new ControlChannel(List::of);
        return new OperationsEndpoint(new Operations() {
            @Override
            public Health health() {
                return health;
            }

            @Override
            public ObjectNode leases(Optional<MacAddress> mac) {
                return JsonNodeFactory.instance.objectNode();
            }

            @Override
            public void metrics(MetricsText out) {
            }

            @Override
            public ControlChannel control() {
                return control;
            }
        });
    }

    private static HttpAnswer health(OperationsEndpoint endpoint) {
        return endpoint.answer("GET", "/health", Map.of(), Addresses.parse6("2001:db8::2"), Optional.empty(), new byte[0]).orElseThrow();
    }

    @Test
    void okIs200() throws Exception {
        HttpAnswer answer = health(endpoint(Health.OK));
        assertEquals(200, answer.status());
        assertEquals("ok", new ObjectMapper().readTree(answer.body()).get("status").asText());
    }

    @Test
    void degradedIs503WithTheReason() throws Exception {
        HttpAnswer answer = health(endpoint(Health.degraded("the lease file \"/x\" cannot be written")));
        assertEquals(503, answer.status());
        assertEquals(HttpAnswer.JSON, answer.contentType());
        JsonNode body = new ObjectMapper().readTree(new String(answer.body(), StandardCharsets.UTF_8));
        assertEquals("degraded", body.get("status").asText());
        assertEquals("the lease file \"/x\" cannot be written", body.get("reason").asText());
    }
}
