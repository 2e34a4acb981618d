package io.tandem.dhcp4o6d.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigJson;
import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfigProblems;
import io.tandem.common.config.ConfigResult;
import io.tandem.common.config.LeaseDatabaseConfig;
import io.tandem.common.config.PostgresqlDatabase;
import io.tandem.common.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two-server example ({@code conf/shared-dhcp4o6d-a.json}, {@code -b.json} and
 * {@code shared-dhcp6d.json}, which dhcp6d's conf test loads): both DHCPv4 halves load cleanly,
 * all three name the same PostgreSQL database, and the halves give from one pool and differ in
 * their server identifier only.
 */
class ConfSharedTest {
    private static final Path CONF = Launcher.repository().resolve("conf");

    private static Dhcp4Config load(String name) throws ConfigException, IOException {
        ConfigResult<Dhcp4Config> result = Dhcp4ConfigParser.parseFile(CONF.resolve(name));
        assertEquals(List.of(), result.warnings(), name);
        return result.config();
    }

    @Test
    void bothHalvesShareTheDatabaseOfTheirDhcp6dAndOnePool() throws Exception {
        Dhcp4Config a = load("shared-dhcp4o6d-a.json");
        Dhcp4Config b = load("shared-dhcp4o6d-b.json");
        PostgresqlDatabase database = a.leaseDatabase().postgresql().orElseThrow();
        assertEquals(database, b.leaseDatabase().postgresql().orElseThrow());
        ConfigProblems problems = new ConfigProblems();
        ConfigNode dhcp6 = ConfigNode.root(ConfigJson.read(Files.readString(CONF.resolve("shared-dhcp6d.json")),
                "shared-dhcp6d.json").get("Dhcp6"), "/Dhcp6", problems);
        assertEquals(database, LeaseDatabaseConfig.read(dhcp6, CONF).postgresql().orElseThrow());
        assertEquals(a.dhcp4o6Port(), dhcp6.json().get("dhcp4o6-port").asInt());
        assertEquals(a.subnets().get(0).pools(), b.subnets().get(0).pools(), "one pool for both servers");
        assertEquals(ownPartsOut(Files.readString(CONF.resolve("shared-dhcp4o6d-a.json"))),
                ownPartsOut(Files.readString(CONF.resolve("shared-dhcp4o6d-b.json"))), "nothing else differs");
    }

    /** The file below its header comment, with its server identifier taken out. */
    private static String ownPartsOut(String file) {
        return file.substring(file.indexOf("\n{"))
                .replaceAll("\"dhcp-server-identifier\", \"data\": \"[0-9.]+\"", "SERVER-ID");
    }
}
