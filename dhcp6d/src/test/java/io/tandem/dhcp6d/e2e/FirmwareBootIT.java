package io.tandem.dhcp6d.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.Lease6;
import io.tandem.common.testing.LabProcess;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.NetnsLab;
import io.tandem.common.wire.Addresses;
import io.tandem.dhcp6d.loopback.DashboardBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A bare virtual machine with UEFI firmware boots over IPv6 into its per-host HTTP boot URL with
 * nothing but dhcp6d and a router sending RAs (radvd with {@code conf/radvd.conf}, M=1), as issue 4 asks: Debian's OVMF in
 * qemu (TCG: KVM does not work inside these machines), Debian's {@code ipxe.efi}, and a tiny iPXE
 * script standing in for the operator's HTTP boot server.
 *
 * <ul>
 * <li>PXE: firmware Solicit, Advertise with the MAC address and option 59, Request, Reply, TFTP
 * of {@code <mac>/ipxe.efi} from dhcp6d's TFTP server, iPXE's Solicit with user class
 * {@code iPXE}, Reply with the rendered template, HTTP GET of that URL with the right {@code mac=}
 * from the MAC-derived address.</li>
 * <li>UEFI HTTP boot: the firmware's Solicit with vendor class {@code HTTPClient}, the offer with
 * option 59 and {@code HTTPClient} echoed, a GET of {@code ipxe.efi} from dhcp6d's own HTTP
 * listener, then the same iPXE chain.</li>
 * </ul>
 * The wire is read back by tshark from a capture of the VM's tap device; the boot's events are read
 * from a {@code GET /events?mac=} stream opened before the boot and from one opened after it, and
 * the boot dashboard ({@code GET /}) is opened after it in headless Chromium.
 */
@Tag("system")
class FirmwareBootIT {
    private static final Path OVMF_CODE = Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd");
    private static final Path OVMF_VARS = Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd");
    private static final Path IPXE_EFI = Path.of("/usr/lib/ipxe/ipxe.efi");
    /** TCG boots OVMF to iPXE in about a minute here; UEFI HTTP waits for HTTPv4 to give up first. */
    private static final Duration BOOT_DEADLINE = Duration.ofMinutes(6);
    private static final String MARKER = "TANDEM-IPXE-SCRIPT";
    private static final String CONFIG = """
            {"Dhcp6": {
              "interfaces-config": {"interfaces": ["br0"]},
              "subnet6": [{"id": 1, "subnet": "2001:db8:1::/64", "interface": "br0",
                           "mac-addressing": {"prefix": "2001:db8:1:0:1::/80"}}],
              "netboot": {
                "http-boot-url-template": "http://[2001:db8:1::1]:8080/boot.ipxe?mac={{.MAC}}",
                "http-boot-file-urls": {"x86-64-efi": "http://[2001:db8:1::1]:6315/boot/{{.MAC}}/ipxe.efi"}
              },
              "tftp": {"root": "%s"},
              "http": {"listen": "[::]:6315"}
            }}
            """;
    /** The operator's boot script: says which MAC it was fetched for, then stops (Debian's iPXE has no poweroff). */
    private static final String SCRIPT = "#!ipxe\necho " + MARKER + " mac=${net0/mac}\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static NetnsLab lab;
    private static NetnsLab.Namespace server;
    private static Dhcp6dProcess daemon;
    private static LabProcess bootServer;
    /** A TCP bridge from the host's [::1] to dhcp6d's listener in the lab, for the browser outside it. */
    private static Process dashboardBridge;
    private static int dashboardPort;

