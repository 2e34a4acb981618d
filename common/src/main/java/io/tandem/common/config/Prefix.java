package io.tandem.common.config;

import java.net.InetAddress;

/** An IPv4 or IPv6 prefix, for the checks both daemons make of their subnets. */
public sealed interface Prefix<A extends InetAddress> permits Prefix4, Prefix6 {
    A network();

    int length();

    /** The last address of the prefix (all host bits set). */
    A lastAddress();

    boolean contains(A address);
}
