package io.tandem.common.config;

import java.net.InetAddress;

/** An IPv4 or IPv6 pool of addresses, for the checks both daemons make of their pools. */
public sealed interface AddressRange<A extends InetAddress, R extends AddressRange<A, R>>
        permits AddressRange4, AddressRange6 {
    A first();

    A last();

    boolean overlaps(R other);
}
