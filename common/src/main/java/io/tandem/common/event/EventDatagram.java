package io.tandem.common.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tandem.common.identity.MacAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The events channel between the daemons: UDP datagrams on localhost, each holding one or more
 * events, one a line, in the stream's live form {@code {"mac": "52:54:00:12:34:56", "event":
 * {"event": "4o6_acked", "timestamp": ..., ...details}}} as UTF-8 JSON. dhcp4o6d sends the events
 * of up to 20 ms together (a datagram and a wake-up of dhcp6d's reader for dozens of events, not
 * per event or per exchange), dhcp6d receives and publishes them on its bus. A receiver trusts nothing: the size, the
 * name, the number and length of details are bounded.
 */
public final class EventDatagram {
    /** The largest datagram sent or accepted: room for dozens of events, well within loopback's MTU. */
    public static final int MAX_BYTES = 16384;
    private static final byte LINE_END = '\n';
    /** The default channel, on loopback next to dhcp6d's HTTP port: {@code [::1]:6316} (UDP). */
    public static final String DEFAULT_CHANNEL = "[::1]:6316";
    private static final int MAX_DETAILS = 24;
    private static final int MAX_KEY = 40;
    private static final int MAX_VALUE = 512;
    private static final JsonFactory JSON = new JsonFactory();
    private static final Instant FIRST_INSTANT = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private EventDatagram() {
    }

    /** Where {@link #encode(List, Sink)} hands each datagram: {@code bytes} are valid only during the call. */
    @FunctionalInterface
    public interface Sink {
        void datagram(byte[] bytes, int offset, int length, int events);
    }

    /**
     * {@code events} as few datagrams as they fit in, one event a line, each a copy of its own.
     *
     * @see #encode(List, Sink)
     */
    public static List<byte[]> encode(List<BootEvent> events) {
        List<byte[]> datagrams = new ArrayList<>();
        encode(events, (bytes, offset, length, count) -> datagrams.add(Arrays.copyOfRange(bytes, offset, offset + length)));
        return datagrams;
    }

