package io.tandem.common.config;

import java.util.List;

/**
 * Tandem's {@code http} of either daemon: the listener for {@code /events}, {@code /leases},
 * {@code /health}, {@code /metrics}, boot files and control commands.
 *
 * @param listen       {@code listen} (default {@code [::]:6315} for dhcp6d, {@code [::1]:6317} for dhcp4o6d)
 * @param controlUsers {@code control-users} (default none): who may send control commands, with
 *                     HTTP Basic authentication as Kea does; with none, commands that change
 *                     state are refused
 */
public record HttpConfig(ListenAddress listen, List<ControlUser> controlUsers) {
    /** dhcp6d's default. */
    public static final String DEFAULT_LISTEN = "[::]:6315";
    /** dhcp4o6d's default: loopback, since dhcp4o6d serves nobody on the network itself. */
    public static final String DEFAULT_LISTEN_4O6 = "[::1]:6317";

    public HttpConfig {
        controlUsers = List.copyOf(controlUsers);
    }

    /**
     * One entry of {@code control-users}: {@code user} with {@code password}, or with
     * {@code password-file} (read at load time, final line break removed).
     */
    public record ControlUser(String user, String password) {
        @Override
        public String toString() {
            return "ControlUser[user=" + user + ", password=(hidden)]";
        }
    }
}
