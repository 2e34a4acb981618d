package io.tandem.tftpd.wire;

import java.util.List;

/** WRQ (RFC 1350 §5, figure 5-1): the layout of {@link ReadRequest} with opcode 2. */
public record WriteRequest(String filename, String mode, List<TftpOption> options) implements Request {
    public WriteRequest {
        TftpText.check(filename, "filename");
        TftpText.check(mode, "mode");
        options = List.copyOf(options);
    }

    public WriteRequest(String filename, String mode, TftpOption... options) {
        this(filename, mode, List.of(options));
    }

    @Override
    public Opcode opcode() {
        return Opcode.WRQ;
    }
}
