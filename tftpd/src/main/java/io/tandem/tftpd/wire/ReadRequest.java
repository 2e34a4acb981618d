package io.tandem.tftpd.wire;

import java.util.List;

/**
 * RRQ (RFC 1350 §5, figure 5-1), options appended as in RFC 2347 §2:
 * <pre>
 *  2 bytes   string   1 byte  string  1 byte  string  1 byte  string  1 byte
 * | 01     | filename |  0  |  mode  |  0  |  opt1  |  0  | value1 |  0  | ...
 * </pre>
 */
public record ReadRequest(String filename, String mode, List<TftpOption> options) implements Request {
    public ReadRequest {
        TftpText.check(filename, "filename");
        TftpText.check(mode, "mode");
        options = List.copyOf(options);
    }

    public ReadRequest(String filename, String mode, TftpOption... options) {
        this(filename, mode, List.of(options));
    }

    @Override
    public Opcode opcode() {
        return Opcode.RRQ;
    }
}
