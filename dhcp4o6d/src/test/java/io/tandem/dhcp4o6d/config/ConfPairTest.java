package io.tandem.dhcp4o6d.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigJson;
import io.tandem.common.config.ConfigResult;
import io.tandem.common.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code conf/pair-dhcp4o6d.json} loads cleanly and pairs with {@code conf/pair-dhcp6d.json} (which
 * dhcp6d's conf test loads): the same port, and dhcp6d's subnet 2 is the shared network's link.
 */
class ConfPairTest {
    @Test
    void thePairsDhcp4HalfLoadsCleanlyAndMatchesItsDhcp6Half() throws ConfigException, IOException {
        Path conf = Launcher.repository().resolve("conf");
        ConfigResult<Dhcp4Config> result = Dhcp4ConfigParser.parseFile(conf.resolve("pair-dhcp4o6d.json"));
        assertEquals(List.of(), result.warnings());
        Dhcp4Config config = result.config();
        assertEquals(List.of(), config.subnetsWithoutServerIdentifier(), "-t would warn");
        var dhcp6 = ConfigJson.read(Files.readString(conf.resolve("pair-dhcp6d.json")), "pair-dhcp6d.json").get("Dhcp6");
        assertEquals(dhcp6.get("dhcp4o6-port").asInt(), config.dhcp4o6Port());
        assertEquals(dhcp6.get("subnet6").get(1).get("subnet").asText(),
                config.sharedNetworks().get(0).subnet6().get(0).toString());
        assertTrue(dhcp6.get("option-data").toString().contains("dhcp4o6-server-addr"), "option 88 for clients");
    }
}
