package io.tandem.common.wire.dhcp4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class Dhcp4JsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Compares as text, so that the order of keys counts too. */
    private static void assertJson(String expected, Dhcp4Message message) throws JsonProcessingException {
        assertEquals(MAPPER.writeValueAsString(MAPPER.readTree(expected)),
                MAPPER.writeValueAsString(Dhcp4Json.toJson(message)));
    }

    private static Dhcp4Message decode(String table) throws DecodeException {
        return Dhcp4Codec.decode(Dhcp4Vectors.bytes(table));
    }

    @Test
    void discover() throws Exception {
        assertJson("""
                {"op": 1, "htype": 1, "hlen": 6, "hops": 0, "xid": "0x3903f326", "secs": 0, "flags": "0x8000",
                 "ciaddr": "0.0.0.0", "yiaddr": "0.0.0.0", "siaddr": "0.0.0.0", "giaddr": "0.0.0.0",
                 "chaddr": "00:0b:82:01:fc:42",
                 "options": [
                   {"code": 53, "name": "dhcp-message-type", "value": 1, "message-type": "DHCPDISCOVER"},
                   {"code": 61, "name": "dhcp-client-identifier", "type": 1, "identifier": "00:0b:82:01:fc:42"},
                   {"code": 55, "name": "dhcp-parameter-request-list", "values": [1, 3, 6, 42],
                    "names": ["subnet-mask", "routers", "domain-name-servers", "ntp-servers"]},
                   {"code": 57, "name": "dhcp-max-message-size", "value": 1472},
                   {"code": 12, "name": "host-name", "text": "pxe-1"},
                   {"code": 60, "name": "vendor-class-identifier", "text": "PXEClient"}]}
                """, decode(Dhcp4Vectors.DISCOVER));
    }

    @Test
    void offerShowsSnameAndFileAsText() throws Exception {
        assertJson("""
                {"op": 2, "htype": 1, "hlen": 6, "hops": 0, "xid": "0x3903f326", "secs": 0, "flags": "0x8000",
                 "ciaddr": "0.0.0.0", "yiaddr": "192.0.2.10", "siaddr": "192.0.2.1", "giaddr": "0.0.0.0",
                 "chaddr": "00:0b:82:01:fc:42", "sname": "tandem", "file": "ipxe.efi",
                 "options": [
                   {"code": 53, "name": "dhcp-message-type", "value": 2, "message-type": "DHCPOFFER"},
                   {"code": 1, "name": "subnet-mask", "address": "255.255.255.0"},
                   {"code": 3, "name": "routers", "addresses": ["192.0.2.1"]},
                   {"code": 6, "name": "domain-name-servers", "addresses": ["192.0.2.53", "192.0.2.54"]},
                   {"code": 15, "name": "domain-name", "text": "example.com"},
                   {"code": 51, "name": "dhcp-lease-time", "value": 3600},
                   {"code": 54, "name": "dhcp-server-identifier", "address": "192.0.2.1"},
                   {"code": 58, "name": "dhcp-renewal-time", "value": 1800},
                   {"code": 59, "name": "dhcp-rebinding-time", "value": 3150}]}
                """, decode(Dhcp4Vectors.OFFER));
    }

    @Test
    void relayAgentSubOptionsUseTheAgentSpaceNames() throws Exception {
        JsonNode agent = Dhcp4Json.toJson(decode(Dhcp4Vectors.RELAYED_REQUEST)).get("options").get(5);
        assertEquals(MAPPER.readTree("""
                {"code": 82, "name": "dhcp-agent-options", "sub-options": [
                  {"code": 1, "name": "circuit-id", "data": "000a0003"},
                  {"code": 2, "name": "remote-id", "data": "0006001a2b3c4d5e"},
                  {"code": 5, "name": "link-selection", "address": "198.51.100.0"}]}
                """), agent);
    }

    @Test
    void bytesWithoutAReadableFormAreHex() throws Exception {
        Dhcp4Message message = Dhcp4Message.builder()
                .hlen(4)
                .chaddr(Bytes.fromHex("0a0b0c0d 0e" + "00".repeat(11)))
                .sname(Bytes.of(Arrays.copyOf(new byte[] {'a', 0, 'b'}, 64)))
                .file(Bytes.of(Arrays.copyOf(new byte[] {(byte) 0xc3, 0x28}, 128)))
                .option(new Option4.Text(Dhcp4Options.HOST_NAME, Bytes.fromHex("6869 07")))
                .option(new Option4.Raw(250, Bytes.fromHex("ff00")))
                .option(new Option4.UuidGuid(0, Bytes.fromHex("0102")))
                .build();
        JsonNode json = Dhcp4Json.toJson(message);
        assertEquals("0a:0b:0c:0d", json.get("chaddr").asText());
        assertEquals("0e0000000000000000000000", json.get("chaddr-padding").asText());
        assertEquals(MAPPER.readTree("{\"hex\": \"61" + "00" + "62" + "00".repeat(61) + "\"}"), json.get("sname"),
                "a NUL followed by more than zeros: the field is not text");
        assertEquals(MAPPER.readTree("{\"hex\": \"c328\"}"), json.get("file"), "not UTF-8");
        assertEquals(MAPPER.readTree("{\"code\": 12, \"name\": \"host-name\", \"text\": {\"hex\": \"686907\"}}"),
                json.get("options").get(0), "a control character");
        assertEquals(MAPPER.readTree("{\"code\": 250, \"name\": \"option-250\", \"data\": \"ff00\"}"),
                json.get("options").get(1));
        assertEquals(MAPPER.readTree("{\"code\": 97, \"name\": \"uuid-guid\", \"type\": 0, \"id\": \"0102\"}"),
                json.get("options").get(2));
    }

    @Property(tries = 300)
    void everyMessageRendersTheSameEachTime(@ForAll("messages") Dhcp4Message message) throws DecodeException {
        assertEquals(Dhcp4Json.toJson(message), Dhcp4Json.toJson(Dhcp4Codec.decode(Dhcp4Codec.encode(message))));
    }

    /** A one-bit change that makes a different message makes a different rendering, and only then. */
    @Property(tries = 500)
    void differentMessagesRenderDifferently(@ForAll("messages") Dhcp4Message message, @ForAll Random random) {
        byte[] wire = Dhcp4Codec.encode(message);
        wire[random.nextInt(wire.length)] ^= (byte) (1 << random.nextInt(8));
        Dhcp4Message changed;
        try {
            changed = Dhcp4Codec.decode(wire);
        } catch (DecodeException rejected) {
            return;
        }
        if (changed.equals(message)) {
            assertEquals(Dhcp4Json.toJson(message), Dhcp4Json.toJson(changed));
        } else {
            assertNotEquals(Dhcp4Json.toJson(message), Dhcp4Json.toJson(changed));
        }
    }

    @Provide
    Arbitrary<Dhcp4Message> messages() {
        return Dhcp4Arbitraries.messages();
    }
}
