package io.tandem.common.lease;

import java.util.List;

/** Kea 2.2's v4 memfile rows ({@code src/lib/dhcpsrv/csv_lease_file4.cc}). */
public final class LeaseCsv4 extends LeaseCsv<Lease4> {
    public static final LeaseCsv4 INSTANCE = new LeaseCsv4();
    // The place of each column in Kea 2.2's list below, by which CsvRow reads it.
    private static final int ADDRESS = 0;
    private static final int HWADDR = 1;
    private static final int CLIENT_ID = 2;
    private static final int VALID_LIFETIME = 3;
    private static final int EXPIRE = 4;
    private static final int SUBNET_ID = 5;
    private static final int FQDN_FWD = 6;
    private static final int FQDN_REV = 7;
    private static final int HOSTNAME = 8;
    private static final int STATE = 9;
    private static final int USER_CONTEXT = 10;

    private LeaseCsv4() {
        super(List.of("address", "hwaddr", "client_id", "valid_lifetime", "expire", "subnet_id", "fqdn_fwd",
                "fqdn_rev", "hostname", "state", "user_context"));
    }

    @Override
    Lease4 read(CsvRow row) {
        return new Lease4(
                row.ipv4(ADDRESS),
                row.colonSeparatedHex(HWADDR),
                row.formattedHex(CLIENT_ID),
                row.uint32(VALID_LIFETIME),
                row.uint64(EXPIRE),
                row.uint32(SUBNET_ID),
                row.flag(FQDN_FWD),
                row.flag(FQDN_REV),
                row.text(HOSTNAME),
                LeaseState.of(row.uint32(STATE)),
                row.text(USER_CONTEXT));
    }

    @Override
    void writeFamilyColumns(Lease4 lease, CsvHeader.RowWriter values) {
        values.put("hwaddr", lease.hwaddr().colonHex());
        values.put("client_id", lease.clientId().colonHex());
    }
}
