package io.tandem.load;

import io.tandem.client.ClientMessages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import java.net.Inet4Address;

/**
 * DHCPv4-over-DHCPv6 (RFC 7341) DISCOVER, OFFER, REQUEST (SELECTING), ACK, each DHCPv4 message in a
 * DHCPV4-QUERY with the U flag clear, each client's MAC in chaddr and in its client-id (type 1);
 * the REQUEST carries the OFFER's address and server identifier. A returning client's REQUEST in
 * REBINDING state carries its address in ciaddr and no server identifier (RFC 2131 §4.3.2), with
 * the U flag clear, as a broadcast would be sent.
 */
final class DoraExchange extends Exchange {
    private static final int DHCPV4_RESPONSE = 21;
    private static final int OFFER = 2;
    private static final int ACK = 5;

    private final byte[] discover;
    private final Offsets discoverAt;
    private final byte[] request;
    private final Offsets requestAt;
    private final int requestedAddress;
    private final int requestServerId;
    private final byte[] rebinding;
    private final Offsets rebindingAt;
    /** From the answer last read. */
    private int answerServerId;

    /** Where a template's DHCPv4 xid, chaddr and client-id MAC are. */
    private record Offsets(int message, int xid, int chaddr, int clientIdMac) {
        static Offsets of(byte[] template) {
            int inner = Wire.innermost6(template, template.length);
            int message = Wire.option6(template, inner + Wire.HEADER6, template.length, Dhcp6Options.DHCPV4_MESSAGE) + 4;
            return new Offsets(message, message + Wire.XID4, message + Wire.CHADDR4,
                    Wire.option4(template, message, template.length, Dhcp4Options.CLIENT_IDENTIFIER) + 3);
        }

        void patch(byte[] template, int xid, long mac) {
            Wire.putU32(template, this.xid, xid);
            Wire.putMac(template, chaddr, mac);
            Wire.putMac(template, clientIdMac, mac);
        }
    }

    DoraExchange(Exchange.Relay relay) {
        super("dora-4o6", 32, 4, relay);
        ClientMessages messages = new ClientMessages(Bytes.of(new byte[6]));
        Inet4Address unset = Addresses.parse4("0.0.0.0");
        discover = encode(ClientMessages.query(messages.discover(0), false));
        discoverAt = Offsets.of(discover);
        request = encode(ClientMessages.query(messages.request(0, unset, unset), false));
        requestAt = Offsets.of(request);
        requestedAddress = Wire.option4(request, requestAt.message(), request.length, Dhcp4Options.REQUESTED_ADDRESS) + 2;
        requestServerId = Wire.option4(request, requestAt.message(), request.length, Dhcp4Options.SERVER_IDENTIFIER) + 2;
        rebinding = encode(ClientMessages.query(messages.renew(0, unset), false));
        rebindingAt = Offsets.of(rebinding);
    }

    @Override
    byte[] firstQuery() {
        return discover;
    }

    @Override
    int patchFirst(int xid, long mac) {
        discoverAt.patch(discover, xid, mac);
        return discover.length;
    }

    @Override
    int read(byte[] bytes, int length) {
        int inner = Wire.innermost6(bytes, length);
        if (inner < 0 || length - inner < Wire.HEADER6 || (bytes[inner] & 0xff) != DHCPV4_RESPONSE) {
            return OTHER;
        }
        int end = Wire.innermostEnd6(bytes, inner, length);
        int option = Wire.option6(bytes, inner + Wire.HEADER6, end, Dhcp6Options.DHCPV4_MESSAGE);
        if (option < 0 || Wire.length6(bytes, option) < Wire.OPTIONS4) {
            return OTHER;
        }
        int message = option + 4;
        int messageEnd = message + Wire.length6(bytes, option);
        answerXid = Wire.u32(bytes, message + Wire.XID4);
        int type = Wire.option4(bytes, message, messageEnd, Dhcp4Options.MESSAGE_TYPE);
        int serverId = Wire.option4(bytes, message, messageEnd, Dhcp4Options.SERVER_IDENTIFIER);
        if (type < 0) {
            return OTHER;
        }
        answerAddress = message + Wire.YIADDR4;
        answerServerId = serverId < 0 || (bytes[serverId + 1] & 0xff) != 4 ? -1 : serverId + 2;
        return switch (bytes[type + 2]) {
            case OFFER -> answerServerId < 0 ? REFUSED : FIRST_ANSWER;
            case ACK -> FINAL_ANSWER;
            default -> REFUSED;
        };
    }

    @Override
    byte[] secondQuery() {
        return request;
    }

    @Override
    int patchSecond(int xid, long mac, byte[] answer) {
        requestAt.patch(request, xid, mac);
        System.arraycopy(answer, answerAddress, request, requestedAddress, 4);
        System.arraycopy(answer, answerServerId, request, requestServerId, 4);
        return request.length;
    }

    @Override
    byte[] rebindQuery() {
        return rebinding;
    }

    @Override
    int patchRebind(int xid, long mac, byte[] address, int at) {
        rebindingAt.patch(rebinding, xid, mac);
        System.arraycopy(address, at, rebinding, rebindingAt.message() + Wire.CIADDR4, 4);
        return rebinding.length;
    }
}
