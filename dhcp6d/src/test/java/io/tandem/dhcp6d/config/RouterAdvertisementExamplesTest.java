package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfigException;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.NetnsLab;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The router advertisement examples in {@code conf/} (radvd and systemd-networkd) set the M flag
 * and announce the subnet that {@code conf/dhcp6d.json} serves, so that an operator who copies
 * the three gets a network boot; radvd itself checks its file. FirmwareBootIT boots OVMF with
 * the radvd file.
 */
class RouterAdvertisementExamplesTest {
    private static final Path CONF = Launcher.repository().resolve("conf");

    @Test
    void radvdAnnouncesTheManagedFlagAndDhcp6dsSubnet() throws IOException, ConfigException {
        String radvd = Files.readString(CONF.resolve("radvd.conf"));
        assertTrue(radvd.matches("(?s).*AdvManagedFlag\\s+on;.*"), "M=1");
        assertTrue(radvd.matches("(?s).*AdvAutonomous\\s+off;.*"), "no SLAAC beside prefix + MAC");
        assertEquals(servedSubnet(), find(radvd, "prefix\\s+(\\S+)\\s*\\{"));
    }

    @Test
    void systemdNetworkdAnnouncesTheManagedFlagAndDhcp6dsSubnet() throws IOException, ConfigException {
        String network = Files.readString(CONF.resolve("systemd-networkd/50-netboot.network"));
        assertTrue(network.matches("(?s).*\\[IPv6SendRA]\\s*\\nManaged=yes.*"), "M=1 in [IPv6SendRA]");
        assertTrue(network.contains("IPv6SendRA=yes"));
        assertEquals(servedSubnet(), find(network, "\\[IPv6Prefix]\\s*\\nPrefix=(\\S+)"));
    }

    @Test
    @Tag("system")
    void radvdAcceptsItsExample() {
        NetnsLab.requireCommands("radvd");
        NetnsLab.Result check = NetnsLab.runOnHost(Duration.ofSeconds(10), "radvd", "--configtest", "-C",
                CONF.resolve("radvd.conf").toString());
        assertTrue(check.ok(), check.toString());
    }

    private static String servedSubnet() throws IOException, ConfigException {
        // The directly served link: subnet 1 on eth0.
        return Dhcp6ConfigParser.parseFile(CONF.resolve("dhcp6d.json")).config().subnets().stream()
                .filter(subnet -> subnet.id() == 1).findFirst().orElseThrow().prefix().toString();
    }

    private static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), "no " + regex);
        return matcher.group(1);
    }
}
