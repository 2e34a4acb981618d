package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The clients of a netboot as the loopback tests script them through a {@link ScriptedRelay}:
 * PXE firmware (its own DUID-UUID, architecture 7, vendor class PXEClient), iPXE (another DUID,
 * user class iPXE) and the installed OS (a DUID-LL), and the TFTP read of a one-block file.
 */
final class ScriptedNetboot {
    static final Duid PXE_DUID = Duid.fromHex("0004" + "11223344556677889900aabbccddeeff");
    static final List<Option6> PXE_OPTIONS = List.of(
            new Option6.Uint16List(Dhcp6Options.ORO, List.of(59, 60)),
            new Option6.Uint16List(Dhcp6Options.CLIENT_ARCH_TYPE, List.of(7)),
            new Option6.VendorClass(343, List.of(Bytes.utf8("PXEClient:Arch:00007:UNDI:003000"))));
    static final Duid IPXE_DUID = Duid.fromHex("0004" + "44332211665588779900aabbccddeeff");
    static final List<Option6> IPXE_OPTIONS = List.of(
            new Option6.Uint16List(Dhcp6Options.ORO, List.of(59, 60)),
            new Option6.LengthPrefixedList(Dhcp6Options.USER_CLASS, List.of(Bytes.utf8("iPXE"))));

    private ScriptedNetboot() {
    }

    /**
     * dhcp6d's configuration for a netboot on loopback, written to {@code directory}: the relayed
     * link 2001:db8:2::/64 with prefix + MAC addresses, TFTP from {@code tftp} beside it, the HTTP
     * listener (and boot URL) and the events {@code channel} ({@code ""} for none) on [::1].
     */
    static Path config(Path directory, int tftpPort, int httpPort, String channel) throws IOException {
        return Files.writeString(directory.resolve("dhcp6d.json"), """
                {"Dhcp6": {
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "mac-addressing": {"prefix": "2001:db8:2::/80"}}],
                  "lease-database": {"type": "memfile", "lfc-interval": 0},
                  "netboot": {"server-address": "2001:db8:2::1",
                              "http-boot-url-template": "http://[::1]:%d/boot/{{.MAC}}/ipxe.efi"},
                  "tftp": {"listen": "[::1]:%d", "root": "tftp"},
                  "http": {"listen": "[::1]:%d"},
                  "events": {"channel": "%s"}
                }}
                """.formatted(httpPort, tftpPort, httpPort, channel));
    }

    /** The installed OS's DUID-LL, made of {@code mac}. */
    static Duid osDuid(MacAddress mac) {
        return Duid.fromHex("00030001" + mac.toString().replace(":", ""));
    }

    /** Binds {@code mac} as the client {@code duid} with {@code options}, retrying lost exchanges; its address. */
    static Inet6Address bind(ScriptedRelay relay, MacAddress mac, Duid duid, List<Option6> options,
                             LoopbackDhcp6d dhcp6d) throws IOException {
        Optional<Inet6Address> address = Optional.empty();
        for (int attempt = 0; attempt < 5 && address.isEmpty(); attempt++) {
            address = relay.bind(mac, duid, options, 15_000);
        }
        assertTrue(address.isPresent(), dhcp6d.log());
        return address.get();
    }

    /** A minimal RFC 1350 read of a file that fits one block: RRQ, one DATA, ACK. Returns its length. */
    static int tftpGet(int port, String file) throws IOException {
        return tftpGet(LoopbackDhcp6d.LOOPBACK, port, file);
    }

    /** Like {@link #tftpGet(int, String)}, from the local address {@code from}. */
    static int tftpGet(Inet6Address from, int port, String file) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
            socket.setSoTimeout(5000);
            byte[] name = file.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer request = ByteBuffer.allocate(4 + name.length + 6).putShort((short) 1).put(name).put((byte) 0)
                    .put("octet".getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
            socket.send(new DatagramPacket(request.array(), request.position(),
                    new InetSocketAddress(LoopbackDhcp6d.LOOPBACK, port)));
            DatagramPacket data = new DatagramPacket(new byte[600], 600);
            socket.receive(data);
            ByteBuffer received = ByteBuffer.wrap(data.getData(), 0, data.getLength());
            assertEquals(3, received.getShort(), "DATA");
            assertEquals(1, received.getShort(), "block 1");
            byte[] ack = ByteBuffer.allocate(4).putShort((short) 4).putShort((short) 1).array();
            socket.send(new DatagramPacket(ack, ack.length, data.getSocketAddress()));
            assertTrue(data.getLength() - 4 < 512, "one block");
            return data.getLength() - 4;
        }
    }
}
