package io.tandem.common.ops;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Bytes;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where the lease commands and {@code GET /leases} read leases: the daemon's own table, or the
 * PostgreSQL lease database when that is the backend (with several servers the table there is the
 * truth, as Kea's lease commands read their backend). Read on the HTTP listener's threads, never
 * on a packet event loop.
 *
 * @param <L> the lease record
 */
@FunctionalInterface
public interface LeaseSource<L> {
    /** Rows one read of the lease database returns at most. */
    int DATABASE_LIMIT = 10_000;

    /**
     * What a request looks for. A source may return more than that (the daemon's table returns
     * every lease); the command keeps those that match.
     */
    sealed interface Key {
        record All() implements Key {
        }

        record Address(InetAddress address) implements Key {
        }

        record Subnets(Set<Long> ids) implements Key {
        }

        record Duid(Bytes duid) implements Key {
        }

        record HwAddress(Bytes address) implements Key {
        }

        record ClientId(Bytes id) implements Key {
        }

        /** A lease of the MAC: its hardware address, or (IPv4) a client identifier of type 1 holding it. */
        record Mac(MacAddress mac) implements Key {
        }
    }

    /** The leases read; {@code complete} is false when a limit cut the read short. */
    record Read<L>(List<L> leases, boolean complete) {
    }

    /**
     * @throws IOException when the lease database cannot be read (its message says which and why)
     */
    Read<L> read(Key key) throws IOException;

    /** The daemon's own table: every lease it holds, whatever the key. */
    static <L> LeaseSource<L> memory(Supplier<List<L>> leases) {
        return key -> new Read<>(leases.get(), true);
    }
}
