package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventDatagram;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The boot dashboard in a real browser: Debian's headless Chromium through its chromedriver (named
 * explicitly, so that Selenium fetches nothing), on dhcp6d started by its launcher on loopback,
 * with the page reached through a {@link DroppingProxy} so that its event stream can be cut.
 * A scripted netboot ({@link ScriptedNetboot}) shows every stage in order with its time and ends
 * done; a machine pointed at TFTP that never fetches stalls, with its hint, and one pointed three
 * times is a boot loop; a MAC that asked and got nothing is seen-not-served; a client with no
 * MAC has its row under its DUID in "No MAC found"; a boot file fetched without {@code <mac>/}
 * is on the row of the machine whose address fetched it, or, from an address no binding holds,
 * in the line of unattributed transfers (the address is put on loopback, as root); markup in a
 * hostname and a vendor class is shown as text and runs nothing; "freeze order" keeps rows in
 * place; the search, state filters and sorting survive a reload; a dropped stream says reconnecting, then catches up with nothing doubled;
 * axe-core finds no accessibility violation. {@code -Ddashboard.screenshot=<png>} saves the page.
 */
@Tag("system")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DashboardIT {
    private static final MacAddress BOOTING = MacAddress.parse("52:54:00:12:34:56");
    private static final MacAddress STALLING = MacAddress.parse("52:54:00:00:00:02");
    private static final MacAddress HOSTILE = MacAddress.parse("52:54:00:00:00:03");
    private static final MacAddress UNSERVED = MacAddress.parse("52:54:00:00:00:04");
    private static final MacAddress LATE = MacAddress.parse("52:54:00:00:00:05");
    private static final MacAddress FAILING = MacAddress.parse("52:54:00:00:00:06");
    /** Fetches its boot file without {@code <mac>/} in the path, from the address dhcp6d gave it. */
    private static final MacAddress FETCHING = MacAddress.parse("52:54:00:00:00:07");
    /** A DUID-EN: it holds no MAC. */
    private static final Duid ENTERPRISE = Duid.fromHex("0002000000090c0c0c0c0c0c");
    /** A link-local address that is not EUI-64, as stable privacy (RFC 8064) makes them. */
    private static final Inet6Address STABLE_PRIVACY = Addresses.parse6("fe80::a8c1:ab12:3456:7890");
    /** A relay's link that no subnet of the config holds. */
    private static final Inet6Address UNKNOWN_LINK = Addresses.parse6("2001:db8:9::1");
    private static final String MARKUP = "<img src=x onerror=\"document.title='pwned'\">";
    private static final Path AXE = Path.of(System.getProperty("tandem.axe",
            "/var/lib/tandem-test/node_modules/axe-core/axe.min.js"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @Test
    void showsBootsStageByStageAsTextAndCatchesUpAfterTheStreamDrops() throws Exception {
        int serverPort = LoopbackDhcp6d.freeUdpPort();
        int tftpPort = LoopbackDhcp6d.freeUdpPort();
        int channelPort = LoopbackDhcp6d.freeUdpPort();
        int httpPort = LoopbackDhcp6d.freeTcpPort();
        Path root = Files.createDirectory(directory.resolve("tftp"));
        Files.writeString(root.resolve("ipxe.efi"), "not really ipxe.efi, but as good for the dashboard");
        Path config = ScriptedNetboot.config(directory, tftpPort, httpPort, "[::1]:" + channelPort);
        // The page's thresholds from dhcp6d's config: stalled after 3 s, so that the test need not
        // wait the default minute, and a boot loop from the second attempt.
        Files.writeString(config, Files.readString(config).replace("\"events\": {",
                "\"events\": {\"dashboard\": {\"stall-seconds\": 3, \"boot-loop-attempts\": 2}, "));
        Path downloads = Files.createDirectory(directory.resolve("downloads"));
        HttpClient http = HttpClient.newHttpClient();
        try (LoopbackDhcp6d dhcp6d = LoopbackDhcp6d.start(directory, config, serverPort);
             ScriptedRelay relay = new ScriptedRelay(serverPort);
             DroppingProxy proxy = new DroppingProxy(httpPort);
             DatagramSocket channel = new DatagramSocket(new InetSocketAddress(LoopbackDhcp6d.LOOPBACK, 0))) {
            dhcp6d.awaitLog("TFTP_LISTENING");
            dhcp6d.awaitLog("HTTP_LISTENING");
            dhcp6d.awaitLog("DHCP6_EVENTS_CHANNEL");
            openBrowser();
            String page = "http://[::1]:" + proxy.port() + "/";
            browser.get(page);
            awaitConnection("live");
            // Exports are saved where the test reads them; the clipboard is the page's to write.
            browser.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                    "downloadPath", downloads.toString()));
            browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", "http://[::1]:" + proxy.port(),
                    "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));

            ScriptedNetboot.bind(relay, BOOTING, ScriptedNetboot.PXE_DUID, ScriptedNetboot.PXE_OPTIONS, dhcp6d);
            awaitCell(BOOTING, 3, "PXE");
            Thread.sleep(300);
            ScriptedNetboot.tftpGet(tftpPort, BOOTING + "/ipxe.efi");
            awaitCell(BOOTING, 3, "iPXE");
            Thread.sleep(300);
            ScriptedNetboot.bind(relay, BOOTING, ScriptedNetboot.IPXE_DUID, ScriptedNetboot.IPXE_OPTIONS, dhcp6d);
            awaitCell(BOOTING, 3, "HTTP boot");
            Thread.sleep(300);
            HttpResponse<byte[]> bootFile = http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + httpPort
                    + "/boot/" + BOOTING + "/ipxe.efi")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, bootFile.statusCode());
            awaitCell(BOOTING, 3, "OS");
            Thread.sleep(300);
            ScriptedNetboot.bind(relay, BOOTING, ScriptedNetboot.osDuid(BOOTING), List.of(), dhcp6d);
            awaitCell(BOOTING, 1, "done");
            List<String> row = row(BOOTING);
            assertEquals("OS up", row.get(2));
            assertEquals("2001:db8:2::5254:12:3456", row.get(3));
            assertEquals(3, row.get(5).split(" ").length, "three DUIDs: " + row.get(5));
            assertEquals("7", row.get(6));
            assertEquals("ipxe.efi (HTTP, " + bootFile.body().length + " bytes)", row.get(7),
                    "the last file, over HTTP, with its bytes");
            assertEquals("2001:db8:2::1", row.get(8));
            assertTrue(row.get(9).endsWith(" ago"), row.get(9));

            // The keyboard opens a machine: its stages in order, each with its time, and its events.
            macButton(BOOTING).sendKeys(Keys.ENTER);
            wait.until(driver -> !script("return document.getElementById('detail').hidden").equals(Boolean.TRUE));
            List<String> timeline = strings("return [...document.querySelectorAll('#timeline li')]"
                    + ".map(li => li.querySelector('.stage').textContent + '|' + li.querySelector('.time').textContent)");
            assertEquals(List.of("firmware", "PXE", "iPXE", "HTTP boot", "OS", "OS up"),
                    timeline.stream().map(part -> part.split("\\|")[0]).toList(), timeline.toString());
            for (String part : timeline.subList(1, 5)) {
                assertTrue(part.matches(".*\\|\\d+ ms|.*\\|\\d+(\\.\\d)? s"), "a duration of at least 300 ms: " + part);
                assertFalse(part.matches(".*\\|\\d{1,2} ms"), part);
            }
            assertEquals(events(http, httpPort, BOOTING), logSize(), "the event log holds the MAC's events");

            // The copy button puts the MAC's own curl -N line on the clipboard.
            String curl = "curl -N 'http://[::1]:" + proxy.port() + "/events?mac=" + BOOTING + "'";
            assertEquals(curl, browser.findElement(By.id("curl-line")).getText());
            browser.findElement(By.id("copy-curl")).click();
            wait.until(driver -> "copied".equals(driver.findElement(By.id("copy-curl")).getText()));
            assertEquals(curl, browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "navigator.clipboard.readText().then(done, e => done(String(e)));"));
            // Escape closes it, and the keyboard is back on the MAC's button.
            browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            wait.until(driver -> script("return document.getElementById('detail').hidden").equals(Boolean.TRUE));
            assertEquals(BOOTING.toString(), script("return document.activeElement.textContent"));

            // Pointed at TFTP twice and never fetching: stalled, with its hint, and (from the config) a boot loop.
            for (int attempt = 0; attempt < 2; attempt++) {
                ScriptedNetboot.bind(relay, STALLING, ScriptedNetboot.PXE_DUID, ScriptedNetboot.PXE_OPTIONS, dhcp6d);
            }
            awaitCell(STALLING, 1, "stalled");
            String stalled = row(STALLING).get(2);
            assertTrue(stalled.contains("waiting for the TFTP download of tftp://[2001:db8:2::1]/" + STALLING
                    + "/ipxe.efi for "), stalled);
            assertTrue(row(STALLING).get(0).contains("boot loop \u00D72"), row(STALLING).get(0));

            // A boot file that is not there: TFTP refuses it, and the machine has failed, with what to check.
            ScriptedNetboot.bind(relay, FAILING, ScriptedNetboot.PXE_DUID, ScriptedNetboot.PXE_OPTIONS, dhcp6d);
            assertEquals(5, tftpError(tftpPort, FAILING + "/missing.efi"), "ERROR");
            awaitCell(FAILING, 1, "failed");
            String failed = row(FAILING).get(2);
            assertTrue(failed.contains("TFTP refused " + FAILING + "/missing.efi")
                    && failed.contains("Check: the boot file under tftp.root"), failed);

            // The slowest machine of a stage is flagged on its row and named beside the stage's p50 and p95.
            List<String> firmware = strings("return [...document.querySelectorAll('#stage-times tbody tr')]"
                    + ".filter(tr => tr.cells[0].textContent === 'firmware').map(tr => [...tr.cells].map(c => c.textContent))[0]");
            assertTrue(Integer.parseInt(firmware.get(1)) >= 2, firmware.toString());
            assertTrue(firmware.get(2).matches("\\d+ ms|[\\d.]+ s") && firmware.get(3).matches("\\d+ ms|[\\d.]+ s"),
                    firmware.toString());
            MacAddress slowest = MacAddress.parse(firmware.get(4).split(" ")[0]);
            List<String> flagged = strings("return [...document.querySelectorAll('#machines tbody tr')]"
                    + ".filter(tr => tr.cells[0].textContent.includes('slowest in firmware')).map(tr => tr.dataset.mac)");
            assertEquals(List.of(slowest.toString()), flagged);

            // Markup from the network is text: shown as written, run never.
            send(channel, channelPort, BootEvent.of(HOSTILE, "4o6_acked", Instant.now()).with("address", "192.0.2.10")
                    .with("hostname", MARKUP).with("vendor-class", MARKUP));
            // A Solicit relayed from a link that no subnet holds: NoAddrsAvail (as from Kea), and the engine's not_served.
            RelayMessage noSubnet = relay.forward(Dhcp6Messages.relayForward(Dhcp6Messages.solicit(
                    ScriptedNetboot.osDuid(UNSERVED)).iaNa(1).build(), 0, UNKNOWN_LINK, UNSERVED.linkLocal(),
                    Dhcp6Messages.relaySourcePort(relay.port())), 5000).orElseThrow();
            assertEquals(Option6.StatusCode.NO_ADDRS_AVAIL, Dhcp6Messages.innermost(noSubnet).options().iaNas().get(0)
                    .options().statusCode().orElseThrow().status());
            awaitCell(HOSTILE, 1, "done");
            assertTrue(row(HOSTILE).get(1).endsWith(MARKUP + " \u00B7 " + MARKUP), row(HOSTILE).get(1));
            assertEquals("192.0.2.10", row(HOSTILE).get(4));
            assertEquals(0L, script("return document.querySelectorAll('img').length"));
            assertEquals("Tandem boots", browser.getTitle());
            awaitCell(UNSERVED, 1, "seen, not served");
            String unserved = row(UNSERVED).get(2);
            assertTrue(unserved.contains("no subnet for its link (relay link-address 2001:db8:9::1)")
                    && unserved.contains("Check: a subnet6 whose relay ip-addresses"), unserved);
            assertEquals("2001:db8:9::1", row(UNSERVED).get(8), "the relay");

            // A client whose MAC is nowhere (a DUID-EN, a link-local address that is not EUI-64, a relay
            // without option 79): no machine's row, but a row of its own under its DUID, with what to check.
            int machinesBefore = macs().size();
            assertTrue(relay.forward(Dhcp6Messages.relayForward(Dhcp6Messages.solicit(ENTERPRISE).iaNa(1).build(), 0,
                    ScriptedRelay.LINK, STABLE_PRIVACY, Dhcp6Messages.relaySourcePort(relay.port())), 5000).isPresent(),
                    "an Advertise, with NoAddrsAvail");
            List<String> noMac = awaitNoMacRow(ENTERPRISE.bytes().colonHex());
            assertEquals(ENTERPRISE.bytes().colonHex() + "duid-en", noMac.get(0));
            assertEquals("relay link-address 2001:db8:2::1", noMac.get(1));
            assertEquals("fe80::a8c1:ab12:3456:7890", noMac.get(2), "its source");
            assertEquals("SOLICIT \u00D71", noMac.get(3));
            assertTrue(noMac.get(4).startsWith("nothing: NoAddrsAvail"), "no pool, no MAC for mac-addressing: " + noMac);
            assertTrue(noMac.get(5).startsWith("its DUID-EN holds no MAC. Check: the relay on 2001:db8:2::1 adding the"
                    + " client link-layer address option (79, RFC 6939)"), noMac.get(5));
            assertTrue(noMac.get(6).endsWith(" ago"), noMac.get(6));
            assertTrue(browser.findElement(By.id("summary")).getText().endsWith("; 1 client with no MAC found"),
                    browser.findElement(By.id("summary")).getText());
            assertEquals(machinesBefore, macs().size(), "no row in the machines table");

            // A boot file fetched without <mac>/ goes to the machine whose binding holds the client's
            // address; from an address that no binding holds, to the line of unattributed transfers.
            Inet6Address fetching = ScriptedNetboot.bind(relay, FETCHING, ScriptedNetboot.PXE_DUID,
                    ScriptedNetboot.PXE_OPTIONS, dhcp6d);
            int length;
            try (LoopbackAlias alias = LoopbackAlias.add(fetching)) {
                length = ScriptedNetboot.tftpGet(fetching, tftpPort, "ipxe.efi");
            }
            awaitCell(FETCHING, 8, "ipxe.efi (TFTP, " + length + " bytes)");
            assertEquals("iPXE", row(FETCHING).get(2).substring(0, 4), row(FETCHING).toString());
            ScriptedNetboot.tftpGet(tftpPort, "ipxe.efi");
            wait.withMessage(() -> "no line of unattributed transfers").until(driver -> {
                WebElement line = driver.findElement(By.id("unattributed-transfers"));
                return line.isDisplayed() && line.getText().contains("ipxe.efi to ::1 (TFTP served, " + length + " bytes,");
            });
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + httpPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("\ntandem_events_no_mac_keys 2\n"), "the DUID and the transfer: " + metrics);

            // "Freeze order": a machine seen again keeps its row's place until the order is let go.
            browser.findElement(By.id("freeze")).click();
            List<String> frozen = macs();
            MacAddress bottom = MacAddress.parse(frozen.get(frozen.size() - 1));
            send(channel, channelPort, BootEvent.of(bottom, "renewed", Instant.now()).with("address", "2001:db8:2::99"));
            awaitCell(bottom, 4, "2001:db8:2::99");
            assertEquals(frozen, macs(), "frozen rows keep their places");
            browser.findElement(By.id("freeze")).click();
            wait.until(driver -> macs().get(0).equals(bottom.toString()));

            // Sorting from the keyboard, said by aria-sort, kept in the URL.
            browser.findElement(By.cssSelector("th[data-sort=mac] button")).sendKeys(Keys.ENTER);
            List<String> byMac = macs().stream().sorted().toList();
            wait.until(driver -> macs().equals(byMac));
            assertEquals("ascending", browser.findElement(By.cssSelector("th[data-sort=mac]")).getDomAttribute("aria-sort"));
            assertTrue(browser.getCurrentUrl().contains("sort=mac&dir=asc"), browser.getCurrentUrl());

            // The open machine, its timeline and its events, are checked by axe-core and shown in the screenshot too.
            macButton(BOOTING).sendKeys(Keys.ENTER);
            wait.until(driver -> !script("return document.getElementById('detail').hidden").equals(Boolean.TRUE));
            assertNoAccessibilityViolations();
            String screenshot = System.getProperty("dashboard.screenshot", "");
            if (!screenshot.isEmpty()) {
                // Tall enough for the table and the open machine's timeline and events.
                browser.manage().window().setSize(new Dimension(1280, 2000));
                script("window.scrollTo(0, 0)");
                Files.write(Path.of(screenshot), browser.getScreenshotAs(OutputType.BYTES));
            }

            // Exports: what the view shows, as JSON and as CSV.
            browser.findElement(By.cssSelector("input[name=state][value=failed]")).click();
            wait.until(driver -> macs().equals(List.of(FAILING.toString())));
            browser.findElement(By.id("export-json")).click();
            JsonNode exported = JSON.readTree(awaitDownload(downloads.resolve("boots.json")));
            assertEquals(1, exported.size(), exported.toPrettyString());
            assertEquals(FAILING.toString(), exported.get(0).get("mac").asText());
            assertEquals("failed", exported.get(0).get("state").asText());
            assertTrue(exported.get(0).get("hint").asText().startsWith("TFTP refused"), exported.toPrettyString());
            browser.findElement(By.cssSelector("input[name=state][value=failed]")).click();
            browser.findElement(By.cssSelector("input[name=state][value=done]")).click();
            wait.until(driver -> macs().size() == 2);
            browser.findElement(By.id("export-csv")).click();
            List<String> csv = awaitDownload(downloads.resolve("boots.csv")).lines().toList();
            assertEquals("mac,state,stage,attempts,ipv6,ipv4,duids,architecture,lastFile,relay,host,lastSeen,hint",
                    csv.get(0));
            assertEquals(3, csv.size(), csv.toString());
            String hostile = csv.stream().filter(line -> line.startsWith(HOSTILE.toString())).findFirst().orElseThrow();
            String quoted = "\"" + (MARKUP + " \u00B7 " + MARKUP).replace("\"", "\"\"") + "\"";
            assertTrue(hostile.contains("," + quoted + ","), "a cell with quotes is quoted, its quotes doubled: " + hostile);
            browser.findElement(By.cssSelector("input[name=state][value=done]")).click();
            wait.until(driver -> macs().size() == 6);

            // Search and state filters live in the URL: a reload shows the same view.
            WebElement search = browser.findElement(By.id("search"));
            search.sendKeys("52:54:00:12");
            browser.findElement(By.cssSelector("input[name=state][value=done]")).click();
            wait.until(driver -> driver.getCurrentUrl().contains("q=52%3A54%3A00%3A12")
                    && driver.getCurrentUrl().contains("state=done"));
            browser.navigate().refresh();
            awaitConnection("live");
            assertEquals("52:54:00:12", browser.findElement(By.id("search")).getDomProperty("value"));
            assertTrue(browser.findElement(By.cssSelector("input[name=state][value=done]")).isSelected());
            assertEquals("ascending", browser.findElement(By.cssSelector("th[data-sort=mac]")).getDomAttribute("aria-sort"));
            wait.until(driver -> macs().equals(List.of(BOOTING.toString())));

            // The stream dropped: reconnecting; restored: caught up, nothing shown twice.
            browser.get(page);
            awaitConnection("live");
            proxy.drop();
            awaitConnection("reconnecting");
            ScriptedNetboot.bind(relay, BOOTING, ScriptedNetboot.osDuid(BOOTING), List.of(), dhcp6d);
            send(channel, channelPort, BootEvent.of(LATE, "4o6_acked", Instant.now()).with("address", "192.0.2.55"));
            proxy.restore();
            awaitConnection("live");
            awaitCell(LATE, 5, "192.0.2.55");
            List<String> macs = macs();
            assertEquals(macs.stream().distinct().count(), macs.size(), "one row per MAC: " + macs);
            assertEquals(7, macs.size(), macs.toString());
            assertEquals(List.of(ENTERPRISE.bytes().colonHex()), strings("return [...document.querySelectorAll("
                    + "'#no-mac-clients tbody tr')].map(tr => tr.querySelector('.duid').textContent)"),
                    "the client with no MAC, once, from the new snapshot");
            macButton(BOOTING).sendKeys(Keys.ENTER);
            int expected = events(http, httpPort, BOOTING);
            wait.until(driver -> logSize() == expected);
        } finally {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    /** The cells' text of the no-MAC row of {@code duid}, once it is shown. */
    private List<String> awaitNoMacRow(String duid) {
        String read = "const tr = [...document.querySelectorAll('#no-mac-clients tbody tr')]"
                + ".find(tr => tr.querySelector('.duid').textContent === '" + duid + "');"
                + "return tr && !document.getElementById('no-mac').hidden ? [...tr.cells].map(c => c.textContent) : [];";
        return new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> "no row for " + duid)
                .until(driver -> {
                    List<String> cells = strings(read);
                    return cells.isEmpty() ? null : cells;
                });
    }

    /**
     * An address on the host's loopback while a test needs it, as the TFTP client's source (the
     * system tests run as root); removed at close.
     */
    private record LoopbackAlias(String address) implements AutoCloseable {
        static LoopbackAlias add(Inet6Address address) throws IOException, InterruptedException {
            LoopbackAlias alias = new LoopbackAlias(Addresses.text(address) + "/128");
            alias.ip("add", "nodad");
            return alias;
        }

        private void ip(String verb, String... more) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("ip", "-6", "address", verb, address, "dev", "lo"));
            command.addAll(List.of(more));
            Process ip = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, ip.waitFor(), command + ": " + output);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            ip("del");
        }
    }

    /** A download's text, once the browser has finished writing it. */
    private static String awaitDownload(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.isRegularFile(file) || Files.exists(file.resolveSibling(file.getFileName() + ".crdownload"))) {
            assertTrue(System.nanoTime() < deadline, "no download " + file);
            Thread.sleep(100);
        }
        return Files.readString(file);
    }

    /** Sends a read request for {@code file} and returns the opcode of the answer (5 is ERROR). */
    private static int tftpError(int port, String file) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LoopbackDhcp6d.LOOPBACK, 0))) {
            socket.setSoTimeout(5000);
            byte[] request = ("\0\1" + file + "\0octet\0").getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(request, request.length, new InetSocketAddress(LoopbackDhcp6d.LOOPBACK, port)));
            DatagramPacket answer = new DatagramPacket(new byte[600], 600);
            socket.receive(answer);
            return ((answer.getData()[0] & 0xff) << 8) | (answer.getData()[1] & 0xff);
        }
    }

    private void openBrowser() {
        browser = DashboardBrowser.open();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String code) {
        return (List<String>) script(code);
    }

    private void awaitConnection(String state) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> "the page never said " + state + ": "
                + script("return document.getElementById('connection').dataset.state") + "; its console: "
                + browser.manage().logs().get(LogType.BROWSER).getAll())
                .until(driver -> state.equals(script("return document.getElementById('connection').dataset.state")));
    }

    /** The cells' text of the MAC's row, read at once (rows are redrawn as events come), or empty. */
    private List<String> row(MacAddress mac) {
        return strings("const tr = document.querySelector('#machines tbody tr[data-mac=\"" + mac + "\"]');"
                + "return tr ? [...tr.cells].map(td => td.textContent) : [];");
    }

    private List<String> macs() {
        return strings("return [...document.querySelectorAll('#machines tbody tr')].map(tr => tr.dataset.mac)");
    }

    /** Waits until cell {@code column} (1 = state) of the MAC's row holds {@code text}. */
    private void awaitCell(MacAddress mac, int column, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> mac + " column " + column + " never held " + text + ": " + row(mac))
                .until(driver -> {
                    List<String> cells = row(mac);
                    return cells.size() >= column && cells.get(column - 1).contains(text);
                });
    }

    private WebElement macButton(MacAddress mac) {
        return wait.until(driver -> {
            try {
                WebElement button = driver.findElement(By.cssSelector("tr[data-mac=\"" + mac + "\"] button.mac"));
                button.isDisplayed();
                return button;
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    private long logSize() {
        return (Long) script("return document.querySelectorAll('#log tbody tr').length");
    }

    private void assertNoAccessibilityViolations() throws IOException {
        assertTrue(Files.isRegularFile(AXE), "axe-core is installed by scripts/install-test-deps at " + AXE);
        script(Files.readString(AXE));
        Object result = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document).then(r => done(JSON.stringify(r.violations)), e => done(String(e)));");
        JsonNode violations = JSON.readTree(String.valueOf(result));
        assertEquals(0, violations.size(), violations.toPrettyString());
    }

    private static void send(DatagramSocket channel, int port, BootEvent event) throws IOException {
        byte[] datagram = event.toStreamLine();
        channel.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress(LoopbackDhcp6d.LOOPBACK, port)));
    }

    /** How many events dhcp6d holds for {@code mac}. */
    private static int events(HttpClient http, int port, MacAddress mac) throws Exception {
        return snapshot(http, port, "?mac=" + mac).get("Events").size();
    }

    /** How many MACs dhcp6d's event table holds. */
    static int macsHeld(HttpClient http, int port) throws Exception {
        return snapshot(http, port, "").size();
    }

    /** The first message of an event stream: the table, or one MAC's entry. */
    private static JsonNode snapshot(HttpClient http, int port, String query) throws Exception {
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + port
                + "/events" + query)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data: ")) {
                    return JSON.readTree(line.substring("data: ".length()));
                }
            }
        }
        throw new AssertionError("the stream ended before its snapshot");
    }
}
