package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigFamily;
import io.tandem.common.config.ConfigFileParser;
import io.tandem.common.config.ConfigResult;
import io.tandem.common.config.HostIdentifierType;
import io.tandem.common.config.HostIdentifiers;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.config.ReservationsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a dhcp4o6d configuration, {@code {"Dhcp4": {...}}} shaped like Kea's kea-dhcp4, with
 * {@link ConfigFileParser}:
 * <pre>
 * error: /Dhcp4/subnet4/0/subnet: expected an IPv4 prefix like 192.0.2.0/24, got "192.0.2.1": no /length
 * warning: /Dhcp4/loggers: Kea key not implemented by Tandem, ignored
 * </pre>
 */
public final class Dhcp4ConfigParser {
    /**
     * dhcp4o6d's default order, Kea's default order without the identifiers it does not
     * implement; those are accepted in {@code host-reservation-identifiers} with a warning.
     */
    private static final HostIdentifiers HOST_IDENTIFIERS = new HostIdentifiers(
            List.of(HostIdentifierType.HW_ADDRESS, HostIdentifierType.CLIENT_ID),
            Stream.of("duid", "circuit-id", "flex-id").collect(Collectors.toMap(Function.identity(),
                    name -> "Kea identifier \"" + name + "\" not implemented by Tandem, ignored")),
            " (or Kea's duid, circuit-id, flex-id, which are ignored)");

    static final ConfigFamily FAMILY = new ConfigFamily("Dhcp4", "dhcp4o6d", HOST_IDENTIFIERS,
            KeaKeys4.RESERVATION, KeaKeys4.FILE_RESERVATION,
            new ReservationsFile.Family(KeaKeys4.FILE_RESERVATION.implemented(), Set.of(),
                    Dhcp4Options.DHCP4::defines, "a DHCPv4 option name such as routers"));

    private static final ConfigFileParser<Dhcp4Config> PARSER =
            new ConfigFileParser<>(FAMILY, (dhcp4, baseDirectory) -> new Dhcp4Compiler(baseDirectory).compile(dhcp4));

    private Dhcp4ConfigParser() {
    }

    /**
     * Compiles a configuration file, as {@code dhcp4o6d -t} and a reload do. Relative paths in it
     * ({@code reservations-file}, {@code lease-database.name}) are resolved against the file's directory.
     *
     * @throws ConfigException with every error (and the warnings) when the file does not compile
     */
    public static ConfigResult<Dhcp4Config> parseFile(Path file) throws ConfigException {
        return PARSER.parseFile(file);
    }

    /**
     * Compiles configuration text; relative paths in it are resolved against {@code baseDirectory}.
     *
     * @throws ConfigException with every error (and the warnings) when the text does not compile
     */
    public static ConfigResult<Dhcp4Config> parse(String json, Path baseDirectory) throws ConfigException {
        return PARSER.parse(json, baseDirectory);
    }
}
