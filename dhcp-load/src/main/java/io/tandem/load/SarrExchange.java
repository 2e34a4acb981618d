package io.tandem.load;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import java.util.Arrays;

/**
 * DHCPv6 Solicit, Advertise, Request, Reply (RFC 9915 §18), each client a DUID-LL of its MAC (which
 * dhcp6d reads as the MAC when the source address says none, as on loopback) and one IA_NA; the
 * Request carries the Advertise's server id and address. A returning client's Rebind carries its
 * address and no server id, so any server may answer (RFC 9915 §18.2.5). A Reply whose address has
 * a valid lifetime of 0 gives nothing: it is read as a refusal.
 */
final class SarrExchange extends Exchange {
    private static final int ADVERTISE = 2;
    private static final int REPLY = 7;
    private static final int REQUEST = 3;
    private static final int RENEW = 5;
    private static final int RELEASE = 8;
    private static final long IAID = 1;

    private final byte[] solicit;
    private final int solicitXid;
    private final int solicitMac;
    private byte[] request;
    private int requestLength;
    /** Where the Request's message type is: a Renew or Release is the Request with another type. */
    private int requestType;
    private int requestXid;
    private int requestMac;
    private int requestServerId;
    private int requestAddress;
    private final byte[] rebind;
    private final int rebindXid;
    private final int rebindMac;
    private final int rebindAddress;
    /** From the answer last read. */
    private int answerServerId;

    SarrExchange(Exchange.Relay relay) {
        super("sarr", 24, 16, relay);
        solicit = encode(new ClientServerMessage(MessageType6.SOLICIT, 0, Options6.of(clientId(),
                new Option6.IaNa(IAID, 0, 0, Options6.NONE), Option6.elapsedTime(0))));
        int inner = Wire.innermost6(solicit, solicit.length);
        solicitXid = inner + 1;
        solicitMac = macOffset(solicit, inner);
        rebind = encode(new ClientServerMessage(MessageType6.REBIND, 0, Options6.of(clientId(), unsetIaNa(),
                Option6.elapsedTime(0))));
        int rebindInner = Wire.innermost6(rebind, rebind.length);
        rebindXid = rebindInner + 1;
        rebindMac = macOffset(rebind, rebindInner);
        rebindAddress = addressOffset(rebind, rebindInner);
    }

    @Override
    byte[] firstQuery() {
        return solicit;
    }

    @Override
    int patchFirst(int xid, long mac) {
        Wire.putU24(solicit, solicitXid, xid);
        Wire.putMac(solicit, solicitMac, mac);
        return solicit.length;
    }

    @Override
    int read(byte[] bytes, int length) {
        int inner = Wire.innermost6(bytes, length);
        if (inner < 0 || length - inner < Wire.HEADER6) {
            return OTHER;
        }
        int end = Wire.innermostEnd6(bytes, inner, length);
        int type = bytes[inner] & 0xff;
        if (type != ADVERTISE && type != REPLY) {
            return OTHER;
        }
        answerXid = Wire.u24(bytes, inner + 1);
        answerServerId = Wire.option6(bytes, inner + Wire.HEADER6, end, Dhcp6Options.SERVERID);
        int iaNa = Wire.option6(bytes, inner + Wire.HEADER6, end, Dhcp6Options.IA_NA);
        answerAddress = -1;
        if (iaNa >= 0 && Wire.length6(bytes, iaNa) >= 12) {
            int address = Wire.option6(bytes, iaNa + 16, iaNa + 4 + Wire.length6(bytes, iaNa), Dhcp6Options.IAADDR);
            // A Reply's address at a valid lifetime of 0 is one the server takes back: not a binding
            if (address >= 0 && Wire.length6(bytes, address) >= 24
                    && (type != REPLY || Wire.u32(bytes, address + 4 + 20) != 0)) {
                answerAddress = address + 4;
            }
        }
        if (answerServerId < 0 || answerAddress < 0) {
            return REFUSED;
        }
        return type == ADVERTISE ? FIRST_ANSWER : FINAL_ANSWER;
    }

    @Override
    byte[] secondQuery() {
        return request;
    }

    @Override
    int patchSecond(int xid, long mac, byte[] answer) {
        int serverIdLength = Wire.length6(answer, answerServerId);
        if (request == null || Wire.length6(request, requestServerId) != serverIdLength) {
            buildRequest(Arrays.copyOfRange(answer, answerServerId + 4, answerServerId + 4 + serverIdLength));
        }
        System.arraycopy(answer, answerServerId + 4, request, requestServerId + 4, serverIdLength);
        System.arraycopy(answer, answerAddress, request, requestAddress, 16);
        request[requestType] = REQUEST;
        Wire.putU24(request, requestXid, xid);
        Wire.putMac(request, requestMac, mac);
        return requestLength;
    }

    /**
     * Patches the second query into a Renew ({@code release} false) or Release of {@code mac}'s
     * {@code address[at, at + 16)} with {@code xid}, to the server whose id the last Request carried
     * (RFC 9915 §18.2.4, §18.2.7: the same options as the Request); its length.
     */
    int patchReturning(boolean release, int xid, long mac, byte[] address, int at) {
        request[requestType] = (byte) (release ? RELEASE : RENEW);
        System.arraycopy(address, at, request, requestAddress, 16);
        Wire.putU24(request, requestXid, xid);
        Wire.putMac(request, requestMac, mac);
        return requestLength;
    }

    /** The Request template, for servers whose id has this length (rebuilt only when that changes). */
    private void buildRequest(byte[] serverId) {
        request = encode(new ClientServerMessage(MessageType6.REQUEST, 0, Options6.of(clientId(),
                Option6.serverId(new Duid(Bytes.of(serverId))), unsetIaNa(), Option6.elapsedTime(0))));
        requestLength = request.length;
        int inner = Wire.innermost6(request, request.length);
        requestType = inner;
        requestXid = inner + 1;
        requestMac = macOffset(request, inner);
        requestServerId = Wire.option6(request, inner + Wire.HEADER6, request.length, Dhcp6Options.SERVERID);
        requestAddress = addressOffset(request, inner);
    }

    @Override
    byte[] rebindQuery() {
        return rebind;
    }

    @Override
    int patchRebind(int xid, long mac, byte[] address, int at) {
        System.arraycopy(address, at, rebind, rebindAddress, 16);
        Wire.putU24(rebind, rebindXid, xid);
        Wire.putMac(rebind, rebindMac, mac);
        return rebind.length;
    }

    /** The IA_NA of a Request or Rebind: one address, patched in place. */
    private static Option6 unsetIaNa() {
        return new Option6.IaNa(IAID, 0, 0, Options6.of(new Option6.IaAddress(Addresses.parse6("::"), 0, 0,
                Options6.NONE)));
    }

    /** Where the IA_NA's address is in the template: after the IA_NA's header, IAID, T1, T2 and the IAADDR's header. */
    private static int addressOffset(byte[] template, int inner) {
        return Wire.option6(template, inner + Wire.HEADER6, template.length, Dhcp6Options.IA_NA) + 16 + 4;
    }

    private static Option6 clientId() {
        return Option6.clientId(Duid.ll(Bytes.of(new byte[MacAddress.LENGTH])));
    }

    /** Where the MAC is in the template: the DUID-LL's link-layer address, after its type and hardware type. */
    private static int macOffset(byte[] template, int inner) {
        return Wire.option6(template, inner + Wire.HEADER6, template.length, Dhcp6Options.CLIENTID) + 4 + 4;
    }

}
