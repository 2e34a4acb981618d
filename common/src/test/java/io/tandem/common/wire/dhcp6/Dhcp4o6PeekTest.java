package io.tandem.common.wire.dhcp6;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp4.Options4;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

public class Dhcp4o6PeekTest {
    /** A DHCPV4-QUERY carrying a DHCPv4 message of {@code type} with transaction id {@code xid}, as a client sends it. */
    public static Dhcp4o6Message query(int xid, MessageType4 type) {
        Dhcp4Message dhcp4 = Dhcp4Message.builder().op(Dhcp4Message.BOOTREQUEST).xid(xid)
                .chaddr(Bytes.fromHex("00005e00530100000000000000000000")).options(Options4.of(Option4.messageType(type))).build();
        return new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0,
                Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Bytes.of(Dhcp4Codec.encode(dhcp4)))));
    }

    private static RelayMessage relayed(Dhcp6Message message) {
        return new RelayMessage(MessageType6.RELAY_FORW, 0, Addresses.parse6("2001:db8::1"), Addresses.parse6("fe80::1"),
                new Options6(List.of(new Option6.Raw(Dhcp6Options.INTERFACE_ID, Bytes.utf8("eth0")),
                        new Option6.RelayedMessage(message))));
    }

    @Test
    void theTransactionIdAndTheMessageTypeAreReadThroughRelayLayersAndThePairsMetadata() {
        byte[] direct = Dhcp6Codec.encode(query(0x1234abcd, MessageType4.REQUEST));
        assertEquals(0x1234abcd, Dhcp4o6Peek.xid(direct));
        assertEquals(MessageType4.REQUEST.code(), Dhcp4o6Peek.messageType(direct));

        byte[] portPair = Dhcp4o6Ipc.encode(new Dhcp4o6Ipc.Envelope(relayed(relayed(query(7, MessageType4.DISCOVER))),
                "eth0", Addresses.parse6("2001:db8::1"), 547));
        assertEquals(7, Dhcp4o6Peek.xid(portPair));
        assertEquals(MessageType4.DISCOVER.code(), Dhcp4o6Peek.messageType(portPair));
    }

    @Test
    void whatIsNotThereReadsAsNone() {
        assertEquals(Dhcp4o6Peek.NONE, Dhcp4o6Peek.messageType(new byte[] {20, 0, 0, 0}), "no DHCPv4 message");
        byte[] bootp = Dhcp6Codec.encode(new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0,
                Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Bytes.fromHex("01010600deadbeef")))));
        assertEquals(0xdeadbeef, Dhcp4o6Peek.xid(bootp));
        assertEquals(Dhcp4o6Peek.NONE, Dhcp4o6Peek.messageType(bootp), "a message cut before its options");
        byte[] full = Dhcp6Codec.encode(query(9, MessageType4.REQUEST));
        assertEquals(Dhcp4o6Peek.NONE, Dhcp4o6Peek.messageType(Arrays.copyOf(full, full.length - 10)),
                "the DHCPv4 Message option longer than the datagram");
    }
}
