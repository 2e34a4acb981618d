package io.tandem.common.event;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.identity.MacAddress;
import java.util.List;
import java.util.Optional;

/**
 * The event table at one moment: taking it copies no event (a MAC's address and a view of its
 * packed events, a few small objects per MAC), so that it can be taken while publishers wait;
 * rendering it, which can be large, happens later, outside any lock.
 *
 * @param entries the least recently seen MAC first
 */
public record TableSnapshot(List<MacEntry> entries) {
    public static final TableSnapshot EMPTY = new TableSnapshot(List.of());

    public TableSnapshot {
        entries = List.copyOf(entries);
    }

    public Optional<MacEntry> entry(MacAddress mac) {
        return entries.stream().filter(entry -> entry.mac().equals(mac)).findFirst();
    }

    /** {@code {"<mac>": {"Mac": "<mac>", "Events": [...]}, ...}}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        entries.forEach(entry -> json.set(entry.mac().toString(), entry.toJson()));
        return json;
    }
}
