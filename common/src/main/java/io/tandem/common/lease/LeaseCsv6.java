package io.tandem.common.lease;

import java.util.List;
import java.util.Optional;

/** Kea 2.2's v6 memfile rows ({@code src/lib/dhcpsrv/csv_lease_file6.cc}). */
public final class LeaseCsv6 extends LeaseCsv<Lease6> {
    public static final LeaseCsv6 INSTANCE = new LeaseCsv6();

    private LeaseCsv6() {
        super(List.of("address", "duid", "valid_lifetime", "expire", "subnet_id", "pref_lifetime", "lease_type",
                "iaid", "prefix_len", "fqdn_fwd", "fqdn_rev", "hostname", "hwaddr", "state", "user_context", "hwtype",
                "hwaddr_source"));
    }

    @Override
    Lease6 read(CsvRow row) {
        return new Lease6(
                row.ipv6("address"),
                row.formattedHex("duid"),
                row.uint32("valid_lifetime"),
                row.uint64("expire"),
                row.uint32("subnet_id"),
                row.uint32("pref_lifetime"),
                LeaseType.of(row.uint32("lease_type")),
                row.uint32("iaid"),
                (int) row.uint32("prefix_len"),
                row.flag("fqdn_fwd"),
                row.flag("fqdn_rev"),
                row.text("hostname"),
                hardwareAddress(row),
                LeaseState.of(row.uint32("state")),
                row.text("user_context"));
    }

    /**
     * Kea's {@code readHWAddr}: no address when {@code hwaddr} is empty; an empty {@code hwtype}
     * means Ethernet and an empty {@code hwaddr_source} unknown, as in a row from before Kea
     * added those columns.
     */
    private static Optional<HardwareAddress> hardwareAddress(CsvRow row) {
        if (row.isEmpty("hwaddr")) {
            return Optional.empty();
        }
        int type = row.isEmpty("hwtype") ? HardwareAddress.ETHERNET : (int) row.uint16("hwtype");
        HwAddrSource source = row.isEmpty("hwaddr_source")
                ? HwAddrSource.UNKNOWN
                : HwAddrSource.of(row.uint32("hwaddr_source"));
        return Optional.of(new HardwareAddress(row.colonSeparatedHex("hwaddr"), type, source));
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
