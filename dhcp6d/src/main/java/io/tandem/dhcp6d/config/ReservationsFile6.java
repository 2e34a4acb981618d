package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ReservationsFile;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** dhcp6d's {@code reservations-file} ({@link ReservationsFile}), compiled as its {@code reservations}. */
final class ReservationsFile6 {
    /** A reservation read from the file, and the subnet it names. */
    record Entry(ReservationCompiler.Placed placed, OptionalLong subnetId) {
    }

    private static final ReservationsFile.Family FAMILY = new ReservationsFile.Family(
            KeaKeys6.FILE_RESERVATION.implemented(), Set.of("ip-addresses", "prefixes"),
            Dhcp6Options.DHCP6::defines, "a DHCPv6 option name such as bootfile-url");

    private ReservationsFile6() {
    }

    static List<Entry> load(ConfigNode key, Path file, String name, ReservationCompiler compiler) {
        return ReservationsFile.read(key, file, name, FAMILY,
                entry -> compiler.compile(entry.node(), KeaKeys6.FILE_RESERVATION).map(reservation ->
                        new Entry(new ReservationCompiler.Placed(entry.node(), reservation), entry.subnetId())));
    }
}
