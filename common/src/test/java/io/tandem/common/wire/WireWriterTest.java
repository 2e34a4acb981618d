package io.tandem.common.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A writer reused message after message writes each as a fresh one would. */
class WireWriterTest {
    @Test
    void zerosAreWrittenInAClearedWriter() {
        WireWriter writer = new WireWriter(8).u32(0xffffffffL).u32(0xffffffffL);
        writer.clear().u8(1).zeros(6).u8(2);
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 2}, writer.toByteArray());
    }

    @Test
    void truncateForgetsWhatFollows() {
        WireWriter writer = new WireWriter(4).u16(0x0102);
        int at = writer.position();
        writer.u32(0xaabbccddL).truncate(at).u8(3);
        assertArrayEquals(new byte[] {1, 2, 3}, writer.toByteArray());
        assertEquals(Bytes.of(new byte[] {1, 2, 3}), writer.toBytes());
        assertThrows(IllegalArgumentException.class, () -> writer.truncate(4));
        assertThrows(IllegalArgumentException.class, () -> writer.truncate(-1));
    }
}
