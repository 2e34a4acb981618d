package io.tandem.common.event;

import io.tandem.common.identity.MacAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * An event as the {@link EventTable} keeps it: bytes in its MAC's log, without the MAC (the
 * table's key). A {@link BootEvent} is a dozen objects (the record, its instant, its details' two
 * arrays, a string and its bytes per detail); packed, it is a quarter of the bytes and no object
 * of its own. In a log, each packed event is preceded by its length (a varint), so that the oldest
 * can be skipped.
 *
 * <p>The form: the timestamp's epoch second (8 bytes) and nanosecond (4), big-endian; the name;
 * the number of details (a varint); each detail's key and value. A text is a varint, its number of
 * chars times two plus one when they are written two bytes each (big-endian UTF-16), plus nothing
 * when one byte each (all below U+0100: MACs, DUIDs, addresses, names, nearly always), then the
 * chars. Any Java string comes back as it was, lone surrogates too (which a JSON escape can make).
 */
final class PackedEvent {
    private PackedEvent() {
    }

    /** The bytes of {@code value} as a varint. */
    static int varintSize(int value) {
        int size = 1;
        for (int rest = value >>> 7; rest != 0; rest >>>= 7) {
            size++;
        }
        return size;
    }

    /** Writes {@code value} as a varint at {@code at}, which must have room; returns where it ends. */
    static int writeVarint(byte[] bytes, int at, int value) {
        int next = at;
        int rest = value;
        while ((rest & ~0x7f) != 0) {
            bytes[next++] = (byte) (rest & 0x7f | 0x80);
            rest >>>= 7;
        }
        bytes[next++] = (byte) rest;
        return next;
    }

    /** Packs events into a scratch buffer that it keeps and reuses: one per table, used under the table's lock. */
    static final class Packer {
        private static final int FIRST = 512;
        /** A buffer grown past this for one large event is not kept for the next. */
        private static final int LARGE = 65_536;

        private byte[] buffer = new byte[FIRST];
        private int at;

        /** Packs {@code event} at the start of {@link #buffer()}; returns its length there. */
        int pack(BootEvent event) {
            if (buffer.length > LARGE) {
                buffer = new byte[FIRST];
            }
            at = 0;
            fixed(event.timestamp().getEpochSecond(), 8);
            fixed(event.timestamp().getNano(), 4);
            text(event.name());
            BootEvent.Details details = (BootEvent.Details) event.details();
            varint(details.size());
            for (int i = 0; i < details.size(); i++) {
                text(details.key(i));
                text(details.value(i));
            }
            return at;
        }

        /** The last event packed, from 0 to the length {@link #pack} returned; overwritten by the next. */
        byte[] buffer() {
            return buffer;
        }

        private void fixed(long value, int bytes) {
            room(bytes);
            for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
                buffer[at++] = (byte) (value >>> shift);
            }
        }

        private void varint(int value) {
            room(5);
            at = writeVarint(buffer, at, value);
        }

        private void text(String text) {
            int length = text.length();
            int start = at;
            varint(length << 1);
            room(length);
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c > 0xff) {
                    at = start;
                    varint(length << 1 | 1);
                    room(2 * length);
                    for (int j = 0; j < length; j++) {
                        char wide = text.charAt(j);
                        buffer[at++] = (byte) (wide >>> 8);
                        buffer[at++] = (byte) wide;
                    }
                    return;
                }
                buffer[at++] = (byte) c;
            }
        }

        private void room(int bytes) {
            if (at + bytes > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, at + bytes));
            }
        }
    }

    /** Reads a log's events in order, from a given offset. */
    static final class Reader {
        private final byte[] log;
        private int at;

        Reader(byte[] log, int at) {
            this.log = log;
            this.at = at;
        }

        int at() {
            return at;
        }

        /** Passes over the next event; returns where the one after it starts. */
        int skip() {
            int length = varint();
            at += length;
            return at;
        }

        /** The next event, with {@code mac}; a new {@link BootEvent} each time. */
        BootEvent event(MacAddress mac) {
            int length = varint();
            int end = at + length;
            Instant timestamp = Instant.ofEpochSecond(fixed(8), fixed(4));
            String name = text();
            int count = varint();
            String[] keys = new String[count];
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                keys[i] = text();
                values[i] = text();
            }
            if (at != end) {
                throw new IllegalStateException("a packed event ends at " + at + ", not at " + end);
            }
            return new BootEvent(mac, name, timestamp, BootEvent.Details.restored(keys, values));
        }

        private long fixed(int bytes) {
            long value = 0;
            for (int i = 0; i < bytes; i++) {
                value = value << 8 | log[at++] & 0xff;
            }
            return value;
        }

        private int varint() {
            int value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = log[at++];
                value |= (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        private String text() {
            int form = varint();
            int length = form >>> 1;
            if ((form & 1) == 0) {
                String text = new String(log, at, length, StandardCharsets.ISO_8859_1);
                at += length;
                return text;
            }
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = (char) ((log[at] & 0xff) << 8 | log[at + 1] & 0xff);
                at += 2;
            }
            return new String(chars);
        }
    }
}
