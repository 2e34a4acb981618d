package io.tandem.dhcp6d.kea;

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

/** Builds the messages a scripted client and relay send, with the codec's values. */
final class ClientMessages {
    private static final AtomicInteger TRANSACTIONS = new AtomicInteger(0x100);

    private final MessageType6 type;
    private final int transactionId = TRANSACTIONS.incrementAndGet() & 0xffffff;
    private final List<Option6> options = new ArrayList<>();

    private ClientMessages(MessageType6 type) {
        this.type = type;
    }

    static ClientMessages of(MessageType6 type) {
        return new ClientMessages(type);
    }

    ClientMessages clientId(Duid duid) {
        options.add(new Option6.DuidOption(Dhcp6Options.CLIENTID, duid));
        return this;
    }

    ClientMessages serverId(Duid duid) {
        options.add(new Option6.DuidOption(Dhcp6Options.SERVERID, duid));
        return this;
    }

    ClientMessages elapsedTime() {
        options.add(new Option6.Uint16(Dhcp6Options.ELAPSED_TIME, 0));
        return this;
    }

    ClientMessages rapidCommit() {
        options.add(new Option6.Empty(Dhcp6Options.RAPID_COMMIT));
        return this;
    }

    ClientMessages oro(Integer... codes) {
        options.add(new Option6.Uint16List(Dhcp6Options.ORO, List.of(codes)));
        return this;
    }

    /** An IA_NA with T1 = T2 = 0 holding these addresses, with lifetimes 0 (the client's hints). */
    ClientMessages iaNa(long iaid, Inet6Address... addresses) {
        List<Option6> inside = new ArrayList<>();
        for (Inet6Address address : addresses) {
            inside.add(new Option6.IaAddress(address, 0, 0, Options6.NONE));
        }
        options.add(new Option6.IaNa(iaid, 0, 0, new Options6(inside)));
        return this;
    }

    /** An IA_PD holding this prefix (or none when {@code prefix} is null). */
    ClientMessages iaPd(long iaid, Inet6Address prefix, int length) {
        Options6 inside = prefix == null ? Options6.NONE
                : Options6.of(new Option6.IaPrefix(0, 0, length, prefix, Options6.NONE));
        options.add(new Option6.IaPd(iaid, 0, 0, inside));
        return this;
    }

    ClientServerMessage build() {
        return new ClientServerMessage(type, transactionId, new Options6(options));
    }

    /** A Relay-Forward around {@code inner}: the Interface-ID (when not null), then {@code extra}, then relay-msg. */
    static RelayMessage relayForward(Dhcp6Message inner, int hopCount, Inet6Address linkAddress,
            Inet6Address peerAddress, String interfaceId, Option6... extra) {
        List<Option6> relayOptions = new ArrayList<>();
        if (interfaceId != null) {
            relayOptions.add(new Option6.Raw(Dhcp6Options.INTERFACE_ID, Bytes.utf8(interfaceId)));
        }
        relayOptions.addAll(List.of(extra));
        relayOptions.add(new Option6.RelayedMessage(inner));
        return new RelayMessage(MessageType6.RELAY_FORW, hopCount, linkAddress, peerAddress, new Options6(relayOptions));
    }

    /** The Relay Source Port option (RFC 8357): answer me on the port I sent from. */
    static Option6 relaySourcePort(int port) {
        return new Option6.Uint16(Dhcp6Options.RELAY_SOURCE_PORT, port);
    }
}
