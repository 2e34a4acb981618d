package io.tandem.common.lease;

import java.util.List;

/** Kea 2.2's v4 memfile rows ({@code src/lib/dhcpsrv/csv_lease_file4.cc}). */
public final class LeaseCsv4 extends LeaseCsv<Lease4> {
    public static final LeaseCsv4 INSTANCE = new LeaseCsv4();

    private LeaseCsv4() {
        super(List.of("address", "hwaddr", "client_id", "valid_lifetime", "expire", "subnet_id", "fqdn_fwd",
                "fqdn_rev", "hostname", "state", "user_context"));
    }

    @Override
    Lease4 read(CsvRow row) {
        return new Lease4(
                row.ipv4("address"),
                row.colonSeparatedHex("hwaddr"),
                row.formattedHex("client_id"),
                row.uint32("valid_lifetime"),
                row.uint64("expire"),
                row.uint32("subnet_id"),
                row.flag("fqdn_fwd"),
                row.flag("fqdn_rev"),
                row.text("hostname"),
                LeaseState.of(row.uint32("state")),
                row.text("user_context"));
    }

    @Override
    void writeFamilyColumns(Lease4 lease, CsvHeader.RowWriter values) {
        values.put("hwaddr", lease.hwaddr().colonHex());
        values.put("client_id", lease.clientId().colonHex());
    }
}
