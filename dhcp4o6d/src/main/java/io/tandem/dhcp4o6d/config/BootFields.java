package io.tandem.dhcp4o6d.config;

import java.net.Inet4Address;
import java.util.Optional;

/**
 * Kea's {@code next-server}, {@code server-hostname} and {@code boot-file-name}: the BOOTP header
 * fields {@code siaddr}, {@code sname} and {@code file} of a reply (RFC 2131 §2), as written at
 * one level (empty where that level says nothing).
 */
public record BootFields(Optional<Inet4Address> nextServer, Optional<String> serverHostname,
                         Optional<String> bootFileName) {
    public static final BootFields NONE = new BootFields(Optional.empty(), Optional.empty(), Optional.empty());

    /** These fields, completed by {@code less}'s where they say nothing. */
    public BootFields over(BootFields less) {
        return new BootFields(nextServer.or(less::nextServer), serverHostname.or(less::serverHostname),
                bootFileName.or(less::bootFileName));
    }
}
