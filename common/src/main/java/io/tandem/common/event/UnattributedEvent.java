package io.tandem.common.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a machine whose MAC could not be found, so that no row of the
 * MAC-keyed table can hold it: a DHCPv6 client with a DUID-UUID or DUID-EN and no link-layer
 * address from its relay ({@code no_mac}), a boot file fetched without a {@code <mac>/} in its
 * path by an address that no binding holds. It is kept under {@code key}, what names its sender
 * instead (the DUID; the client's address and the file), and rendered as a {@link BootEvent} is.
 *
 * @param key     what names the sender: the latest event of each key is kept
 * @param name    what happened; {@link EventNames#NO_MAC}, or the name a MAC's event would have
 * @param details as a {@link BootEvent}'s, in order
 */
public record UnattributedEvent(String key, String name, Instant timestamp, Map<String, String> details) {
    public UnattributedEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(timestamp, "timestamp");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an event has a name");
        }
        details = BootEvent.checkedDetails(details);
    }

    /** {@code {"event": ..., "timestamp": ..., ...details}}, as a {@link BootEvent}'s. */
    public ObjectNode toJson() {
        return BootEvent.json(name, timestamp, details);
    }
}