    /**
     * {@code events} as few datagrams as they fit in, one event a line, written by one generator
     * into one buffer and handed to {@code sink} from there (not a buffer, a generator and a copy
     * per event: this runs for every exchange dhcp4o6d answers). An event that alone is longer than
     * {@link #MAX_BYTES} (its details are bounded well below that) goes alone.
     */
    public static void encode(List<BootEvent> events, Sink sink) {
        Lines lines = new Lines();
        try (JsonGenerator json = JSON.createGenerator(lines)) {
            json.setRootValueSeparator(null);
            int start = 0;
            int held = 0;
            for (BootEvent event : events) {
                int end = lines.size();
                if (end > start) {
                    json.writeRaw((char) LINE_END);
                }
                event.writeStream(json);
                json.flush();
                held++;
                if (lines.size() - start > MAX_BYTES && end > start) {
                    sink.datagram(lines.buffer(), start, end - start, held - 1);
                    start = end + 1;
                    held = 1;
                }
            }
            if (lines.size() > start) {
                sink.datagram(lines.buffer(), start, lines.size() - start, held);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
    }

    /** The lines written so far, read in place. */
    private static final class Lines extends ByteArrayOutputStream {
        Lines() {
            super(MAX_BYTES);
        }

        byte[] buffer() {
            return buf;
        }
    }

    /** The event of a datagram holding one. @throws IllegalArgumentException saying what is wrong with it */
    public static BootEvent decode(byte[] datagram, int length) {
        checkLength(length);
        return decode(datagram, 0, length);
    }

    /**
     * The events of one datagram, one a line.
     *
     * @throws IllegalArgumentException saying what is wrong with it, when any line is not an event
     */
    public static List<BootEvent> decodeAll(byte[] datagram, int length) {
        checkLength(length);
        List<BootEvent> events = new ArrayList<>();
        int start = 0;
        for (int at = 0; at <= length; at++) {
            if (at == length || datagram[at] == LINE_END) {
                events.add(decode(datagram, start, at - start));
                start = at + 1;
            }
        }
        return events;
    }

    private static void checkLength(int length) {
        if (length > MAX_BYTES) {
            throw new IllegalArgumentException("longer than " + MAX_BYTES + " bytes");
        }
    }

    /**
     * One line, read token by token (a tree of it cost dhcp6d most of its events thread): an object
     * with a {@code mac} string and an {@code event} object, whose {@code event} and
     * {@code timestamp} are strings and whose other members are the details, short strings. As the
     * tree was read: other members of the outer object, and whatever follows it, are ignored, and
     * of a key given twice the last value counts, in the place of the first.
     */
    private static BootEvent decode(byte[] datagram, int offset, int length) {
        String mac = null;
        Fields event = null;
        try (JsonParser json = JSON.createParser(datagram, offset, length)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw notAnEvent();
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("mac")) {
                    mac = value == JsonToken.VALUE_STRING ? json.getText() : null;
                } else if (field.equals("event")) {
                    event = value == JsonToken.START_OBJECT ? Fields.read(json) : null;
                }
                json.skipChildren();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (mac == null || event == null) {
            throw notAnEvent();
        }
        MacAddress address = MacAddress.tryParse(mac).orElse(null);
        if (address == null) {
            throw new IllegalArgumentException("not a MAC: " + mac);
        }
        if (!lowerCaseWord(event.name, '_')) {
            throw new IllegalArgumentException("not an event name: '" + event.name + "'");
        }
        Instant timestamp;
        try {
            timestamp = BootEvent.parseTimestamp(event.timestamp);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("no RFC 3339 timestamp");
        }
        // RFC 3339's years have four digits; a later one would not render (BootEvent.timestampText)
        if (timestamp.isBefore(FIRST_INSTANT) || timestamp.isAfter(LAST_INSTANT)) {
            throw new IllegalArgumentException("no RFC 3339 timestamp: not in the years 0000 to 9999");
        }
        return new BootEvent(address, event.name, timestamp, event.details());
    }

    private static IllegalArgumentException notAnEvent() {
        return new IllegalArgumentException("not {\"mac\": ..., \"event\": {...}}");
    }

    /**
     * The members of an event object: its name, its timestamp's text and its details, each value
     * checked once the object is read (a later value of the same key replaces it), each key as it
     * comes (a later member cannot make a bad key or one too many good).
     */
    private static final class Fields {
        private String name = "";
        private String timestamp = "";
        private final List<String> keys = new ArrayList<>();
        /** By key; null where the value is no string. */
        private final List<String> values = new ArrayList<>();
        /** Why the details are refused, found while reading; the rest of the object is skipped. */
        private String refusal;

        /** Reads the object whose start {@code json} is at, to its end. */
        static Fields read(JsonParser json) throws IOException {
            Fields fields = new Fields();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String key = json.currentName();
                JsonToken value = json.nextToken();
                String text = value == JsonToken.VALUE_STRING ? json.getText() : null;
                json.skipChildren();
                if (key.equals("event")) {
                    fields.name = text == null ? "" : text;
                } else if (key.equals("timestamp")) {
                    fields.timestamp = text == null ? "" : text;
                } else if (fields.refusal == null) {
                    fields.detail(key, text);
                }
            }
            return fields;
        }

        private void detail(String key, String value) {
            int known = keys.indexOf(key);
            if (known >= 0) {
                values.set(known, value);
            } else if (keys.size() == MAX_DETAILS || !lowerCaseWord(key, '-')) {
                refusal = notShortText(key);
            } else {
                keys.add(key);
                values.add(value);
            }
        }

        /** The details, once the object is read. @throws IllegalArgumentException saying which is not a short text */
        BootEvent.Details details() {
            if (refusal != null) {
                throw new IllegalArgumentException(refusal);
            }
            for (int i = 0; i < keys.size(); i++) {
                if (values.get(i) == null || values.get(i).length() > MAX_VALUE) {
                    throw new IllegalArgumentException(notShortText(keys.get(i)));
                }
            }
            return BootEvent.Details.restored(keys.toArray(new String[0]), values.toArray(new String[0]));
        }

        private static String notShortText(String key) {
            return "detail '" + key + "' is not a short text (at most " + MAX_DETAILS + " details of " + MAX_VALUE
                    + " characters)";
        }
    }

    /**
     * Whether {@code text} (an event name or a detail key) is 1 to {@value #MAX_KEY} of {@code a-z}, {@code 0-9} and {@code joiner}:
     * a loop, not a regular expression, which took a tenth of dhcp6d's events thread (JFR).
     */
    private static boolean lowerCaseWord(String text, char joiner) {
        if (text.isEmpty() || text.length() > MAX_KEY) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == joiner)) {
                return false;
            }
        }
        return true;
    }
}
