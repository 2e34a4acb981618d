package io.tandem.dhcp6d.http;

import io.tandem.common.identity.MacAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One GET of a boot file, when it ended (a HEAD sends no file and is not reported).
 *
 * @param mac       the MAC of a {@code /boot/<mac>/<file>} path
 * @param requested the path below {@code /boot/} as the client sent it, percent-decoded
 * @param file      the file served, relative to the boot-file directory, {@code /}-separated;
 *                  empty when the request was refused before a file was found
 * @param client    the client's address and port
 * @param bytes     bytes handed to the network
 * @param outcome   how it ended
 * @param detail    why, for people, when it was not sent: the refusal, the connection's error
 */
public record BootFileReport(Optional<MacAddress> mac, String requested, String file, InetSocketAddress client,
                             long bytes, Outcome outcome, String detail) {
    /** How a GET of a boot file ended. */
    public enum Outcome {
        /** The whole file was sent. */
        SENT,
        /** Answered 403 or 404: no such file, or a path outside the directory. */
        REFUSED,
        /** The connection failed or was closed before the whole file was sent. */
        CUT_SHORT
    }
}
