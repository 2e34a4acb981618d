package io.tandem.dhcp6d.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.NetnsLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp6d's HTTP listener on {@code [::]:6315} with its defaults (no {@code control-users}), asked
 * with curl by a host on the served link, as any DHCP client could: {@code /leases},
 * {@code /metrics} and the control commands are refused with 403 saying why, while
 * {@code /events}, {@code /health}, the boot files and the dashboard answer it; the same requests
 * on the server's own loopback are answered.
 */
@Tag("system")
class OperatorRoutesIT {
    private static final String SERVER = "2001:db8:1::1";
    private static final String CONFIG = """
            {"Dhcp6": {
              "interfaces-config": {"interfaces": ["srv0"]},
              "subnet6": [{"id": 1, "subnet": "2001:db8:1::/64", "interface": "srv0",
                           "mac-addressing": {"prefix": "2001:db8:1::/80"}}],
              "tftp": {"enabled": false, "root": "%s"},
              "http": {"listen": "[::]:6315"},
              "events": {"channel": ""}
            }}
            """;

    @TempDir
    Path work;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aHostOnTheLinkReachesWhatClientsNeedAndNothingElse() {
        NetnsLab.requireCommands("curl");
        try (NetnsLab lab = NetnsLab.create(work.resolve("lab"))) {
            askAsAHostOnTheLink(lab);
        }
    }

    private void askAsAHostOnTheLink(NetnsLab lab) {
        NetnsLab.Namespace server = lab.namespace("srv");
        NetnsLab.Namespace client = lab.namespace("cli");
        lab.veth(client, "cli0", NetnsLab.localMac(0x41), server, "srv0", NetnsLab.universalMac(0xfe));
        lab.addAddress(server, "srv0", SERVER + "/64");
        lab.addAddress(client, "cli0", "2001:db8:1::2/64");
        Dhcp6dProcess daemon = Dhcp6dProcess.start(lab, server, work.resolve("dhcp6d"),
                CONFIG.formatted(work.resolve("tftp")));
        NetnsLab.await(Duration.ofSeconds(20), "HTTP_LISTENING", () -> daemon.log().contains("HTTP_LISTENING"),
                daemon::log);
        String onTheLink = "http://[" + SERVER + "]:6315";
        String loopback = "http://[::1]:6315";
        String statusGet = "{\"command\": \"status-get\"}";

        assertAll(
                () -> assertEquals("403", status(lab, client, onTheLink + "/leases"), daemon.log()),
                () -> assertEquals("403", status(lab, client, onTheLink + "/metrics")),
                () -> assertEquals("403", status(lab, client, onTheLink + "/", "-X", "POST", "-d", statusGet)),
                () -> assertTrue(body(lab, client, onTheLink + "/leases").contains("Forbidden: /leases answers only"
                        + " loopback peers ([::1], 127.0.0.1) while no http.control-users are configured; configure"
                        + " users to reach it from 2001:db8:1::2")),
                () -> assertEquals("200", status(lab, client, onTheLink + "/health")),
                () -> assertEquals("200", status(lab, client, onTheLink + "/")),
                () -> assertEquals("404", status(lab, client, onTheLink + "/boot/ipxe.efi"), "open: not there, not refused"),
                () -> assertTrue(body(lab, client, onTheLink + "/events?mac=52:54:00:12:34:56", "--max-time", "2")
                        .startsWith("data: null"), "the event stream is open"),
                () -> assertEquals("200", status(lab, server, loopback + "/leases")),
                () -> assertEquals("200", status(lab, server, loopback + "/metrics")),
                () -> assertEquals("200", status(lab, server, loopback + "/", "-X", "POST", "-d", statusGet)));
    }

    /** The HTTP status curl got from {@code url} inside {@code namespace}. */
    private static String status(NetnsLab lab, NetnsLab.Namespace namespace, String url, String... options) {
        return curl(lab, namespace, url, Stream.concat(Stream.of("-o", "/dev/null", "-w", "%{http_code}"),
                Stream.of(options)).toArray(String[]::new));
    }

    private static String body(NetnsLab lab, NetnsLab.Namespace namespace, String url, String... options) {
        return curl(lab, namespace, url, options);
    }

    private static String curl(NetnsLab lab, NetnsLab.Namespace namespace, String url, String... options) {
        List<String> command = new ArrayList<>(List.of("curl", "-s"));
        command.addAll(List.of(options));
        command.add(url);
        // curl ends a --max-time stream with exit code 28: what it printed is still the answer.
        return lab.exec(namespace, command.toArray(String[]::new)).output();
    }
}