    @BeforeAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    static void startNetwork() throws IOException {
        NetnsLab.requireCommands("qemu-system-x86_64", "radvd", "tcpdump", "tshark", "python3", "curl", "socat",
                "chromium", "chromedriver");
        for (Path file : List.of(OVMF_CODE, OVMF_VARS, IPXE_EFI)) {
            assertTrue(Files.isReadable(file), file + " is missing: apt-get install ovmf ipxe (scripts/install-test-deps)");
        }
        Path tftpRoot = Files.createDirectories(work.resolve("tftp"));
        Files.copy(IPXE_EFI, tftpRoot.resolve("ipxe.efi"));
        Path www = Files.createDirectories(work.resolve("www"));
        Files.writeString(www.resolve("boot.ipxe"), SCRIPT);
        // The operator's example, on the lab's bridge.
        Files.writeString(work.resolve("radvd.conf"), Files.readString(Launcher.repository().resolve("conf/radvd.conf"))
                .replace("interface eth0", "interface br0"));

        lab = NetnsLab.create(work.resolve("lab"));
        server = lab.namespace("srv");
        lab.execOk(server, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1", "net.ipv6.conf.default.accept_dad=0");
        lab.execOk(server, "ip", "link", "add", "br0", "type", "bridge");
        for (String tap : List.of("tap0", "tap1")) {
            lab.execOk(server, "ip", "tuntap", "add", tap, "mode", "tap");
            lab.execOk(server, "ip", "link", "set", tap, "master", "br0", "up");
        }
        lab.execOk(server, "ip", "link", "set", "br0", "up");
        lab.execOk(server, "ip", "addr", "add", "2001:db8:1::1/64", "dev", "br0", "nodad");
        // OVMF tries HTTPv4 before HTTPv6; an IPv4 address lets that attempt fail quickly and cleanly.
        lab.execOk(server, "ip", "addr", "add", "192.0.2.1/24", "dev", "br0");
        lab.start("radvd", server, "radvd", "-n", "-m", "stderr", "-C", work.resolve("radvd.conf").toString(),
                "-p", work.resolve("radvd.pid").toString());
        bootServer = lab.start("boot-server", server, "python3", "-u", "-m", "http.server", "--bind", "2001:db8:1::1",
                "--directory", www.toString(), "8080");
        daemon = Dhcp6dProcess.start(lab, server, work.resolve("dhcp6d"), CONFIG.formatted(tftpRoot));
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            dashboardPort = probe.getLocalPort();
        }
        dashboardBridge = new ProcessBuilder("socat", "TCP6-LISTEN:" + dashboardPort + ",bind=[::1],reuseaddr,fork",
                "EXEC:ip netns exec " + server.name() + " socat STDIO TCP6\\:[\\:\\:1]\\:6315")
                .redirectErrorStream(true).redirectOutput(work.resolve("socat.log").toFile()).start();
    }

