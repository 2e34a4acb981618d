package io.tandem.dhcp6d.netboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import io.tandem.dhcp6d.engine.Arrival;
import io.tandem.dhcp6d.engine.Dhcp6Engine;
import io.tandem.dhcp6d.engine.Inbound6;
import io.tandem.dhcp6d.engine.Outcome6;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The boot options each stage of a network boot gets, with the messages real firmware sends (FIELD-NOTES.md). */
class NetbootEngineTest {
    private static final Arrival LAB0 = new Arrival("lab0", Arrival.Addressing.MULTICAST);
    static final String CONFIG = """
            {"Dhcp6": {
              "netboot": {"http-boot-url-template": "http://netboot.target/?mac={{.MAC}}&base={{.BaseAddress}}&p={{.Payload}}",
                 "http-boot-file-urls": {"arm64-efi": "http://[2001:db8:0:1::1]:6315/boot/{{.MAC}}/snp.efi"}},
              "subnet6": [{"id": 1, "subnet": "2001:db8:0:1::/64", "interface": "lab0",
                 "mac-addressing": {"prefix": "2001:db8:0:1::/80"},
                 "reservations": [{"hw-address": "00:00:5e:00:53:99",
                    "option-data": [{"name": "bootfile-url", "data": "http://foreman.example/unattended/iPXE"}]}]}]
            }}
            """;
    static final Duid SERVER = Duid.fromHex("0003000100005e0053fe");
    static final MacAddress QEMU = MacAddress.parse("52:54:00:12:34:56");
    static final Inet6Address SERVER_ON_LINK = Addresses.parse6("2001:db8:0:1::1");
    static final Duid UUID_DUID = Duid.fromHex("0004a1b2c3d4e5f60718293a4b5c6d7e8f90");

