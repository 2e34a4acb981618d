package io.tandem.common.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.identity.MacAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

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
    private static final JsonFactory JSON = new JsonFactory();

    public BootEvent {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(timestamp, "timestamp");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an event has a name");
        }
        details = checkedDetails(details);
    }

    /** {@code details} as an event holds them: immutable, in order, without {@code event} or {@code timestamp}. */
    static Map<String, String> checkedDetails(Map<String, String> details) {
        if (details instanceof Details) {
            return details;
        }
        Details copy = Details.NONE;
        for (Map.Entry<String, String> detail : details.entrySet()) {
            copy = copy.plus(checkedKey(detail.getKey()), Objects.requireNonNull(detail.getValue(), detail.getKey()));
        }
        return copy;
    }

    private static String checkedKey(String key) {
        if (key.equals("event") || key.equals("timestamp")) {
            throw new IllegalArgumentException("'" + key + "' is not a detail: the event's JSON has it already");
        }
        return key;
    }

    /** An event without details yet; add them with {@link #with}. */
    public static BootEvent of(MacAddress mac, String name, Instant timestamp) {
        return new BootEvent(mac, name, timestamp, Map.of());
    }

    /** This event with one more detail (or {@code key} replaced in place). */
    public BootEvent with(String key, Object value) {
        return new BootEvent(mac, name, timestamp, ((Details) details).plus(checkedKey(key), String.valueOf(value)));
    }

    /** An event to be given its details one by one, on the packet path: see {@link Builder}. */
    public static Builder builder(MacAddress mac, String name, Instant timestamp) {
        return new Builder(mac, name, timestamp);
    }

    /**
     * An event's details gathered in one pair of arrays, where {@link #with} copies both and the
     * event for each detail added (four objects a detail, on every exchange of both daemons).
     */
    public static final class Builder {
        private final MacAddress mac;
        private final String name;
        private final Instant timestamp;
        private String[] keys = new String[8];
        private String[] values = new String[8];
        private int size;

        private Builder(MacAddress mac, String name, Instant timestamp) {
            this.mac = mac;
            this.name = name;
            this.timestamp = timestamp;
        }

        /** One more detail, or {@code key}'s value replaced in place, as {@link BootEvent#with}. */
        public Builder with(String key, Object value) {
            String text = String.valueOf(value);
            int at = Details.indexOf(keys, size, checkedKey(key));
            if (at >= 0) {
                values[at] = text;
                return this;
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size++] = text;
            return this;
        }

        public BootEvent build() {
            return new BootEvent(mac, name, timestamp,
                    Details.restored(Arrays.copyOf(keys, size), Arrays.copyOf(values, size)));
        }
    }

    /** The timestamp as the JSON shows it, e.g. {@code 2026-11-22T06:00:00.123456789Z}. */
    public String timestampText() {
        return timestampText(timestamp);
    }

    /**
     * {@code instant} as event JSON shows it, e.g. {@code 2026-11-22T06:00:00.123456789Z}: the digits
     * written by hand for the years 0 to 9999, since {@link DateTimeFormatter} cost dhcp4o6d and
     * dhcp6d's events thread a noticeable part of their CPU per exchange (JFR); other years by the
     * formatter.
     */
    static String timestampText(Instant instant) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (time.getYear() < 0 || time.getYear() > 9999) {
            return RFC_3339_NANOS.format(instant);
        }
        int[] fields = {time.getYear(), time.getMonthValue(), time.getDayOfMonth(), time.getHour(), time.getMinute(),
            time.getSecond(), time.getNano()};
        char[] text = TIMESTAMP_LAYOUT.toCharArray();
        for (int field = 0; field < fields.length; field++) {
            int rest = fields[field];
            for (int i = FIELD_AT[field] + FIELD_WIDTH[field] - 1; i >= FIELD_AT[field]; i--) {
                text[i] = (char) ('0' + rest % 10);
                rest /= 10;
            }
        }
        return new String(text);
    }

    /** {@link #timestampText}'s form: its digits are the fields at {@link #FIELD_AT}, the rest is fixed. */
    private static final String TIMESTAMP_LAYOUT = "0000-00-00T00:00:00.000000000Z";
    /** Where year, month, day, hour, minute, second and nanoseconds are in the layout, and their digits. */
    private static final int[] FIELD_AT = {0, 5, 8, 11, 14, 17, 20};
    private static final int[] FIELD_WIDTH = {4, 2, 2, 2, 2, 2, 9};

    /**
     * The instant of an RFC 3339 UTC timestamp: {@link #timestampText}'s own form read digit by
     * digit, any other form by {@link Instant#parse}.
     *
     * @throws java.time.format.DateTimeParseException when it is no such timestamp
     */
    static Instant parseTimestamp(String text) {
        if (text.length() != TIMESTAMP_LAYOUT.length()) {
            return Instant.parse(text);
        }
        int[] fields = new int[FIELD_AT.length];
        int field = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (TIMESTAMP_LAYOUT.charAt(i) != '0') {
                if (c != TIMESTAMP_LAYOUT.charAt(i)) {
                    return Instant.parse(text);
                }
                continue;
            }
            if (c < '0' || c > '9') {
                return Instant.parse(text);
            }
            if (field + 1 < FIELD_AT.length && i == FIELD_AT[field + 1]) {
                field++;
            }
            fields[field] = fields[field] * 10 + (c - '0');
        }
        try {
            return LocalDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6])
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            // No such date or time (a leap second among them): the parser says why, or reads it
            return Instant.parse(text);
        }
    }

    /** {@code {"event": ..., "timestamp": ..., ...details}}. */
    public ObjectNode toJson() {
        return json(name, timestamp, details);
    }

    /** The JSON of an event, with or without a MAC: {@code {"event": ..., "timestamp": ..., ...details}}. */
    static ObjectNode json(String name, Instant timestamp, Map<String, String> details) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("event", name);
        json.put("timestamp", timestampText(timestamp));
        details.forEach(json::put);
        return json;
    }

    /**
     * The live form, on the SSE stream and on the events channel alike:
     * {@code {"mac": "52:54:00:12:34:56", "event": {...}}}, as UTF-8 JSON written token by token,
     * without a tree (a tree per event cost dhcp6d most of its events thread).
     */
    public byte[] toStreamLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            writeStream(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return line.toByteArray();
    }

    /** {@link #toStreamLine} into {@code json}, which may hold other events before it. */
    void writeStream(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("mac", mac.toString());
        json.writeObjectFieldStart("event");
        json.writeStringField("event", name);
        json.writeStringField("timestamp", timestampText());
        Details details = (Details) this.details;
        for (int i = 0; i < details.size(); i++) {
            json.writeStringField(details.key(i), details.value(i));
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    /**
     * The details: immutable, in insertion order, held in two small arrays. Events are made on
     * the packet path with a handful of {@link #with} calls each, so adding one detail copies two
     * short arrays instead of a map (twice, as a {@code LinkedHashMap} copy did).
     */
    static final class Details extends AbstractMap<String, String> {
        static final Details NONE = new Details(new String[0], new String[0]);

        private final String[] keys;
        private final String[] values;

        private Details(String[] keys, String[] values) {
            this.keys = keys;
            this.values = values;
        }

        /** Details whose keys are checked already: read back from a table's log ({@link PackedEvent}), or by {@link EventDatagram}. */
        static Details restored(String[] keys, String[] values) {
            return new Details(keys, values);
        }

        String key(int index) {
            return keys[index];
        }

        String value(int index) {
            return values[index];
        }

        /** Where {@code key} is among the first {@code size} of {@code keys}, or -1. */
        static int indexOf(String[] keys, int size, Object key) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        Details plus(String key, String value) {
            int at = indexOf(keys, keys.length, key);
            if (at >= 0) {
                String[] replaced = values.clone();
                replaced[at] = value;
                return new Details(keys, replaced);
            }
            String[] moreKeys = Arrays.copyOf(keys, keys.length + 1);
            String[] moreValues = Arrays.copyOf(values, values.length + 1);
            moreKeys[keys.length] = key;
            moreValues[values.length] = value;
            return new Details(moreKeys, moreValues);
        }

        @Override
        public String get(Object key) {
            int at = indexOf(keys, keys.length, key);
            return at < 0 ? null : values[at];
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super String> action) {
            for (int i = 0; i < keys.length; i++) {
                action.accept(keys[i], values[i]);
            }
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, String>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Entry<String, String> next() {
                            if (next >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(keys[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }
    }
}
