package io.tandem.tftpd.wire;

/** ACK (RFC 1350 §5, figure 5-3): {@code | 04 | block |}; block 0 acknowledges an OACK (RFC 2347). */
public record Ack(int block) implements TftpPacket {
    public Ack {
        checkBlock(block);
    }

    static void checkBlock(int block) {
        if (block < 0 || block > 0xffff) {
            throw new IllegalArgumentException("block " + block + " is not from 0 to 65535");
        }
    }

    @Override
    public Opcode opcode() {
        return Opcode.ACK;
    }
}
