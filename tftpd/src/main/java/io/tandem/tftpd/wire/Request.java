package io.tandem.tftpd.wire;

import java.util.List;
import java.util.Optional;

/** A read or write request (RFC 1350 §5, with the options of RFC 2347 §2). */
public sealed interface Request extends TftpPacket permits ReadRequest, WriteRequest {
    String filename();

    /** The transfer mode as sent ({@code netascii}, {@code octet}, {@code mail}, any case). */
    String mode();

    /** The options in the order sent, duplicates included. */
    List<TftpOption> options();

    /** The first option called {@code name}, in any case. */
    default Optional<TftpOption> option(String name) {
        return options().stream().filter(option -> option.is(name)).findFirst();
    }
}
