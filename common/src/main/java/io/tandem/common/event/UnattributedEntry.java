package io.tandem.common.event;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What the {@link UnattributedTable} holds for one key: its latest event, when the key was first
 * seen and how many events it made. Rendered, in the snapshot and live alike,
 * {@code {"key": ..., "count": 3, "first-seen": "<RFC 3339>", "event": {...}}}.
 */
public record UnattributedEntry(UnattributedEvent latest, Instant firstSeen, long count) {
    public ObjectNode toStreamJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("key", latest.key());
        json.put("count", count);
        json.put("first-seen", BootEvent.timestampText(firstSeen));
        json.set("event", latest.toJson());
        return json;
    }
}