    Dhcp6Engine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new Dhcp6Engine(Dhcp6ConfigParser.parse(CONFIG, Path.of(".")).config(),
                new Dhcp6Engine.Settings(SERVER, 547, 546, 0),
                name -> List.of(Addresses.parse6("fe80::1"), SERVER_ON_LINK),
                Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC));
    }

    /** A Solicit as UEFI firmware sends it, then {@code extra}. */
    static Dhcp6Messages solicitFrom(Option6... extra) {
        return Dhcp6Messages.solicit(UUID_DUID).iaNa(9).oro(59, 60, 23, 16).with(extra);
    }

    ClientServerMessage advertise(MacAddress mac, Dhcp6Messages message) {
        ClientServerMessage solicit = message.build();
        Outcome6 outcome = engine.handle(new Inbound6(Dhcp6Codec.encode(solicit), mac.linkLocal(), 546, LAB0));
        return (ClientServerMessage) assertInstanceOf(Outcome6.Reply.class, outcome).message();
    }

    static Option6 archType(int type) {
        return new Option6.Uint16List(Dhcp6Options.CLIENT_ARCH_TYPE, List.of(type));
    }

    static Option6 vendorClass(String data) {
        return new Option6.VendorClass(343, List.of(Bytes.utf8(data)));
    }

    @Test
    void pxeFirmwareIsPointedAtIpxeOverTftpInTheAdvertise() {
        ClientServerMessage reply = advertise(QEMU, solicitFrom(archType(7),
                vendorClass("PXEClient:Arch:00007:UNDI:003000"),
                new Option6.Nii(1, 3, 0)));
        assertEquals(MessageType6.ADVERTISE, reply.type());
        assertEquals("tftp://[2001:db8:0:1::1]/52:54:00:12:34:56/ipxe.efi",
                reply.options().bootfileUrl().orElseThrow());
        assertTrue(reply.options().vendorClasses().isEmpty(), "no PXEClient echo: EDK2 would wait for a boot server");
        assertEquals(1, reply.options().iaNas().size(), "an address comes with the boot file");
    }

    @Test
    void theCommittedPxeBindingIsTheEventPointingFirmwareAtIpxe() {
        ClientServerMessage request = Dhcp6Messages.request(UUID_DUID).iaNa(9).oro(59, 60, 23, 16).serverId(SERVER)
                .with(archType(7), vendorClass("PXEClient:Arch:00007:UNDI:003000")).build();
        Outcome6.Reply reply = assertInstanceOf(Outcome6.Reply.class,
                engine.handle(new Inbound6(Dhcp6Codec.encode(request), QEMU.linkLocal(), 546, LAB0)));
        assertEquals(List.of("bound", "point_pxe_to_ipxe_over_tftp"),
                reply.events().stream().map(event -> event.name()).toList());
        assertEquals("tftp://[2001:db8:0:1::1]/52:54:00:12:34:56/ipxe.efi", reply.events().get(1).details().get("url"));
        assertEquals("7", reply.events().get(1).details().get("architecture"));
    }

    @Test
    void ipxeIsChainedToTheTemplatedUrl() {
        ClientServerMessage reply = advertise(QEMU, solicitFrom(archType(7),
                new Option6.LengthPrefixedList(Dhcp6Options.USER_CLASS, List.of(Bytes.utf8("iPXE")))));
        assertEquals("http://netboot.target/?mac=52:54:00:12:34:56&base=2001:db8:0:1::&p="
                + "eyJhcmNoaXRlY3R1cmVzIjpbIkVGSSB4ODYtNjQiXX0=", reply.options().bootfileUrl().orElseThrow());
    }

    @Test
    void uefiHttpBootGetsTheUrlAndItsVendorClassBack() {
        ClientServerMessage reply = advertise(QEMU, solicitFrom(archType(16),
                vendorClass("HTTPClient:Arch:00016:UNDI:003000")));
        String url = reply.options().bootfileUrl().orElseThrow();
        assertTrue(url.endsWith("&p=eyJhcmNoaXRlY3R1cmVzIjpbIkVGSSB4ODYtNjQgYm9vdCBmcm9tIEhUVFAiXX0="),
                "the payload reads as dhcpv6macd's: " + url);
        assertEquals(List.of(new Option6.VendorClass(343, List.of(Bytes.utf8("HTTPClient")))),
                reply.options().vendorClasses());
    }

    @Test
    void aPerArchitectureHttpBootFileUrlTakesThePlaceholdersToo() {
        ClientServerMessage reply = advertise(QEMU, solicitFrom(archType(19),
                vendorClass("HTTPClient:Arch:00019:UNDI:003000")));
        assertEquals("http://[2001:db8:0:1::1]:6315/boot/52:54:00:12:34:56/snp.efi",
                reply.options().bootfileUrl().orElseThrow());
    }

    @Test
    void anOperatingSystemGetsNoBootOptions() {
        ClientServerMessage reply = advertise(QEMU, solicitFrom());
        assertTrue(reply.options().bootfileUrl().isEmpty());
    }

    List<String> eventsOfRequest(Duid duid, int iaid, List<Integer> order, Option6... markers) {
        Dhcp6Messages message = Dhcp6Messages.of(MessageType6.REQUEST);
        for (int code : order) {
            switch (code) {
                case Dhcp6Options.CLIENTID -> message.clientId(duid);
                case Dhcp6Options.SERVERID -> message.serverId(SERVER);
                case Dhcp6Options.IA_NA -> message.iaNa(iaid);
                case Dhcp6Options.ELAPSED_TIME -> message.elapsedTime();
                case Dhcp6Options.ORO -> message.oro(23);
                default -> throw new IllegalArgumentException("option " + code);
            }
        }
        ClientServerMessage request = message.with(markers).build();
        Outcome6.Reply reply = assertInstanceOf(Outcome6.Reply.class,
                engine.handle(new Inbound6(Dhcp6Codec.encode(request), QEMU.linkLocal(), 546, LAB0)));
        return reply.events().stream().map(event -> event.name()).toList();
    }

    @Test
    void theFirmwaresOwnNetworkStackIsNotTakenForAnOperatingSystem() {
        // OVMF's Ip6Config Request as captured in FirmwareBootIT: 1, 8, 2, 3, 5 (inside 3), 6; no boot markers.
        assertEquals(List.of("bound", "firmware_init"), eventsOfRequest(UUID_DUID, 1, List.of(1, 8, 2, 3, 6)));
        // The same DUID and options in dhclient's order (1, 6, 8, ...) and WIDE dhcp6c's (1, 3, 8, ...) are an OS.
        assertEquals(List.of("bound", "os_init"), eventsOfRequest(UUID_DUID, 2, List.of(1, 6, 8, 2, 3)));
        assertEquals(List.of("bound", "os_init"), eventsOfRequest(UUID_DUID, 3, List.of(1, 3, 8, 2, 6)));
        // EDK2's PXE client orders its options the same way, and its markers win.
        assertEquals(List.of("bound", "point_pxe_to_ipxe_over_tftp"), eventsOfRequest(UUID_DUID, 4,
                List.of(1, 8, 2, 3, 6), archType(7), vendorClass("PXEClient:Arch:00007:UNDI:003000")));
    }

    @Test
    void aReservationsOwnBootfileUrlWinsOverTheStage() {
        ClientServerMessage reply = advertise(MacAddress.parse("00:00:5e:00:53:99"), solicitFrom(
                new Option6.LengthPrefixedList(Dhcp6Options.USER_CLASS, List.of(Bytes.utf8("iPXE")))));
        assertEquals("http://foreman.example/unattended/iPXE", reply.options().bootfileUrl().orElseThrow());
    }

    @Test
    void stagesAreRecognisedFromWhatEachProgramSends() {
        assertEquals(BootStage.PXE_FIRMWARE, BootStage.of(solicitFrom(archType(7)).build().options()));
        assertEquals(BootStage.PXE_FIRMWARE, BootStage.of(solicitFrom(vendorClass("PXEClient:Arch:00000"))
                .build().options()));
        assertEquals(BootStage.IPXE, BootStage.of(solicitFrom(archType(7), vendorClass("PXEClient"),
                new Option6.LengthPrefixedList(Dhcp6Options.USER_CLASS, List.of(Bytes.utf8("iPXE"))))
                .build().options()));
        assertEquals(BootStage.UEFI_HTTP, BootStage.of(solicitFrom(archType(16), vendorClass("HTTPClient"))
                .build().options()));
        assertEquals(BootStage.OS, BootStage.of(solicitFrom().build().options()));
    }
}
