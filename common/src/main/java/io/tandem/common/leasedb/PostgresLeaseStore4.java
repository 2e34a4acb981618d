package io.tandem.common.leasedb;

import io.tandem.common.config.Ipv4;
import io.tandem.common.daemon.ClientLookup;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.ops.LeaseSource;
import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * dhcp4o6d's leases in Kea 2.2's {@code lease4}, bound as {@code PgSqlLease4Exchange::createBindForSend}
 * binds them: the address as its unsigned 32-bit number, an empty {@code hwaddr} or {@code client_id} when
 * there is none, the user context as text or empty. The guard's "same client" is the same client
 * identifier or the same hardware address.
 */
public final class PostgresLeaseStore4 extends PostgresLeaseStore<Lease4> {
    private static final String COLUMNS = "address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd,"
            + " fqdn_rev, hostname, state, user_context";
    private static final String UPSERT = "INSERT INTO lease4 (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (address) DO UPDATE SET hwaddr = EXCLUDED.hwaddr, client_id = EXCLUDED.client_id,"
            + " valid_lifetime = EXCLUDED.valid_lifetime, expire = EXCLUDED.expire, subnet_id = EXCLUDED.subnet_id,"
            + " fqdn_fwd = EXCLUDED.fqdn_fwd, fqdn_rev = EXCLUDED.fqdn_rev, hostname = EXCLUDED.hostname,"
            + " state = EXCLUDED.state, user_context = EXCLUDED.user_context"
            + " WHERE (length(EXCLUDED.client_id) > 0 AND lease4.client_id = EXCLUDED.client_id)"
            + " OR (length(EXCLUDED.hwaddr) > 0 AND lease4.hwaddr = EXCLUDED.hwaddr)" + FREE.formatted("lease4");
    private static final String DELETE = "DELETE FROM lease4 WHERE address = ? AND hwaddr = ? AND client_id = ?";
    private static final String SELECT = "SELECT address, hwaddr, client_id, valid_lifetime,"
            + " extract(epoch FROM expire)::bigint, subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context"
            + " FROM lease4";

    public PostgresLeaseStore4(PostgresLeaseDatabase database) {
        super(database, "lease4", UPSERT, DELETE, SELECT, "int8");
    }

    /**
     * Finds clients by client identifier or hardware address (either matching, on Kea's indexes
     * {@code lease4_by_client_id_subnet_id} and {@code lease4_by_hwaddr_subnet_id}): one statement
     * for all the clients waiting. An empty identifier is left out: it would match every row without one.
     */
    public ClientLookup.Finder<Lease4, Lease4.Owner> byClient() {
        return new ClientRows<>(this, SELECT + " WHERE client_id = ANY(?) OR hwaddr = ANY(?)",
                (connection, statement, clients) -> {
                    statement.setArray(1, connection.createArrayOf("bytea", clients.stream().map(Lease4.Owner::clientId)
                            .filter(id -> !id.isEmpty()).map(Bytes::toArray).toArray(byte[][]::new)));
                    statement.setArray(2, connection.createArrayOf("bytea", clients.stream().map(Lease4.Owner::hwaddr)
                            .filter(hwaddr -> !hwaddr.isEmpty()).map(Bytes::toArray).toArray(byte[][]::new)));
                });
    }

    @Override
    Object addressValue(InetAddress address, int after) {
        return Ipv4.toLong((Inet4Address) address) + after;
    }

    /** A client identifier, or a MAC as the hardware address or a client identifier of type 1. */
    @Override
    Filter filter(LeaseSource.Key key) {
        if (key instanceof LeaseSource.Key.ClientId id) {
            return new Filter("client_id = ?", List.of(id.id().toArray()));
        } else if (key instanceof LeaseSource.Key.Mac mac) {
            byte[] clientId = new byte[7];
            clientId[0] = 1;
            System.arraycopy(mac.mac().bytes().toArray(), 0, clientId, 1, 6);
            return new Filter("(hwaddr = ? OR client_id = ?)", List.of(mac.mac().bytes().toArray(), clientId));
        }
        throw new IllegalArgumentException("lease4 has no column for " + key);
    }

    @Override
    void bindUpsert(PreparedStatement statement, Lease4 row) throws SQLException {
        statement.setLong(1, Ipv4.toLong(row.address()));
        statement.setBytes(2, row.hwaddr().toArray());
        statement.setBytes(3, row.clientId().toArray());
        statement.setLong(4, row.validLifetime());
        statement.setTimestamp(5, databaseExpire(row, Lease4.INFINITE_LIFETIME));
        statement.setLong(6, row.subnetId());
        statement.setBoolean(7, row.fqdnForward());
        statement.setBoolean(8, row.fqdnReverse());
        statement.setString(9, row.hostname());
        statement.setInt(10, row.state().code());
        statement.setString(11, row.userContext());
    }

    @Override
    void bindDelete(PreparedStatement statement, Lease4 row) throws SQLException {
        statement.setLong(1, Ipv4.toLong(row.address()));
        statement.setBytes(2, row.hwaddr().toArray());
        statement.setBytes(3, row.clientId().toArray());
    }

    @Override
    Lease4 read(ResultSet row) throws SQLException {
        long validLifetime = row.getLong(4);
        byte[] hwaddr = row.getBytes(2);
        byte[] clientId = row.getBytes(3);
        return new Lease4(Ipv4.fromLong(row.getLong(1)), hwaddr == null ? Bytes.EMPTY : Bytes.of(hwaddr),
                clientId == null ? Bytes.EMPTY : Bytes.of(clientId), validLifetime,
                leaseExpire(validLifetime, row.getLong(5), Lease4.INFINITE_LIFETIME), row.getLong(6), row.getBoolean(7),
                row.getBoolean(8), nullToEmpty(row.getString(9)), LeaseState.of(row.getInt(10)),
                nullToEmpty(row.getString(11)));
    }
}
