package io.tandem.tftpd.wire;

import java.util.List;
import java.util.Optional;

/** OACK (RFC 2347 §2): {@code | 06 | opt1 | 0 | value1 | 0 | ...}, the options the server accepts. */
public record OptionAck(List<TftpOption> options) implements TftpPacket {
    public OptionAck {
        options = List.copyOf(options);
    }

    public OptionAck(TftpOption... options) {
        this(List.of(options));
    }

    public Optional<TftpOption> option(String name) {
        return options.stream().filter(option -> option.is(name)).findFirst();
    }

    @Override
    public Opcode opcode() {
        return Opcode.OACK;
    }
}
