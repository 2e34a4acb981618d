package io.tandem.common.event;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.identity.MacAddress;
import java.util.List;

/**
 * One MAC's events as the table held them at one moment, oldest first. Rendered
 * {@code {"Mac": "52:54:00:12:34:56", "Events": [...]}}, dhcpv6macd's capitalised keys.
 *
 * @param events immutable; it may share storage with the table, which never rewrites what a view shows
 */
public record MacEntry(MacAddress mac, List<BootEvent> events) {
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("Mac", mac.toString());
        ArrayNode array = json.putArray("Events");
        events.forEach(event -> array.add(event.toJson()));
        return json;
    }
}
