package io.tandem.dhcp6d.config;

import io.tandem.common.config.Prefix6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.Inet6Address;

/**
 * Tandem's {@code mac-addressing} of a subnet: each client's address is {@code prefix} (at most
 * /80, inside the subnet) with the client's 48-bit MAC in the low 48 bits.
 */
public record MacAddressing(Prefix6 prefix) {
    public static final int MAX_PREFIX_LENGTH = 80;

    public MacAddressing {
        if (prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("prefix " + prefix + " is longer than /" + MAX_PREFIX_LENGTH);
        }
    }

    /** The address of the client whose MAC is {@code mac} (6 bytes). */
    public Inet6Address addressOf(Bytes mac) {
        if (mac.length() != 6) {
            throw new IllegalArgumentException("a MAC is 6 bytes, not " + mac.length());
        }
        byte[] address = prefix.network().getAddress();
        for (int i = 0; i < 6; i++) {
            address[10 + i] = (byte) mac.get(i);
        }
        return Addresses.inet6(address);
    }
}
