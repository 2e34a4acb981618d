package io.tandem.dhcp6d.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.tandem.common.event.EventNames;
import io.tandem.common.event.UnattributedEntry;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of the event stream (WHATWG HTML, "Server-sent events"): each message one
 * {@code data:} line of compact JSON, which never holds a line break, and a blank line.
 */
final class SseFormat {
    static final byte[] DATA = ascii("data: ");
    static final byte[] END = ascii("\n\n");
    static final byte[] KEEPALIVE = ascii(": keepalive\n\n");
    static final byte[] NO_MAC = ascii("event: " + EventNames.NO_MAC + "\n");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SseFormat() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] json(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    /** {@code data: <json>} and the blank line that ends the message. */
    static void data(ByteBuf out, byte[] json) {
        out.writeBytes(DATA).writeBytes(json).writeBytes(END);
    }

    /**
     * The notice that {@code count} events were dropped because the reader fell behind: a message
     * of type {@code lost}, which EventSource readers see only if they listen for it, so that
     * dhcpv6macd-style readers of plain messages are not disturbed.
     */
    static void lost(ByteBuf out, long count) {
        out.writeBytes(ascii("event: lost\ndata: {\"lost\":" + count + "}\n\n"));
    }

    /**
     * An event whose MAC was not found, {@code event: no_mac} and its key's entry: like
     * {@link #lost}, a named message, so that the plain messages keep dhcpv6macd's MAC-keyed shape.
     */
    static void noMac(ByteBuf out, UnattributedEntry entry) {
        out.writeBytes(NO_MAC).writeBytes(DATA).writeBytes(json(entry.toStreamJson())).writeBytes(END);
    }
}
