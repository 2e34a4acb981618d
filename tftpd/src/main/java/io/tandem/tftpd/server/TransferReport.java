package io.tandem.tftpd.server;

import io.tandem.common.identity.MacAddress;
import io.tandem.tftpd.transfer.TransferOutcome;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One finished transfer, or one refused request.
 *
 * @param mac       the MAC of a {@code <mac>/<file>} request path
 * @param requested the file name as the client sent it
 * @param file      the file served, relative to the root with {@code /} separators; empty when
 *                  the request was refused before a file was found
 * @param client    the client's address and port (its transfer ID)
 * @param bytes     bytes the client acknowledged, as sent (after netascii conversion)
 * @param outcome   how it ended
 * @param detail    why, for people: the client's error message, the refusal reason, the I/O error
 */
public record TransferReport(Optional<MacAddress> mac, String requested, String file, InetSocketAddress client,
                             long bytes, TransferOutcome outcome, String detail) {
}