    @AfterAll
    static void stopNetwork() {
        if (dashboardBridge != null) {
            dashboardBridge.descendants().forEach(ProcessHandle::destroy);
            dashboardBridge.destroy();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void pxeFirmwareChainsToIpxeOverTftpThenToTheTemplatedUrl() {
        Boot boot = boot("pxe", "tap0", "52:54:00:12:34:56", List.of(
                "-fw_cfg", "name=opt/org.tianocore/IPv4PXESupport,string=no"));

        boot.expectOnWire(List.of(
                step("firmware Solicit with vendor class PXEClient", p -> p.dhcp("1") && p.vendorClass.startsWith("PXEClient")
                        && p.source.equals(boot.linkLocal)),
                step("Advertise with the MAC address and option 59", p -> p.dhcp("2") && p.address.equals(boot.address)
                        && p.options.contains("59")),
                step("firmware Request with vendor class PXEClient", p -> p.dhcp("3") && p.vendorClass.startsWith("PXEClient")),
                step("Reply with the address and option 59", p -> p.dhcp("7") && p.address.equals(boot.address)
                        && p.options.contains("59")),
                step("TFTP read of <mac>/ipxe.efi", p -> p.tftpFile.equals(boot.mac + "/ipxe.efi")
                        && p.source.equals(boot.address)),
                step("iPXE Solicit with user class iPXE", p -> p.dhcp("1") && p.userClass.equals("69505845")),
                step("Reply to iPXE with the address and option 59", p -> p.dhcp("7") && p.address.equals(boot.address)
                        && p.options.contains("59")),
                step("HTTP GET of the templated URL from the MAC's address", p -> p.httpUri.equals(boot.templatedPath())
                        && p.source.equals(boot.address))));
        boot.expectServedScript();
        boot.expectEvents(List.of("init", "point_pxe_to_ipxe_over_tftp", "served_ipxe_over_tftp", "point_ipxe_to_http_boot"));
        boot.expectOneAddress();
        boot.expectOnDashboard(List.of("firmware", "PXE", "iPXE", "HTTP boot"));
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void uefiHttpBootFetchesIpxeFromDhcp6dThenChainsToTheTemplatedUrl() {
        Boot boot = boot("http", "tap1", "52:54:00:12:34:57", List.of(
                "-fw_cfg", "name=opt/org.tianocore/IPv4PXESupport,string=no",
                "-fw_cfg", "name=opt/org.tianocore/IPv6PXESupport,string=no"));

        boot.expectOnWire(List.of(
                step("firmware Solicit with vendor class HTTPClient", p -> p.dhcp("1") && p.vendorClass.startsWith("HTTPClient")
                        && p.source.equals(boot.linkLocal)),
                step("Advertise with the address, option 59 and HTTPClient echoed", p -> p.dhcp("2")
                        && p.address.equals(boot.address) && p.options.contains("59") && p.vendorClass.equals("HTTPClient")),
                step("Reply with option 59 and HTTPClient", p -> p.dhcp("7") && p.address.equals(boot.address)
                        && p.options.contains("59") && p.vendorClass.equals("HTTPClient")),
                step("HTTP GET of ipxe.efi from dhcp6d", p -> p.httpUri.equals("/boot/" + boot.mac + "/ipxe.efi")
                        && p.source.equals(boot.address)),
                step("iPXE Solicit with user class iPXE", p -> p.dhcp("1") && p.userClass.equals("69505845")),
                step("HTTP GET of the templated URL from the MAC's address", p -> p.httpUri.equals(boot.templatedPath())
                        && p.source.equals(boot.address))));
        boot.expectServedScript();
        boot.expectEvents(List.of("init", "http_boot", "served_boot_file_over_http", "point_ipxe_to_http_boot"));
        boot.expectOneAddress();
        boot.expectOnDashboard(List.of("firmware", "UEFI HTTP", "iPXE", "HTTP boot"));
    }

    /** Boots one VM on {@code tap} until the boot script ran, capturing its wire and its event stream. */
    private static Boot boot(String name, String tap, String mac, List<String> firmwareSettings) {
        Path directory = work.resolve(name);
        Path vars = directory.resolve("OVMF_VARS.fd");
        Path serial = directory.resolve("serial.log");
        Path capture = directory.resolve(tap + ".pcap");
        try {
            Files.createDirectories(directory);
            Files.copy(OVMF_VARS, vars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LabProcess tcpdump = lab.start("tcpdump-" + tap, server, "tcpdump", "-i", tap, "-U", "--immediate-mode", "-s", "0", "-Z", "root",
                "-w", capture.toString());
        String events = "http://[::1]:6315/events?mac=" + mac;
        LabProcess before = lab.start("events-" + name, server, "curl", "-sN", "--max-time", "900", events);
        NetnsLab.await(Duration.ofSeconds(10), "the event stream and the capture to start",
                () -> before.output().startsWith("data: ") && Files.exists(capture), before::output);
        List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-machine", "q35",
                "-m", "512", "-display", "none", "-monitor", "none", "-no-reboot",
                "-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
                "-drive", "if=pflash,format=raw,file=" + vars,
                "-netdev", "tap,id=net0,ifname=" + tap + ",script=no,downscript=no",
                // romfile= keeps qemu's iPXE option ROM out: OVMF's own virtio driver and PXE/HTTP stack run.
                "-device", "virtio-net-pci,netdev=net0,mac=" + mac + ",romfile=",
                "-serial", "file:" + serial));
        command.addAll(firmwareSettings);
        LabProcess qemu = lab.start("qemu-" + name, server, command.toArray(String[]::new));
        Boot boot = new Boot(directory, mac, serial, capture);
        try {
            NetnsLab.await(BOOT_DEADLINE, "the VM to run the boot script of " + mac,
                    () -> boot.serial().contains(MARKER + " mac=" + mac) || !qemu.isAlive(), boot::diagnostics);
            assertTrue(qemu.isAlive(), "qemu ended early:\n" + qemu.output() + boot.diagnostics());
        } finally {
            qemu.stop(Duration.ofSeconds(5));
            // tcpdump's immediate mode hands it every frame at once; a second lets it write the last ones.
            NetnsLab.sleep(1000);
            tcpdump.signal("INT");
            tcpdump.awaitExit(Duration.ofSeconds(10));
            before.stop(Duration.ofSeconds(2));
        }
        keepForInspection(directory, capture, serial);
        NetnsLab.Result after = lab.exec(server, Duration.ofSeconds(15), "curl", "-sN", "--max-time", "3", events);
        boot.streams(before.output(), after.output());
        return boot;
    }

    /** The capture and the console outlive the temporary directory: target/firmware-boot/<name>/. */
    private static void keepForInspection(Path directory, Path... files) {
        try {
            Path kept = Files.createDirectories(Path.of("target", "firmware-boot", directory.getFileName().toString()));
            for (Path file : files) {
                if (Files.exists(file)) {
                    Files.copy(file, kept.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Step step(String what, Predicate<Packet> matches) {
        return new Step(what, matches);
    }

    private record Step(String what, Predicate<Packet> matches) {
    }

    /** One frame as tshark decodes it; empty strings for what it does not have. */
    private record Packet(int frame, String source, String messageType, String vendorClass, String userClass,
                          String address, Set<String> options, String tftpFile, String httpUri) {
        boolean dhcp(String type) {
            return messageType.equals(type);
        }

        static Packet parse(String line) {
            String[] f = Arrays.copyOf(line.split("\t", -1), 9);
            for (int i = 0; i < f.length; i++) {
                f[i] = f[i] == null ? "" : f[i];
            }
            // Several values of one field come comma-separated; the message type and addresses of
            // relayed messages are not in play on this link.
            return new Packet(Integer.parseInt(f[0]), f[1], f[2], first(f[3]), first(f[4]), first(f[5]),
                    new TreeSet<>(Arrays.asList(f[6].split(","))), f[7], f[8]);
        }

        private static String first(String values) {
            int comma = values.indexOf(',');
            return comma < 0 ? values : values.substring(0, comma);
        }
    }

    /** What one boot left behind, and the checks on it. */
    private static final class Boot {
        final Path directory;
        final String mac;
        final String linkLocal;
        final String address;
        final Path serial;
        final Path capture;
        List<String> streamed = List.of();
        List<String> snapshot = List.of();
        String streamText = "";

        Boot(Path directory, String mac, Path serial, Path capture) {
            this.directory = directory;
            this.mac = mac;
            this.serial = serial;
            this.capture = capture;
            this.linkLocal = Addresses.text(MacAddress.parse(mac).linkLocal());
            this.address = Addresses.text(PrefixPlusMac.address("2001:db8:1:0:1::/80", mac));
        }

        String serial() {
            return Files.exists(serial) ? Evidence.read(serial) : "";
        }

        /** The request path iPXE sends for the rendered template: it percent-encodes the colons. */
        String templatedPath() {
            return "/boot.ipxe?mac=" + mac.replace(":", "%3A");
        }

        void streams(String before, String after) {
            streamText = before;
            streamed = streamedNames(before);
            snapshot = snapshotNames(after);
        }

        List<Packet> packets() {
            // dhcp6d's HTTP port decoded as HTTP by name: left to tshark's guess, a firmware source
            // port that happens to be a registered one (1883, MQTT) hid the GET of ipxe.efi
            NetnsLab.Result decoded = NetnsLab.runOnHost(Duration.ofSeconds(60), "tshark", "-r", capture.toString(),
                    "-d", "tcp.port==6315,http", "-Y", "dhcpv6 || tftp.opcode == 1 || http.request", "-T", "fields", "-E", "occurrence=a",
                    "-E", "aggregator=,", "-e", "frame.number", "-e", "ipv6.src", "-e", "dhcpv6.msgtype",
                    "-e", "dhcpv6.vendorclass.data", "-e", "dhcpv6.userclass.opaque_data", "-e", "dhcpv6.iaaddr.ip",
                    "-e", "dhcpv6.option.type", "-e", "tftp.source_file", "-e", "http.request.uri");
            assertTrue(decoded.ok(), "tshark: " + decoded);
            return decoded.output().lines().filter(line -> !line.isBlank() && Character.isDigit(line.charAt(0)))
                    .map(Packet::parse).toList();
        }

        void expectOnWire(List<Step> steps) {
            List<Packet> packets = packets();
            int from = 0;
            for (Step step : steps) {
                int found = -1;
                for (int i = from; i < packets.size() && found < 0; i++) {
                    if (step.matches().test(packets.get(i))) {
                        found = i;
                    }
                }
                if (found < 0) {
                    fail("not on the wire after frame " + (from == 0 ? 0 : packets.get(from - 1).frame()) + ": "
                            + step.what() + "\n" + String.join("\n", packets.stream().map(Packet::toString).toList())
                            + diagnostics());
                }
                from = found + 1;
            }
        }

        void expectServedScript() {
            String log = bootServer.output();
            assertTrue(log.contains(address + " - - ") && log.contains("\"GET " + templatedPath() + " HTTP/1.1\" 200"),
                    "the boot server's log shows the templated URL fetched from " + address + ":\n" + log);
            assertTrue(serial().contains("Filename: http://[2001:db8:1::1]:8080/boot.ipxe?mac=" + mac),
                    "iPXE names the rendered URL:\n" + serial());
        }

        /** The stream opened before and the one opened after show the same events; {@code stages} in order among them. */
        void expectEvents(List<String> stages) {
            assertFalse(streamed.contains("os_init"), "no OS booted: " + streamed);
            List<String> stagesSeen = streamed.stream().filter(stages::contains).toList();
            assertEquals(stages, stagesSeen, "the stages of " + mac + " in order, live:\n" + streamText);
            assertEquals(streamed, snapshot, "the stream opened after the boot shows what the live one did");
        }

        /** Every lease row of this MAC (firmware, its network stack, iPXE) has the one MAC-derived address. */
        void expectOneAddress() {
            List<Lease6> rows = daemon.leases().leases().stream()
                    .filter(row -> row.hardwareAddress().map(hw -> hw.address().colonHex().equalsIgnoreCase(mac)).orElse(false)).toList();
            assertTrue(rows.size() >= 2, "firmware and iPXE each bound: " + rows);
            Set<String> addresses = new TreeSet<>();
            rows.forEach(row -> addresses.add(Addresses.text(row.address())));
            assertEquals(Set.of(address), addresses);
        }

        /**
         * The boot dashboard, in headless Chromium outside the lab, shows the MAC's latest attempt
         * with {@code stages} in order, each finished one with its time and the last still running:
         * no OS boots here, so the machine is booting (or stalled, had the checks taken a minute),
         * never failed nor unserved.
         */
        @SuppressWarnings("unchecked")
        void expectOnDashboard(List<String> stages) {
            ChromeDriver browser = DashboardBrowser.open();
            try {
                browser.get("http://[::1]:" + dashboardPort + "/");
                String row = "#machines tbody tr[data-mac='" + mac + "']";
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.withMessage(() -> "no row for " + mac + ": " + browser.findElement(By.id("machines")).getText())
                        .until(driver -> Boolean.TRUE.equals(browser.executeScript("const open = document"
                                + ".querySelector(\"" + row + " button.mac\"); if (open) { open.click(); } return !!open;")));
                String timelineScript = "return [...document.querySelectorAll('#timeline li:not(.four-o-six)')]"
                        + ".map(li => li.querySelector('.stage').textContent + '|' + li.querySelector('.time').textContent)";
                List<String> timeline = wait.withMessage(() -> "the stages of " + mac + ": "
                                + browser.executeScript(timelineScript))
                        .until(driver -> {
                            List<String> parts = (List<String>) browser.executeScript(timelineScript);
                            return parts.stream().map(part -> part.split("\\|")[0]).toList().equals(stages) ? parts : null;
                        });
                for (String finished : timeline.subList(0, timeline.size() - 1)) {
                    assertTrue(finished.matches(".*\\|(\\d+ ms|[\\d.]+ s|\\d+m\\d\\ds)"), "a duration: " + timeline);
                }
                assertTrue(timeline.get(timeline.size() - 1).endsWith(" so far"), "the last stage runs: " + timeline);
                String state = (String) browser.executeScript("return document.querySelector(\"" + row
                        + "\").cells[0].textContent");
                assertTrue(state.contains("booting") || state.contains("stalled"), state);
            } finally {
                browser.quit();
            }
        }

        String diagnostics() {
            String text = serial();
            return new Evidence().section("serial console (last 3000 characters)",
                            text.substring(Math.max(0, text.length() - 3000)))
                    .section("dhcp6d log", daemon.log()).section("boot server log", bootServer.output()).toString();
        }

        private static List<String> streamedNames(String sse) {
            List<String> names = new ArrayList<>();
            List<String> data = dataLines(sse);
            if (!data.isEmpty()) {
                names.addAll(entryNames(parse(data.get(0))));
                for (String line : data.subList(1, data.size())) {
                    names.add(parse(line).path("event").path("event").asText());
                }
            }
            return names;
        }

        private static List<String> snapshotNames(String sse) {
            List<String> data = dataLines(sse);
            assertFalse(data.isEmpty(), "a stream begins with its snapshot: " + sse);
            return entryNames(parse(data.get(0)));
        }

        private static List<String> entryNames(JsonNode entry) {
            List<String> names = new ArrayList<>();
            entry.path("Events").forEach(event -> names.add(event.path("event").asText()));
            return names;
        }

        private static List<String> dataLines(String sse) {
            return sse.lines().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6)).toList();
        }

        private static JsonNode parse(String json) {
            try {
                return JSON.readTree(json);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + json, e);
            }
        }
    }
}
