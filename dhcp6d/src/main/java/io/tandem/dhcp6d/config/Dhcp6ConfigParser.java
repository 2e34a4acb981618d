package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigFamily;
import io.tandem.common.config.ConfigFileParser;
import io.tandem.common.config.ConfigResult;
import io.tandem.common.config.HostIdentifierType;
import io.tandem.common.config.HostIdentifiers;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.config.ReservationsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a dhcp6d configuration, {@code {"Dhcp6": {...}}} shaped like Kea's, with
 * {@link ConfigFileParser}:
 * <pre>
 * error: /Dhcp6/subnet6/0/subnet: expected an IPv6 prefix like 2001:db8:1::/64, got "2001:db8::1": no /length
 * warning: /Dhcp6/loggers: Kea key not implemented by Tandem, ignored
 * </pre>
 */
public final class Dhcp6ConfigParser {
    /** Tandem's default {@code host-reservation-identifiers} order, and Kea's {@code flex-id}, which it ignores. */
    private static final HostIdentifiers HOST_IDENTIFIERS = new HostIdentifiers(
            List.of(HostIdentifierType.DUID, HostIdentifierType.HW_ADDRESS, HostIdentifierType.REMOTE_ID,
                    HostIdentifierType.INTERFACE_ID),
            Map.of("flex-id", "Kea identifier \"flex-id\" (a hook library's) not implemented by Tandem, ignored"), "");

    static final ConfigFamily FAMILY = new ConfigFamily("Dhcp6", "dhcp6d", HOST_IDENTIFIERS,
            KeaKeys6.RESERVATION, KeaKeys6.FILE_RESERVATION,
            new ReservationsFile.Family(KeaKeys6.FILE_RESERVATION.implemented(), Set.of("ip-addresses", "prefixes"),
                    Dhcp6Options.DHCP6::defines, "a DHCPv6 option name such as bootfile-url"));

    private static final ConfigFileParser<Dhcp6Config> PARSER =
            new ConfigFileParser<>(FAMILY, (dhcp6, baseDirectory) -> new Dhcp6Compiler(baseDirectory).compile(dhcp6));

    private Dhcp6ConfigParser() {
    }

    /**
     * Compiles a configuration file, as {@code dhcp6d -t} and a reload do. Relative paths in it
     * ({@code reservations-file}, {@code lease-database.name}, {@code tftp.root}, password files)
     * are resolved against the file's directory.
     *
     * @throws ConfigException with every error (and the warnings) when the file does not compile
     */
    public static ConfigResult<Dhcp6Config> parseFile(Path file) throws ConfigException {
        return PARSER.parseFile(file);
    }

    /**
     * Compiles configuration text; relative paths in it are resolved against {@code baseDirectory}.
     *
     * @throws ConfigException with every error (and the warnings) when the text does not compile
     */
    public static ConfigResult<Dhcp6Config> parse(String json, Path baseDirectory) throws ConfigException {
        return PARSER.parse(json, baseDirectory);
    }
}
