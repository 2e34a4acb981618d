package io.tandem.common.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Kea's {@code lease-database} with {@code "type": "postgresql"}: leases in a PostgreSQL database
 * holding Kea 2.2's schema (created by {@code kea-admin db-init pgsql}), which several servers,
 * Tandem's and Kea's, may share. The keys and their defaults are Kea's.
 *
 * @param name              {@code name}: the database (required)
 * @param host              {@code host} (default {@code localhost})
 * @param port              {@code port} (default 5432)
 * @param user              {@code user} (default empty: libpq's default, the login name)
 * @param password          {@code password} (default empty); never logged, see {@link #toString()}
 * @param connectTimeout    {@code connect-timeout}, seconds (default 5, Kea's {@code PGSQL_DEFAULT_CONNECTION_TIMEOUT})
 * @param maxReconnectTries {@code max-reconnect-tries} (default 0: no reconnection, the {@code on-fail} policy at once)
 * @param reconnectWait     {@code reconnect-wait-time}, milliseconds in the config (default 0)
 * @param onFail            {@code on-fail} (default {@code stop-retry-exit})
 */
public record PostgresqlDatabase(String name, String host, int port, String user, String password,
                                 Duration connectTimeout, long maxReconnectTries, Duration reconnectWait,
                                 OnFail onFail) {
    public static final String TYPE = "postgresql";
    /** The keys only this type reads. */
    static final List<String> KEYS = List.of("host", "port", "user", "password", "connect-timeout",
            "max-reconnect-tries", "reconnect-wait-time", "on-fail");

    /** Kea's {@code on-fail}: what the server does when the database connection is lost. */
    public enum OnFail {
        /** Stop serving, reconnect {@code max-reconnect-tries} times, then exit. */
        STOP_RETRY_EXIT,
        /** Keep serving what needs no lease write, reconnect, then exit. */
        SERVE_RETRY_EXIT,
        /** Keep serving what needs no lease write, reconnect, and keep serving when the tries are spent. */
        SERVE_RETRY_CONTINUE;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Whether the server answers at all (Advertise, Offer, Information-request) while the database is away. */
        public boolean serves() {
            return this != STOP_RETRY_EXIT;
        }

        /** Whether the server exits once the reconnection tries are spent. */
        public boolean exits() {
            return this != SERVE_RETRY_CONTINUE;
        }

        static final ValueType<OnFail> TYPE = new ValueType<>(Arrays.stream(values())
                .map(value -> '"' + value.label() + '"').collect(Collectors.joining(", ")), text -> {
                    for (OnFail value : values()) {
                        if (value.label().equals(text)) {
                            return value;
                        }
                    }
                    throw new IllegalArgumentException();
                });
    }

    /** Reads the postgresql keys of {@code node} (its {@code type} already read). */
    static PostgresqlDatabase read(ConfigNode node) {
        return new PostgresqlDatabase(
                node.string("name").orElse(""),
                node.string("host", "localhost"),
                (int) node.integer("port", 1, 65535, 5432),
                node.string("user", ""),
                node.string("password", ""),
                Duration.ofSeconds(node.integer("connect-timeout", 0, Integer.MAX_VALUE, 5)),
                node.integer("max-reconnect-tries", 0, Integer.MAX_VALUE, 0),
                Duration.ofMillis(node.integer("reconnect-wait-time", 0, ConfigNode.UINT32_MAX, 0)),
                node.optionalValue("on-fail", OnFail.TYPE).orElse(OnFail.STOP_RETRY_EXIT));
    }

    /** Where the leases are, for logs and {@code /health}: {@code postgresql kea@db1:5432}, no credentials. */
    public String where() {
        return "postgresql " + name + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The password never appears: logs and errors that print the record show {@code *****}. */
    @Override
    public String toString() {
        return "PostgresqlDatabase[name=" + name + ", host=" + host + ", port=" + port + ", user=" + user
                + ", password=" + (password.isEmpty() ? "" : "*****") + ", connectTimeout=" + connectTimeout
                + ", maxReconnectTries=" + maxReconnectTries + ", reconnectWait=" + reconnectWait + ", onFail="
                + onFail.label() + "]";
    }
}
