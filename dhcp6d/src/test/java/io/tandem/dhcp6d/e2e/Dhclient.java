package io.tandem.dhcp6d.e2e;

import io.tandem.common.testing.NetnsLab;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Duid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ISC dhclient -6 in the foreground: {@code -D LL} makes it use a DUID-LL; without it, a fresh
 * lease file makes it create a DUID-LLT (and store it in that lease file, where a second run in
 * the same directory finds it again).
 */
final class Dhclient extends RealClient {
    private final boolean duidLl;
    private final HookLog hooks;

    private Dhclient(NetnsLab lab, NetnsLab.Namespace namespace, String interfaceName, Path directory, boolean duidLl) {
        super(lab, namespace, interfaceName, directory);
        this.duidLl = duidLl;
        this.hooks = new HookLog(directory.resolve("hook.log"));
    }

    /** Starts dhclient; a directory used before keeps its lease file (and so its DUID and lease). */
    static Dhclient start(NetnsLab lab, NetnsLab.Namespace namespace, String interfaceName, Path directory,
            boolean duidLl) {
        Dhclient client = new Dhclient(lab, namespace, interfaceName, directory, duidLl);
        client.run();
        return client;
    }

    private void run() {
        try {
            hooks.writeScript(directory.resolve("hook.sh"), true);
            // Debian's dhclient.conf asks for these DHCPv6 options; nothing else in it matters here.
            Files.writeString(directory.resolve("dhclient.conf"),
                    "request dhcp6.name-servers, dhcp6.domain-search, dhcp6.fqdn, dhcp6.sntp-servers;\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of("dhclient", "-6", "-d", "-v"));
        if (duidLl) {
            command.addAll(List.of("-D", "LL"));
        }
        command.addAll(List.of("-cf", directory.resolve("dhclient.conf").toString(), "-lf", leaseFile().toString(),
                "-pf", directory.resolve("dhclient6.pid").toString(), "-sf", directory.resolve("hook.sh").toString(),
                interfaceName));
        startedMillis = System.currentTimeMillis();
        process = lab.start(name().replace(' ', '-'), namespace, command.toArray(String[]::new));
    }

    @Override
    String name() {
        return duidLl ? "dhclient -6 -D LL" : "dhclient -6";
    }

    Path leaseFile() {
        return directory.resolve("dhclient6.leases");
    }

    HookLog hooks() {
        return hooks;
    }

    long startedMillis() {
        return startedMillis;
    }

    @Override
    Optional<Bound> bound() {
        return hooks.lastBound(startedMillis).flatMap(event -> {
            Optional<String> address = event.get("new_ip6_address");
            Optional<Duid> duid = event.bytes("new_dhcp6_client_id").map(Duid::new);
            Optional<Long> iaid = event.bytes("new_iaid").map(bytes -> Long.parseLong(bytes.hex(), 16));
            if (address.isEmpty() || duid.isEmpty() || iaid.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Bound(Addresses.parse6(address.get()), duid.get(), iaid.get()));
        });
    }

    @Override
    Evidence describe(Evidence evidence) {
        return evidence.section(name() + " (" + process + ") output", process.output())
                .section(name() + " hook log (" + hooks.file() + ")", hooks.text())
                .file(name() + " lease file", leaseFile());
    }
}
