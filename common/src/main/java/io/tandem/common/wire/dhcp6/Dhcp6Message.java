package io.tandem.common.wire.dhcp6;

/**
 * A DHCPv6 message: one of the three header layouts of RFC 9915 §8 and §9 and RFC 7341 §6,
 * followed by options.
 */
public sealed interface Dhcp6Message permits ClientServerMessage, RelayMessage, Dhcp4o6Message {
    MessageType6 type();

    Options6 options();
}
