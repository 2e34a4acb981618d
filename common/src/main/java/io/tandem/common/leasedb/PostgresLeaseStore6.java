package io.tandem.common.leasedb;

import io.tandem.common.daemon.ClientLookup;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.ops.LeaseSource;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * dhcp6d's bindings in Kea 2.2's {@code lease6}, bound as {@code PgSqlLease6Exchange::createBindForSend}
 * binds them: the address as compressed text, the IAID as a signed INT, an empty {@code hwaddr}
 * with type and source 0 when there is none, the user context as text or empty. The guard's
 * "same client" is the DUID and IAID, or the same hardware address: dhcp6d's MAC-derived
 * addresses follow the MAC through the DUIDs of its firmware, boot loader and OS.
 */
public final class PostgresLeaseStore6 extends PostgresLeaseStore<Lease6> {
    private static final String COLUMNS = "address, duid, valid_lifetime, expire, subnet_id, pref_lifetime, lease_type,"
            + " iaid, prefix_len, fqdn_fwd, fqdn_rev, hostname, hwaddr, hwtype, hwaddr_source, state, user_context";
    private static final String UPSERT = "INSERT INTO lease6 (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?) ON CONFLICT (address) DO UPDATE SET duid = EXCLUDED.duid,"
            + " valid_lifetime = EXCLUDED.valid_lifetime, expire = EXCLUDED.expire, subnet_id = EXCLUDED.subnet_id,"
            + " pref_lifetime = EXCLUDED.pref_lifetime, lease_type = EXCLUDED.lease_type, iaid = EXCLUDED.iaid,"
            + " prefix_len = EXCLUDED.prefix_len, fqdn_fwd = EXCLUDED.fqdn_fwd, fqdn_rev = EXCLUDED.fqdn_rev,"
            + " hostname = EXCLUDED.hostname, hwaddr = EXCLUDED.hwaddr, hwtype = EXCLUDED.hwtype,"
            + " hwaddr_source = EXCLUDED.hwaddr_source, state = EXCLUDED.state, user_context = EXCLUDED.user_context"
            + " WHERE (lease6.duid = EXCLUDED.duid AND lease6.iaid = EXCLUDED.iaid)"
            + " OR (length(EXCLUDED.hwaddr) > 0 AND lease6.hwaddr = EXCLUDED.hwaddr)" + FREE.formatted("lease6");
    private static final String DELETE = "DELETE FROM lease6 WHERE address = ? AND duid = ? AND iaid = ?";
    private static final String SELECT = "SELECT address, duid, valid_lifetime, extract(epoch FROM expire)::bigint,"
            + " subnet_id, pref_lifetime, lease_type, iaid, prefix_len, fqdn_fwd, fqdn_rev, hostname, hwaddr, hwtype,"
            + " hwaddr_source, state, user_context FROM lease6";

    public PostgresLeaseStore6(PostgresLeaseDatabase database) {
        super(database, "lease6", UPSERT, DELETE, SELECT, "varchar");
    }

    /**
     * Finds clients by DUID, every row of each (any IAID, subnet or type), on Kea's index
     * {@code lease6_by_duid_iaid_subnet_id}: one statement for all the DUIDs waiting.
     */
    public ClientLookup.Finder<Lease6, Bytes> byDuid() {
        return new ClientRows<>(this, SELECT + " WHERE duid = ANY(?)", (connection, statement, duids) ->
                statement.setArray(1, connection.createArrayOf("bytea", duids.stream().map(Bytes::toArray)
                        .toArray(byte[][]::new))));
    }

    /** Compressed text, as Kea writes it; past the last address, the last. */
    @Override
    Object addressValue(InetAddress address, int after) {
        byte[] bytes = address.getAddress();
        int carry = after;
        for (int i = bytes.length - 1; i >= 0 && carry != 0; i--) {
            int sum = (bytes[i] & 0xff) + carry;
            bytes[i] = (byte) sum;
            carry = sum >>> 8;
        }
        return Addresses.text(carry == 0 ? Addresses.inet6(bytes) : address);
    }

    /** A DUID, or a MAC (the hardware address). */
    @Override
    Filter filter(LeaseSource.Key key) {
        if (key instanceof LeaseSource.Key.Duid duid) {
            return new Filter("duid = ?", List.of(duid.duid().toArray()));
        } else if (key instanceof LeaseSource.Key.Mac mac) {
            return new Filter("hwaddr = ?", List.of(mac.mac().bytes().toArray()));
        }
        throw new IllegalArgumentException("lease6 has no column for " + key);
    }

    @Override
    void bindUpsert(PreparedStatement statement, Lease6 row) throws SQLException {
        statement.setString(1, Addresses.text(row.address()));
        statement.setBytes(2, row.duid().toArray());
        statement.setLong(3, row.validLifetime());
        statement.setTimestamp(4, databaseExpire(row, Lease6.INFINITE_LIFETIME));
        statement.setLong(5, row.subnetId());
        statement.setLong(6, row.preferredLifetime());
        statement.setShort(7, (short) row.type().code());
        statement.setInt(8, (int) row.iaid());
        statement.setShort(9, (short) row.prefixLength());
        statement.setBoolean(10, row.fqdnForward());
        statement.setBoolean(11, row.fqdnReverse());
        statement.setString(12, row.hostname());
        Optional<HardwareAddress> hardware = row.hardwareAddress();
        statement.setBytes(13, hardware.map(address -> address.address().toArray()).orElse(new byte[0]));
        statement.setShort(14, (short) hardware.map(HardwareAddress::type).orElse(0).intValue());
        statement.setInt(15, hardware.map(address -> address.source().code()).orElse(0));
        statement.setInt(16, row.state().code());
        statement.setString(17, row.userContext());
    }

    @Override
    void bindDelete(PreparedStatement statement, Lease6 row) throws SQLException {
        statement.setString(1, Addresses.text(row.address()));
        statement.setBytes(2, row.duid().toArray());
        statement.setInt(3, (int) row.iaid());
    }

    /** One row as Kea's {@code convertFromDatabase} reads it. */
    @Override
    Lease6 read(ResultSet row) throws SQLException {
        long validLifetime = row.getLong(3);
        byte[] hwaddr = row.getBytes(13);
        Optional<HardwareAddress> hardware = hwaddr == null || hwaddr.length == 0 ? Optional.empty()
                : Optional.of(new HardwareAddress(Bytes.of(hwaddr), row.getInt(14), HwAddrSource.of(row.getInt(15))));
        return new Lease6(Addresses.parse6(row.getString(1)), Bytes.of(row.getBytes(2)), validLifetime,
                leaseExpire(validLifetime, row.getLong(4), Lease6.INFINITE_LIFETIME), row.getLong(5), row.getLong(6),
                LeaseType.of(row.getInt(7)), Integer.toUnsignedLong(row.getInt(8)), row.getInt(9), row.getBoolean(10),
                row.getBoolean(11), nullToEmpty(row.getString(12)), hardware, LeaseState.of(row.getInt(16)),
                nullToEmpty(row.getString(17)));
    }
}
