package io.tandem.tftpd.wire;

/** The rule for strings carried NUL-terminated: they cannot hold a NUL themselves. */
final class TftpText {
    private TftpText() {
    }

    static void check(String text, String what) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL: " + text.replace('\0', '?'));
        }
    }
}
