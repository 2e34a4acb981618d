package io.tandem.common.testing;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the DHCPv6 messages tests send, as insomniac's {@code NewSolicit(..., modifiers)} and
 * Kea's {@code Dhcp6Client} do: {@code Dhcp6Messages.request(duid).serverId(server).iaNa(1).build()}.
 * Options go in in the order they are added (the order tells EDK2 from an operating system), and
 * a Relay-Forward wraps any message.
 */
public final class Dhcp6Messages {
    private static final AtomicInteger TRANSACTIONS = new AtomicInteger(0x100);

    private final MessageType6 type;
    private int transactionId = TRANSACTIONS.incrementAndGet() & 0xffffff;
    private final List<Option6> options = new ArrayList<>();

    private Dhcp6Messages(MessageType6 type) {
        this.type = type;
    }

    /** A message of {@code type} with no option yet, and a transaction id of its own. */
    public static Dhcp6Messages of(MessageType6 type) {
        return new Dhcp6Messages(type);
    }

    public static Dhcp6Messages solicit(Duid client) {
        return of(MessageType6.SOLICIT).clientId(client);
    }

    public static Dhcp6Messages request(Duid client) {
        return of(MessageType6.REQUEST).clientId(client);
    }

    public static Dhcp6Messages renew(Duid client) {
        return of(MessageType6.RENEW).clientId(client);
    }

    public static Dhcp6Messages rebind(Duid client) {
        return of(MessageType6.REBIND).clientId(client);
    }

    public static Dhcp6Messages release(Duid client) {
        return of(MessageType6.RELEASE).clientId(client);
    }

    public static Dhcp6Messages decline(Duid client) {
        return of(MessageType6.DECLINE).clientId(client);
    }

    public static Dhcp6Messages confirm(Duid client) {
        return of(MessageType6.CONFIRM).clientId(client);
    }

    public static Dhcp6Messages informationRequest(Duid client) {
        return of(MessageType6.INFORMATION_REQUEST).clientId(client);
    }

    public Dhcp6Messages transactionId(int id) {
        this.transactionId = id;
        return this;
    }

    public Dhcp6Messages clientId(Duid duid) {
        return with(Option6.clientId(duid));
    }

    public Dhcp6Messages serverId(Duid duid) {
        return with(Option6.serverId(duid));
    }

    /** Elapsed Time 0, as a client's first try carries it. */
    public Dhcp6Messages elapsedTime() {
        return with(Option6.elapsedTime(0));
    }

    public Dhcp6Messages rapidCommit() {
        return with(Option6.rapidCommit());
    }

    /** The Option Request option: the codes the client asks for. */
    public Dhcp6Messages oro(int... codes) {
        return with(Option6.oro(codes));
    }

    /** An IA_NA with T1 = T2 = 0 holding these addresses with lifetimes 0 (the client's hints or bindings). */
    public Dhcp6Messages iaNa(long iaid, Inet6Address... addresses) {
        List<Option6> inside = new ArrayList<>();
        for (Inet6Address address : addresses) {
            inside.add(new Option6.IaAddress(address, 0, 0, Options6.NONE));
        }
        return with(new Option6.IaNa(iaid, 0, 0, new Options6(inside)));
    }

    /** An IA_PD with T1 = T2 = 0 and no prefix. */
    public Dhcp6Messages iaPd(long iaid) {
        return with(new Option6.IaPd(iaid, 0, 0, Options6.NONE));
    }

    /** An IA_PD with T1 = T2 = 0 holding this prefix with lifetimes 0. */
    public Dhcp6Messages iaPd(long iaid, Inet6Address prefix, int length) {
        return with(new Option6.IaPd(iaid, 0, 0, Options6.of(new Option6.IaPrefix(0, 0, length, prefix,
                Options6.NONE))));
    }

    /** Any other options, in this order. */
    public Dhcp6Messages with(Option6... more) {
        options.addAll(List.of(more));
        return this;
    }

    public ClientServerMessage build() {
        return new ClientServerMessage(type, transactionId, new Options6(options));
    }

    /** A Relay-Forward around {@code inner}: {@code relayOptions}, then the relay-msg option. */
    public static RelayMessage relayForward(Dhcp6Message inner, int hopCount, Inet6Address linkAddress,
            Inet6Address peerAddress, Option6... relayOptions) {
        List<Option6> list = new ArrayList<>(List.of(relayOptions));
        list.add(new Option6.RelayedMessage(inner));
        return new RelayMessage(MessageType6.RELAY_FORW, hopCount, linkAddress, peerAddress, new Options6(list));
    }

    /** The relay's Interface-ID option, as text. */
    public static Option6 interfaceId(String id) {
        return new Option6.Raw(Dhcp6Options.INTERFACE_ID, Bytes.utf8(id));
    }

    /** The Relay Source Port option (RFC 8357): answer me on the port I sent from. */
    public static Option6 relaySourcePort(int port) {
        return new Option6.Uint16(Dhcp6Options.RELAY_SOURCE_PORT, port);
    }

    /** The client/server message inside any number of relay layers. */
    public static ClientServerMessage innermost(Dhcp6Message message) {
        Dhcp6Message current = message;
        while (current instanceof RelayMessage relay) {
            current = relay.relayed().orElseThrow(() -> new AssertionError("a relay layer without relay-msg: " + message));
        }
        return (ClientServerMessage) current;
    }
}
