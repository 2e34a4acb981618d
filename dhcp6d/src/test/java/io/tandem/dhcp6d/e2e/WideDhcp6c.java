package io.tandem.dhcp6d.e2e;

import io.tandem.common.testing.NetnsLab;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Duid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * WIDE dhcp6c in the foreground asking for one IA_NA (IAID 1, from its configuration), with its
 * own directory bind-mounted on /var/lib/dhcpv6 (where it keeps its DUID). It configures the
 * address itself and sends a Release when stopped.
 */
final class WideDhcp6c extends RealClient {
    static final long IAID = 1;

    private WideDhcp6c(NetnsLab lab, NetnsLab.Namespace namespace, String interfaceName, Path directory) {
        super(lab, namespace, interfaceName, directory);
    }

    static WideDhcp6c start(NetnsLab lab, NetnsLab.Namespace namespace, String interfaceName, Path directory) {
        WideDhcp6c client = new WideDhcp6c(lab, namespace, interfaceName, directory);
        client.run();
        return client;
    }

    private void run() {
        try {
            Files.createDirectories(directory.resolve("state"));
            Files.writeString(directory.resolve("dhcp6c.conf"), """
                    interface %s {
                        send ia-na %d;
                        request domain-name-servers;
                    };
                    id-assoc na %d { };
                    """.formatted(interfaceName, IAID, IAID));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startedMillis = System.currentTimeMillis();
        process = lab.start("dhcp6c", namespace, "sh", "-c",
                "mount --bind \"$1/state\" /var/lib/dhcpv6 && "
                        + "exec dhcp6c -f -D -c \"$1/dhcp6c.conf\" -p \"$1/dhcp6c.pid\" \"$2\"",
                "sh", directory.toString(), interfaceName);
    }

    @Override
    String name() {
        return "WIDE dhcp6c";
    }

    /** dhcp6c reports its address only by configuring it: the first global address of the interface. */
    @Override
    Optional<Bound> bound() {
        List<String> global = lab.addresses(namespace, interfaceName, "global");
        Optional<Duid> duid = duid();
        if (global.isEmpty() || duid.isEmpty()) {
            return Optional.empty();
        }
        Inet6Address address = io.tandem.common.wire.Addresses.parse6(global.get(0));
        return Optional.of(new Bound(address, duid.get(), IAID));
    }

    /** /var/lib/dhcpv6/dhcp6c_duid: a 2-byte length in host (little-endian) order, then the DUID. */
    Optional<Duid> duid() {
        Path file = directory.resolve("state/dhcp6c_duid");
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length < 2) {
                return Optional.empty();
            }
            int length = (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8;
            if (bytes.length < 2 + length) {
                return Optional.empty();
            }
            return Optional.of(new Duid(Bytes.of(bytes, 2, length)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    Evidence describe(Evidence evidence) {
        return evidence.section("dhcp6c (" + process + ") output", process.output())
                .section("dhcp6c DUID file", duid().map(d -> d.bytes().colonHex()).orElse("(none yet)"));
    }
}
