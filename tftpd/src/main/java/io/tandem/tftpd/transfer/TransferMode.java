package io.tandem.tftpd.transfer;

import java.util.Locale;
import java.util.Optional;

/** The modes a read request may name (RFC 1350 §1); {@code mail} is obsolete and not served. */
public enum TransferMode {
    /** Lines end in CR LF on the wire and a lone CR is sent as CR NUL (RFC 764). */
    NETASCII,
    OCTET;

    public static Optional<TransferMode> parse(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "netascii" -> Optional.of(NETASCII);
            case "octet" -> Optional.of(OCTET);
            default -> Optional.empty();
        };
    }
}
