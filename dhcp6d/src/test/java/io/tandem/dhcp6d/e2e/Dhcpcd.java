package io.tandem.dhcp6d.e2e;

import io.tandem.common.testing.NetnsLab;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Duid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * dhcpcd -6 in the foreground, asking for rapid commit, with a private tmpfs on /run and its
 * own directory bind-mounted on /var/lib/dhcpcd (its DUID and lease files), both inside the
 * mount namespace {@code ip netns exec} makes. It configures the address itself.
 */
final class Dhcpcd extends RealClient {
    private final HookLog hooks;

    private Dhcpcd(NetnsLab lab, NetnsLab.Namespace namespace, String interfaceName, Path directory) {
        super(lab, namespace, interfaceName, directory);
        this.hooks = new HookLog(directory.resolve("hook.log"));
    }

    /** With {@code release}, dhcpcd sends a Release when it is stopped. */
    static Dhcpcd start(NetnsLab lab, NetnsLab.Namespace namespace, String interfaceName, Path directory,
            boolean release) {
        Dhcpcd client = new Dhcpcd(lab, namespace, interfaceName, directory);
        client.run(release);
        return client;
    }

    private void run(boolean release) {
        try {
            Files.createDirectories(directory.resolve("db"));
            hooks.writeScript(directory.resolve("hook.sh"), false);
            // Debian's dhcpcd.conf, IPv6 parts, plus: ia_na (start DHCPv6 at once instead of
            // waiting for a Router Advertisement that never comes). Debian's bare "duid" makes a
            // DUID-UUID on machines with an SMBIOS UUID and a DUID-LLT elsewhere: "lt" pins it.
            Files.writeString(directory.resolve("dhcpcd.conf"), """
                    duid lt
                    persistent
                    option rapid_commit
                    option domain_name_servers, domain_name, domain_search
                    require dhcp_server_identifier
                    slaac private
                    %s
                    interface %s
                        ia_na
                    """.formatted(release ? "release" : "", interfaceName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startedMillis = System.currentTimeMillis();
        process = lab.start("dhcpcd", namespace, "sh", "-c",
                "mount -t tmpfs tnl-run /run && mount --bind \"$1/db\" /var/lib/dhcpcd && "
                        + "exec dhcpcd -6 -B -d -f \"$1/dhcpcd.conf\" -c \"$1/hook.sh\" \"$2\"",
                "sh", directory.toString(), interfaceName);
    }

    @Override
    String name() {
        return "dhcpcd -6";
    }

    HookLog hooks() {
        return hooks;
    }

    /** From the hook's variables: the address, the DUID it sent ({@code new_dhcp6_client_id}) and the IAID. */
    @Override
    Optional<Bound> bound() {
        return hooks.lastBound(startedMillis).flatMap(event -> {
            Optional<String> address = event.get("new_dhcp6_ia_na1_ia_addr1");
            Optional<Bytes> duid = event.bytes("new_dhcp6_client_id");
            Optional<Bytes> iaid = event.bytes("new_dhcp6_ia_na1_iaid");
            if (address.isEmpty() || duid.isEmpty() || iaid.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Bound(Addresses.parse6(address.get()), new Duid(duid.get()),
                    Long.parseLong(iaid.get().hex(), 16)));
        });
    }

    @Override
    Evidence describe(Evidence evidence) {
        return evidence.section("dhcpcd (" + process + ") output", process.output())
                .section("dhcpcd hook log (" + hooks.file() + ")", hooks.text())
                .file("dhcpcd DUID file", directory.resolve("db/duid"));
    }
}
