package io.tandem.tftpd.wire;

import java.util.Optional;

/** The first two bytes of every TFTP packet (RFC 1350 §5, OACK from RFC 2347). */
public enum Opcode {
    RRQ(1),
    WRQ(2),
    DATA(3),
    ACK(4),
    ERROR(5),
    OACK(6);

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<Opcode> of(int code) {
        for (Opcode opcode : values()) {
            if (opcode.code == code) {
                return Optional.of(opcode);
            }
        }
        return Optional.empty();
    }
}
