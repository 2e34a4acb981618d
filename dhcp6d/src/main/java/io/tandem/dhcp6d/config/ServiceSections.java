package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.HttpConfig;
import io.tandem.common.config.HttpSection;
import io.tandem.common.config.Ipv6;
import io.tandem.common.config.ListenAddress;
import io.tandem.common.config.ValueType;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tandem's own blocks of {@code Dhcp6}: {@code netboot}, {@code tftp}, {@code http} and {@code events}. */
final class ServiceSections {
    private static final List<String> NETBOOT_KEYS =
            List.of("server-address", "http-boot-url-template", "boot-files", "http-boot-file-urls");
    private static final List<String> TFTP_KEYS = List.of("enabled", "listen", "root", "max-transfers");
    private static final List<String> EVENTS_KEYS = List.of("max-macs", "max-events-per-mac", "channel", "dashboard");
    private static final List<String> DASHBOARD_KEYS = List.of("stall-seconds", "boot-loop-attempts");
    /** The placeholders of dhcpv6macd's {@code -http-boot-url-template}, in Go template syntax. */
    private static final Set<String> PLACEHOLDERS = Set.of(".MAC", ".BaseAddress", ".Payload");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}");

    private static final ValueType<String> URL_TEMPLATE = new ValueType<>(
            "an http:// or https:// URL, with the placeholders {{.MAC}}, {{.BaseAddress}} and {{.Payload}}",
            ServiceSections::urlTemplate);
    private static final ValueType<String> BOOT_FILE = new ValueType<>(
            "a file name relative to the TFTP root, like ipxe.efi", ServiceSections::bootFile);

    private ServiceSections() {
    }

    private static String urlTemplate(String text) {
        if (text.isEmpty()) {
            return text;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new IllegalArgumentException("not an http:// or https:// URL");
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            if (!PLACEHOLDERS.contains(matcher.group(1).strip())) {
                throw new IllegalArgumentException("unknown placeholder " + matcher.group());
            }
        }
        if (matcher.replaceAll("").contains("{{")) {
            throw new IllegalArgumentException("a {{ is not closed");
        }
        return text;
    }

    private static String bootFile(String text) {
        if (text.isEmpty() || text.startsWith("/") || text.contains("\\")
                || List.of(text.split("/")).contains("..")) {
            throw new IllegalArgumentException("not a relative path inside the TFTP root");
        }
        return text;
    }

    static NetbootConfig netboot(ConfigNode dhcp6) {
        return dhcp6.optionalObject("netboot").map(ServiceSections::netbootBlock).orElse(NetbootConfig.DEFAULT);
    }

    private static NetbootConfig netbootBlock(ConfigNode node) {
        node.finish(NETBOOT_KEYS, List.of());
        Map<BootArchitecture, String> bootFiles = new EnumMap<>(NetbootConfig.DEFAULT_BOOT_FILES);
        bootFiles.putAll(perArchitecture(node, "boot-files", BOOT_FILE));
        return new NetbootConfig(node.optionalValue("server-address", Ipv6.ADDRESS),
                node.optionalValue("http-boot-url-template", URL_TEMPLATE).orElse(""),
                bootFiles, perArchitecture(node, "http-boot-file-urls", URL_TEMPLATE));
    }

    private static Map<BootArchitecture, String> perArchitecture(ConfigNode node, String key, ValueType<String> type) {
        Map<BootArchitecture, String> values = new EnumMap<>(BootArchitecture.class);
        Optional<ConfigNode> map = node.optionalObject(key);
        if (map.isEmpty()) {
            return values;
        }
        Iterator<String> names = map.get().json().fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            Optional<BootArchitecture> architecture = BootArchitecture.byKey(name);
            if (architecture.isEmpty()) {
                map.get().error(name, "unknown architecture; expected one of "
                        + String.join(", ", List.of(BootArchitecture.values()).stream().map(BootArchitecture::key).toList()));
                continue;
            }
            map.get().at(name).asValue(type).filter(value -> !value.isEmpty())
                    .ifPresent(value -> values.put(architecture.get(), value));
        }
        return values;
    }

    /**
     * {@code tftp}; the server is on by default only when the configuration has a {@code tftp} or a
     * {@code netboot} block, so that a DHCP-only configuration opens no TFTP port.
     */
    static TftpConfig tftp(ConfigNode dhcp6, Path baseDirectory) {
        Optional<ConfigNode> block = dhcp6.optionalObject("tftp");
        block.ifPresent(node -> node.finish(TFTP_KEYS, List.of()));
        ConfigNode node = block.orElse(dhcp6.at("tftp"));
        return new TftpConfig(node.bool("enabled", block.isPresent() || dhcp6.has("netboot")),
                node.optionalValue("listen", ListenAddress.TYPE).orElse(ListenAddress.parse(TftpConfig.DEFAULT_LISTEN)),
                baseDirectory.resolve(node.string("root", TftpConfig.DEFAULT_ROOT)),
                (int) node.integer("max-transfers", 1, 0xffff, TftpConfig.DEFAULT_MAX_TRANSFERS));
    }

    static HttpConfig http(ConfigNode dhcp6, Path baseDirectory) {
        return HttpSection.parse(dhcp6, baseDirectory, HttpConfig.DEFAULT_LISTEN);
    }

    static EventsConfig events(ConfigNode dhcp6) {
        return dhcp6.optionalObject("events").map(ServiceSections::eventsBlock).orElse(EventsConfig.DEFAULT);
    }

    private static EventsConfig eventsBlock(ConfigNode node) {
        node.finish(EVENTS_KEYS, List.of());
        return new EventsConfig((int) node.integer("max-macs", 1, 10_000_000, EventsConfig.DEFAULT.maxMacs()),
                (int) node.integer("max-events-per-mac", 1, 100_000, EventsConfig.DEFAULT.maxEventsPerMac()),
                HttpSection.eventsChannel(node),
                node.optionalObject("dashboard").map(ServiceSections::dashboard).orElse(DashboardConfig.DEFAULT));
    }

    private static DashboardConfig dashboard(ConfigNode node) {
        node.finish(DASHBOARD_KEYS, List.of());
        DashboardConfig defaults = DashboardConfig.DEFAULT;
        return new DashboardConfig((int) node.integer("stall-seconds", 1, 86_400, defaults.stallSeconds()),
                (int) node.integer("boot-loop-attempts", 2, 1000, defaults.bootLoopAttempts()));
    }
}
