package io.tandem.tftpd.wire;

import java.util.Locale;

/**
 * One option of a request or OACK (RFC 2347): a name and a value, each a NUL-terminated string
 * on the wire. Names compare without case; the spelling the peer used is kept.
 */
public record TftpOption(String name, String value) {
    public TftpOption {
        TftpText.check(name, "option name");
        TftpText.check(value, "option value");
    }

    /** Whether this option is {@code name}, in any case. */
    public boolean is(String name) {
        return this.name.equalsIgnoreCase(name);
    }

    /** The name in lower case, the way the RFCs spell the known ones. */
    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
