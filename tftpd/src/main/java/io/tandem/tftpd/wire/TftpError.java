package io.tandem.tftpd.wire;

/** ERROR (RFC 1350 §5, figure 5-4): {@code | 05 | code | message | 0 |}. */
public record TftpError(ErrorCode code, String message) implements TftpPacket {
    public TftpError {
        TftpText.check(message, "error message");
    }

    @Override
    public Opcode opcode() {
        return Opcode.ERROR;
    }
}
