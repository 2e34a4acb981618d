package io.tandem.dhcp6d.config;

import io.tandem.common.config.ListenAddress;
import java.nio.file.Path;

/**
 * Tandem's {@code tftp}: the TFTP server built into dhcp6d.
 *
 * @param enabled      {@code enabled} (default true when the configuration has a {@code tftp} or a
 *                     {@code netboot} block, else false: nothing listens that was not asked for)
 * @param listen       {@code listen} (default {@code [::]:69})
 * @param root         {@code root} (default {@code /srv/tftp}, Debian's TFTP directory), resolved
 *                     against the config's directory: the boot files served, read-only
 * @param maxTransfers {@code max-transfers} (default 64): transfers served at the same time
 */
public record TftpConfig(boolean enabled, ListenAddress listen, Path root, int maxTransfers) {
    public static final String DEFAULT_LISTEN = "[::]:69";
    public static final String DEFAULT_ROOT = "/srv/tftp";
    public static final int DEFAULT_MAX_TRANSFERS = 64;
}
