package io.tandem.common.wire.dhcp6;

import java.util.List;

/**
 * A domain name as a list of labels (RFC 1035 §3.1), always fully qualified: DHCPv6 forbids
 * compression (RFC 9915 §10). Labels hold their bytes as ISO-8859-1 characters, so every
 * byte value survives a round trip.
 */
public record DomainName(List<String> labels) {
    public static final int MAX_WIRE_LENGTH = 255;

    public DomainName {
        labels = List.copyOf(labels);
        int wireLength = 1;
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                throw new IllegalArgumentException("a label is 1 to 63 bytes: '" + label + "'");
            }
            for (int i = 0; i < label.length(); i++) {
                if (label.charAt(i) > 0xff) {
                    throw new IllegalArgumentException("label is not 8-bit text: '" + label + "'");
                }
            }
            wireLength += 1 + label.length();
        }
        if (wireLength > MAX_WIRE_LENGTH) {
            throw new IllegalArgumentException("a domain name is at most 255 bytes on the wire");
        }
    }

    /** Parses dotted text ({@code example.com} or {@code example.com.}); the root is {@code "."}. */
    public static DomainName parse(String text) {
        String trimmed = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        return new DomainName(trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\.", -1)));
    }

    public int wireLength() {
        int length = 1;
        for (String label : labels) {
            length += 1 + label.length();
        }
        return length;
    }

    @Override
    public String toString() {
        return labels.isEmpty() ? "." : String.join(".", labels);
    }
}
