package io.tandem.tftpd.wire;

import io.tandem.common.wire.Bytes;

/**
 * DATA (RFC 1350 §5, figure 5-2): {@code | 03 | block | n bytes |}. A block shorter than the
 * block size ends the transfer; block numbers wrap from 65535 to 0.
 */
public record Data(int block, Bytes data) implements TftpPacket {
    public Data {
        Ack.checkBlock(block);
    }

    @Override
    public Opcode opcode() {
        return Opcode.DATA;
    }

    @Override
    public String toString() {
        return "Data[block=" + block + ", " + data.length() + " bytes]";
    }
}
