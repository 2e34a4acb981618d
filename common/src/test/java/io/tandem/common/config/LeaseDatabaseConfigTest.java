package io.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.config.PostgresqlDatabase.OnFail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code lease-database} with {@code "type": "postgresql"}: Kea's keys, Kea's defaults, errors at their JSON path. */
class LeaseDatabaseConfigTest {
    private final ConfigProblems problems = new ConfigProblems();

    private LeaseDatabaseConfig read(String leaseDatabase) throws ConfigException {
        return LeaseDatabaseConfig.read(ConfigNode.root(ConfigJson.read("{\"lease-database\": " + leaseDatabase + "}", ""),
                "/Dhcp6", problems), Path.of("/etc/tandem"));
    }

    private List<String> errors() {
        return problems.errors().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void postgresqlWithKeaDefaults() throws ConfigException {
        LeaseDatabaseConfig config = read("{\"type\": \"postgresql\", \"name\": \"kea\"}");
        assertEquals(List.of(), errors());
        assertEquals(Optional.of(new PostgresqlDatabase("kea", "localhost", 5432, "", "", Duration.ofSeconds(5), 0,
                Duration.ZERO, OnFail.STOP_RETRY_EXIT)), config.postgresql());
        assertTrue(config.leaseFile().isEmpty(), "name is the database, not a lease file");
    }

    @Test
    void postgresqlWithEveryKey() throws ConfigException {
        LeaseDatabaseConfig config = read("{\"type\": \"postgresql\", \"name\": \"leases\", \"host\": \"db1.example.org\","
                + " \"port\": 5433, \"user\": \"tandem\", \"password\": \"s3cret\", \"connect-timeout\": 2,"
                + " \"max-reconnect-tries\": 10, \"reconnect-wait-time\": 3000, \"on-fail\": \"serve-retry-continue\"}");
        assertEquals(List.of(), errors());
        PostgresqlDatabase database = config.postgresql().orElseThrow();
        assertEquals(new PostgresqlDatabase("leases", "db1.example.org", 5433, "tandem", "s3cret", Duration.ofSeconds(2),
                10, Duration.ofSeconds(3), OnFail.SERVE_RETRY_CONTINUE), database);
        assertEquals("postgresql leases@db1.example.org:5433", database.where());
        assertFalse(database.toString().contains("s3cret"), database.toString());
        assertFalse(config.toString().contains("s3cret"), config.toString());
    }

    @Test
    void errorsNameTheirPath() throws ConfigException {
        read("{\"type\": \"postgresql\", \"port\": 70000, \"on-fail\": \"retry\", \"persist\": false}");
        assertEquals(List.of(
                "error: /Dhcp6/lease-database/persist: not read with \"type\": \"postgresql\"",
                "error: /Dhcp6/lease-database/name: missing; expected a string",
                "error: /Dhcp6/lease-database/port: expected an integer from 1 to 65535, got the number 70000",
                "error: /Dhcp6/lease-database/on-fail: expected \"stop-retry-exit\", \"serve-retry-exit\","
                        + " \"serve-retry-continue\", got \"retry\""), errors());
    }

    @Test
    void memfileRefusesDatabaseKeysAndOtherTypes() throws ConfigException {
        read("{\"type\": \"memfile\", \"host\": \"db1\"}");
        read("{\"type\": \"mysql\", \"name\": \"kea\"}");
        assertEquals(2, errors().size(), errors().toString());
        assertEquals("error: /Dhcp6/lease-database/host: not read with \"type\": \"memfile\"", errors().get(0));
        assertTrue(errors().get(1).startsWith("error: /Dhcp6/lease-database/type: expected \"memfile\" or \"postgresql\""),
                errors().get(1));
    }
}
