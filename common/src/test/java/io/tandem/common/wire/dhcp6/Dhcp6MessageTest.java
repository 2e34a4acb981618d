package io.tandem.common.wire.dhcp6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import java.net.Inet6Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A DHCPv6 value holds each option in the record its code calls for, so that it survives the wire. */
class Dhcp6MessageTest {
    private static final Duid DUID = new Duid(Bytes.fromHex("00030001001a2b3c4d5e"));
    private static final Inet6Address ADDRESS = Addresses.parse6("2001:db8::10");

    private static ClientServerMessage solicit(Option6... options) {
        return new ClientServerMessage(MessageType6.SOLICIT, 0x123456, Options6.of(options));
    }

    @Test
    void anOroWrittenAsOneUint16IsRejected() {
        // Before the check this encoded, decoded as an ORO of one code, and requestedOptions() was empty.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> solicit(new Option6.Uint16(Dhcp6Options.ORO, 23)));
        assertEquals("dhcp6 option 6 (oro) is Uint16List, not Uint16", e.getMessage());
    }

    @Test
    void theNamedConstructorsMakeWhatTheCodecReads() throws DecodeException {
        ClientServerMessage solicit = solicit(Option6.clientId(DUID), Option6.elapsedTime(0),
                Option6.oro(Dhcp6Options.DNS_SERVERS, Dhcp6Options.BOOTFILE_URL), Option6.rapidCommit());
        assertEquals(solicit, Dhcp6Codec.decode(Dhcp6Codec.encode(solicit)));
        assertEquals(List.of(23, 59), solicit.options().requestedOptions());
        ClientServerMessage reply = new ClientServerMessage(MessageType6.REPLY, 1, Options6.of(
                Option6.serverId(DUID), Option6.bootfileUrl("http://[2001:db8::1]/boot.efi")));
        assertEquals(reply, Dhcp6Codec.decode(Dhcp6Codec.encode(reply)));
    }

    @Test
    void optionsInsideOptionsAreCheckedInTheirSpace() {
        assertThrows(IllegalArgumentException.class, () -> new Option6.IaNa(1, 0, 0,
                Options6.of(new Option6.Raw(Dhcp6Options.IAADDR, Bytes.EMPTY))));
        assertThrows(IllegalArgumentException.class, () -> new Option6.VendorOptions(Dhcp6Options.ISC_ENTERPRISE,
                Options6.of(new Option6.Raw(Dhcp6Options.ISC_4O6_SOURCE_PORT, Bytes.fromHex("0043")))));
        assertThrows(IllegalArgumentException.class, () -> new Option6.NtpServer(
                Options6.of(new Option6.Raw(Dhcp6Options.NTP_SERVER_ADDRESS, Bytes.of(ADDRESS.getAddress())))));
        new Option6.VendorOptions(9999, Options6.of(new Option6.Raw(Dhcp6Options.ISC_4O6_SOURCE_PORT, Bytes.EMPTY)));
    }

    @Test
    void relayMsgIsAMessageOnlyInsideARelayMessage() {
        Option6.RelayedMessage relayed = new Option6.RelayedMessage(solicit(Option6.clientId(DUID)));
        new RelayMessage(MessageType6.RELAY_FORW, 0, ADDRESS, ADDRESS, Options6.of(relayed));
        assertThrows(IllegalArgumentException.class, () -> solicit(relayed));
        assertThrows(IllegalArgumentException.class, () -> new RelayMessage(MessageType6.RELAY_FORW, 0, ADDRESS,
                ADDRESS, Options6.of(new Option6.Raw(Dhcp6Options.RELAY_MSG, Bytes.EMPTY))));
    }

    @Test
    void withReplacesAnOptionOfTheSameCodeAndPlusAppends() {
        Options6 options = Options6.of(Option6.elapsedTime(0), Option6.clientId(DUID));
        assertEquals(Options6.of(Option6.elapsedTime(5), Option6.clientId(DUID)), options.with(Option6.elapsedTime(5)));
        assertEquals(3, options.plus(Option6.elapsedTime(5)).size());
    }
}
