package io.tandem.dhcp6d.http;

import io.tandem.common.identity.MacAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One boot file sent over HTTP (a GET; a HEAD sends no file and is not reported).
 *
 * @param mac       the MAC of a {@code /boot/<mac>/<file>} path
 * @param requested the path below {@code /boot/} as the client sent it, percent-decoded
 * @param file      the file served, relative to the boot-file directory, {@code /}-separated
 * @param client    the client's address and port
 * @param bytes     bytes handed to the network
 * @param complete  whether the whole file was sent; false when the connection failed first
 */
public record BootFileReport(Optional<MacAddress> mac, String requested, String file, InetSocketAddress client,
                             long bytes, boolean complete) {
}
