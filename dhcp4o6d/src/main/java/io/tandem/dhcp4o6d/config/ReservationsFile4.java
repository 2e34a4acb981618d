package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ReservationsFile;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** dhcp4o6d's {@code reservations-file} ({@link ReservationsFile}), compiled as its {@code reservations}. */
final class ReservationsFile4 {
    /** A reservation read from the file, and the subnet it names. */
    record Entry(ReservationCompiler4.Placed placed, OptionalLong subnetId) {
    }

    private static final ReservationsFile.Family FAMILY = new ReservationsFile.Family(
            KeaKeys4.FILE_RESERVATION.implemented(), Set.of(),
            Dhcp4Options.DHCP4::defines, "a DHCPv4 option name such as routers");

    private ReservationsFile4() {
    }

    static List<Entry> load(ConfigNode key, Path file, String name, ReservationCompiler4 compiler) {
        return ReservationsFile.read(key, file, name, FAMILY,
                entry -> compiler.compile(entry.node(), KeaKeys4.FILE_RESERVATION).map(reservation ->
                        new Entry(new ReservationCompiler4.Placed(entry.node(), reservation), entry.subnetId())));
    }
}
