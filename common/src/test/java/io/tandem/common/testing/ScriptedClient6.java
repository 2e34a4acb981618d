package io.tandem.common.testing;

import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import java.io.IOException;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;

/**
 * A client that binds an address as Kea's {@code Dhcp6Client::doSARR} does: {@link #solicit()} →
 * Advertise, {@link #request()} to the server that advertised → Reply. Its messages carry the
 * Client Identifier, the Server Identifier (in a Request), an Elapsed Time, one empty IA_NA and the
 * test's own options, in that order. The server is whatever answers a message: an engine called
 * directly, or a socket behind a relay.
 */
public final class ScriptedClient6 {
    /** Answers one message of the client; empty when no answer came. */
    @FunctionalInterface
    public interface Server {
        Optional<ClientServerMessage> answer(ClientServerMessage message) throws IOException;
    }

    private final Duid duid;
    private final long iaid;
    private final List<Option6> extra;
    private final Server server;
    private Optional<Duid> advertisedBy = Optional.empty();

    public ScriptedClient6(Duid duid, long iaid, List<Option6> extra, Server server) {
        this.duid = duid;
        this.iaid = iaid;
        this.extra = List.copyOf(extra);
        this.server = server;
    }

    /** Sends a Solicit; the Advertise names the server {@link #request()} then asks. */
    public Optional<ClientServerMessage> solicit() throws IOException {
        Optional<ClientServerMessage> advertise = server.answer(Dhcp6Messages.solicit(duid).elapsedTime().iaNa(iaid)
                .with(extra.toArray(Option6[]::new)).build());
        advertisedBy = advertise.flatMap(answer -> answer.options().serverId());
        return advertise;
    }

    /** Sends a Request to the server of the last Advertise. */
    public Optional<ClientServerMessage> request() throws IOException {
        Duid serverId = advertisedBy.orElseThrow(() -> new IllegalStateException("no Advertise to request from"));
        return server.answer(Dhcp6Messages.request(duid).serverId(serverId).elapsedTime().iaNa(iaid)
                .with(extra.toArray(Option6[]::new)).build());
    }

    /** Solicit, then Request: the first address bound, or empty when an answer was missing. */
    public Optional<Inet6Address> bind() throws IOException {
        if (solicit().isEmpty()) {
            return Optional.empty();
        }
        return request().flatMap(reply -> reply.options().iaNas().stream()
                .flatMap(ia -> ia.options().iaAddresses().stream()).map(Option6.IaAddress::address).findFirst());
    }
}
