package io.tandem.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.identity.MacAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventDatagram() {
    }

    public static byte[] encode(BootEvent event) {
        try {
            return JSON.writeValueAsBytes(event.toStreamJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    /**
     * {@code events} as few datagrams as they fit in, one event a line. An event that alone is
     * longer than {@link #MAX_BYTES} (its details are bounded well below that) goes alone.
     */
    public static List<byte[]> encode(List<BootEvent> events) {
        List<byte[]> datagrams = new ArrayList<>();
        ByteArrayOutputStream datagram = new ByteArrayOutputStream(MAX_BYTES);
        for (BootEvent event : events) {
            byte[] line = encode(event);
            if (datagram.size() > 0 && datagram.size() + 1 + line.length > MAX_BYTES) {
                datagrams.add(datagram.toByteArray());
                datagram.reset();
            }
            if (datagram.size() > 0) {
                datagram.write(LINE_END);
            }
            datagram.write(line, 0, line.length);
        }
        if (datagram.size() > 0) {
            datagrams.add(datagram.toByteArray());
        }
        return datagrams;
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

    private static BootEvent decode(byte[] datagram, int offset, int length) {
        JsonNode root;
        try {
            root = JSON.readTree(datagram, offset, length);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (root == null || !root.isObject() || !root.path("mac").isTextual() || !root.path("event").isObject()) {
            throw new IllegalArgumentException("not {\"mac\": ..., \"event\": {...}}");
        }
        MacAddress mac = MacAddress.tryParse(root.get("mac").asText())
                .orElseThrow(() -> new IllegalArgumentException("not a MAC: " + root.get("mac").asText()));
        JsonNode event = root.get("event");
        String name = event.path("event").asText("");
        if (!lowerCaseWord(name, '_')) {
            throw new IllegalArgumentException("not an event name: '" + name + "'");
        }
        Instant timestamp;
        try {
            timestamp = BootEvent.parseTimestamp(event.path("timestamp").asText(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("no RFC 3339 timestamp");
        }
        Map<String, String> details = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = event.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.equals("event") || key.equals("timestamp")) {
                continue;
            }
            if (details.size() == MAX_DETAILS || !lowerCaseWord(key, '-')
                    || !field.getValue().isTextual() || field.getValue().asText().length() > MAX_VALUE) {
                throw new IllegalArgumentException("detail '" + key + "' is not a short text (at most " + MAX_DETAILS
                        + " details of " + MAX_VALUE + " characters)");
            }
            details.put(key, field.getValue().asText());
        }
        return new BootEvent(mac, name, timestamp, details);
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
