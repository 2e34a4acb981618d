package io.tandem.common.event;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.identity.MacAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to one machine, named by its MAC: a boot stage, an address life-cycle
 * step. Rendered {@code {"event": "bound", "timestamp": "2026-11-22T06:00:00.123456789Z", ...details}},
 * the shape of dhcpv6macd's events, with the details after the two fixed keys in the order given.
 *
 * @param mac       the machine it belongs to
 * @param name      what happened; {@link EventNames} lists the vocabulary
 * @param timestamp when
 * @param details   what an operator needs to debug it ({@code duid}, {@code iaid}, {@code address},
 *                  {@code mac-source}, {@code relay}, {@code architecture}, {@code url}, ...), in order;
 *                  neither {@code event} nor {@code timestamp}, which the rendering owns
 */
public record BootEvent(MacAddress mac, String name, Instant timestamp, Map<String, String> details) {
    /** RFC 3339 in UTC with all nine fraction digits, so that timestamps also sort as text. */
    private static final DateTimeFormatter RFC_3339_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    public BootEvent {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(timestamp, "timestamp");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an event has a name");
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        details.forEach((key, value) -> {
            if (key.equals("event") || key.equals("timestamp")) {
                throw new IllegalArgumentException("'" + key + "' is not a detail: the event's JSON has it already");
            }
            copy.put(key, Objects.requireNonNull(value, key));
        });
        details = Collections.unmodifiableMap(copy);
    }

    /** An event without details yet; add them with {@link #with}. */
    public static BootEvent of(MacAddress mac, String name, Instant timestamp) {
        return new BootEvent(mac, name, timestamp, Map.of());
    }

    /** This event with one more detail (or {@code key} replaced in place). */
    public BootEvent with(String key, Object value) {
        LinkedHashMap<String, String> more = new LinkedHashMap<>(details);
        more.put(key, String.valueOf(value));
        return new BootEvent(mac, name, timestamp, more);
    }

    /** The timestamp as the JSON shows it, e.g. {@code 2026-11-22T06:00:00.123456789Z}. */
    public String timestampText() {
        return RFC_3339_NANOS.format(timestamp);
    }

    /** {@code {"event": ..., "timestamp": ..., ...details}}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("event", name);
        json.put("timestamp", timestampText());
        details.forEach(json::put);
        return json;
    }

    /** The live form on the SSE stream: {@code {"mac": "52:54:00:12:34:56", "event": {...}}}. */
    public ObjectNode toStreamJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("mac", mac.toString());
        json.set("event", toJson());
        return json;
    }
}
