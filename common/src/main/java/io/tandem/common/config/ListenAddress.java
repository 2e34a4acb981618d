package io.tandem.common.config;

import io.tandem.common.wire.Addresses;
import java.net.InetAddress;

/** Where a listener binds: an address literal and a port, written {@code [::]:69} or {@code 192.0.2.1:69}. */
public record ListenAddress(InetAddress address, int port) {
    public static final ValueType<ListenAddress> TYPE = new ValueType<>(
            "an address and port like [::]:6315 or 192.0.2.1:6315", ListenAddress::parse);

    public ListenAddress {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port " + port + " is not from 0 to 65535");
        }
    }

    public static ListenAddress parse(String text) {
        String trimmed = text.strip();
        int colon = trimmed.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no :port");
        }
        String host = trimmed.substring(0, colon);
        String portText = trimmed.substring(colon + 1);
        if (!portText.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("port " + ConfigNode.quote(portText) + " is not a number");
        }
        InetAddress address;
        if (host.startsWith("[") && host.endsWith("]")) {
            address = Ipv6.parse(host.substring(1, host.length() - 1));
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("write an IPv6 address in brackets, like [::1]:6315");
        } else {
            address = Addresses.parse4(host);
        }
        return new ListenAddress(address, Integer.parseInt(portText));
    }

    @Override
    public String toString() {
        String host = Addresses.text(address);
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
