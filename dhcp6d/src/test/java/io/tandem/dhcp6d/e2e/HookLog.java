package io.tandem.dhcp6d.e2e;

import io.tandem.common.wire.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a client told its hook script, one {@link Event} per run: the script in
 * {@link #script} appends {@code --- <epoch ms> reason=<reason>} and the client's variables.
 * dhclient and dhcpcd both run it instead of their own scripts, so no client changes anything
 * outside its namespace; for dhclient, which leaves addresses to its script, it also adds the
 * address with {@code ip}, as Debian's dhclient-script would, and nothing else.
 */
final class HookLog {
    /** The reasons dhclient and dhcpcd give when a Reply left them with an address. */
    static final Set<String> BOUND = Set.of("BOUND6", "RENEW6", "REBIND6", "REBOOT6");

    record Event(long millis, String reason, Map<String, String> variables) {
        Optional<String> get(String name) {
            return Optional.ofNullable(variables.get(name)).filter(value -> !value.isEmpty());
        }

        /** Bytes as dhclient writes them ({@code 0:3:0:1:52:54:0:12:34:56}) or dhcpcd ({@code 000300...}). */
        Optional<Bytes> bytes(String name) {
            return get(name).map(HookLog::parseBytes);
        }
    }

    private final Path file;

    HookLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    static Bytes parseBytes(String text) {
        if (!text.contains(":")) {
            return Bytes.fromHex(text);
        }
        String[] parts = text.split(":");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return Bytes.of(bytes);
    }

    List<Event> events() {
        List<Event> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long millis = 0;
        String reason = null;
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("--- ")) {
                if (reason != null) {
                    events.add(new Event(millis, reason, variables));
                }
                String[] head = line.substring(4).split(" reason=", 2);
                millis = Long.parseLong(head[0].trim());
                reason = head.length > 1 ? head[1].trim() : "";
                variables = new LinkedHashMap<>();
            } else if (reason != null && line.contains("=")) {
                int equals = line.indexOf('=');
                variables.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        if (reason != null) {
            events.add(new Event(millis, reason, variables));
        }
        return events;
    }

    /** The last event since {@code sinceMillis} after which the client held an address, if any. */
    Optional<Event> lastBound(long sinceMillis) {
        List<Event> bound = events().stream()
                .filter(event -> BOUND.contains(event.reason()) && event.millis() >= sinceMillis).toList();
        return bound.isEmpty() ? Optional.empty() : Optional.of(bound.get(bound.size() - 1));
    }

    long count(String reason, long sinceMillis) {
        return events().stream().filter(event -> event.reason().equals(reason) && event.millis() >= sinceMillis)
                .count();
    }

    String text() {
        return Evidence.read(file);
    }

    /**
     * Writes the hook script to {@code script}, logging to {@link #file()}. With
     * {@code configureAddress} it also adds and removes the leased address, as dhclient-script does.
     */
    void writeScript(Path script, boolean configureAddress) {
        String addressing = !configureAddress ? "" : """
                case "${reason:-}" in
                BOUND6|RENEW6|REBIND6|REBOOT6)
                    if [ -n "${old_ip6_address:-}" ] && [ "$old_ip6_address" != "${new_ip6_address:-}" ]; then
                        ip -6 address del "$old_ip6_address/${old_ip6_prefixlen:-128}" dev "$interface" 2>/dev/null
                    fi
                    ip -6 address replace "$new_ip6_address/${new_ip6_prefixlen:-128}" dev "$interface" \\
                        valid_lft "${new_max_life:-forever}" preferred_lft "${new_preferred_life:-forever}" ;;
                EXPIRE6|RELEASE6|STOP6)
                    if [ -n "${old_ip6_address:-}" ]; then
                        ip -6 address del "$old_ip6_address/${old_ip6_prefixlen:-128}" dev "$interface" 2>/dev/null
                    fi ;;
                esac
                """;
        String text = """
                #!/bin/sh
                # Written by Tandem's end-to-end tests: records what the DHCPv6 client reports.
                {
                    echo "--- $(date +%%s%%3N) reason=${reason:-}"
                    env | grep -E '^(new_|old_|interface=|ifname=|protocol=|pid=)' | sort
                } >>'%s'
                %sexit 0
                """.formatted(file, addressing);
        try {
            Files.writeString(script, text);
            script.toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
