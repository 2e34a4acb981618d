package io.tandem.common.lease;

import java.util.List;
import java.util.Optional;

/** Kea 2.2's v6 memfile rows ({@code src/lib/dhcpsrv/csv_lease_file6.cc}). */
public final class LeaseCsv6 extends LeaseCsv<Lease6> {
    public static final LeaseCsv6 INSTANCE = new LeaseCsv6();
    // The place of each column in Kea 2.2's list below, by which CsvRow reads it.
    private static final int ADDRESS = 0;
    private static final int DUID = 1;
    private static final int VALID_LIFETIME = 2;
    private static final int EXPIRE = 3;
    private static final int SUBNET_ID = 4;
    private static final int PREF_LIFETIME = 5;
    private static final int LEASE_TYPE = 6;
    private static final int IAID = 7;
    private static final int PREFIX_LEN = 8;
    private static final int FQDN_FWD = 9;
    private static final int FQDN_REV = 10;
    private static final int HOSTNAME = 11;
    private static final int HWADDR = 12;
    private static final int STATE = 13;
    private static final int USER_CONTEXT = 14;
    private static final int HWTYPE = 15;
    private static final int HWADDR_SOURCE = 16;

    private LeaseCsv6() {
        super(List.of("address", "duid", "valid_lifetime", "expire", "subnet_id", "pref_lifetime", "lease_type",
                "iaid", "prefix_len", "fqdn_fwd", "fqdn_rev", "hostname", "hwaddr", "state", "user_context", "hwtype",
                "hwaddr_source"));
    }

    @Override
    Lease6 read(CsvRow row) {
        return new Lease6(
                row.ipv6(ADDRESS),
                row.formattedHex(DUID),
                row.uint32(VALID_LIFETIME),
                row.uint64(EXPIRE),
                row.uint32(SUBNET_ID),
                row.uint32(PREF_LIFETIME),
                LeaseType.of(row.uint32(LEASE_TYPE)),
                row.uint32(IAID),
                (int) row.uint32(PREFIX_LEN),
                row.flag(FQDN_FWD),
                row.flag(FQDN_REV),
                row.text(HOSTNAME),
                hardwareAddress(row),
                LeaseState.of(row.uint32(STATE)),
                row.text(USER_CONTEXT));
    }

    /**
     * Kea's {@code readHWAddr}: no address when {@code hwaddr} is empty; an empty {@code hwtype}
     * means Ethernet and an empty {@code hwaddr_source} unknown, as in a row from before Kea
     * added those columns.
     */
    private static Optional<HardwareAddress> hardwareAddress(CsvRow row) {
        if (row.isEmpty(HWADDR)) {
            return Optional.empty();
        }
        int type = row.isEmpty(HWTYPE) ? HardwareAddress.ETHERNET : (int) row.uint16(HWTYPE);
        HwAddrSource source = row.isEmpty(HWADDR_SOURCE)
                ? HwAddrSource.UNKNOWN
                : HwAddrSource.of(row.uint32(HWADDR_SOURCE));
        return Optional.of(new HardwareAddress(row.colonSeparatedHex(HWADDR), type, source));
    }

    @Override
    void writeFamilyColumns(Lease6 lease, CsvHeader.RowWriter values) {
        values.put("duid", lease.duid().colonHex());
        values.put("pref_lifetime", Long.toString(lease.preferredLifetime()));
        values.put("lease_type", Integer.toString(lease.type().code()));
        values.put("iaid", Long.toString(lease.iaid()));
        values.put("prefix_len", Integer.toString(lease.prefixLength()));
        // Kea leaves all three hardware columns empty when the lease has no hardware address.
        lease.hardwareAddress().ifPresent(hardware -> {
            values.put("hwaddr", hardware.address().colonHex());
            values.put("hwtype", Integer.toString(hardware.type()));
            values.put("hwaddr_source", Integer.toString(hardware.source().code()));
        });
    }
}
