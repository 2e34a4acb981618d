package io.tandem.tftpd.wire;

/**
 * The error code of an ERROR packet: RFC 1350 §5 defines 0 to 7, RFC 2347 adds 8. Open: a code
 * nobody defined is kept as its number.
 */
public record ErrorCode(int value) {
    public static final ErrorCode NOT_DEFINED = new ErrorCode(0);
    public static final ErrorCode FILE_NOT_FOUND = new ErrorCode(1);
    public static final ErrorCode ACCESS_VIOLATION = new ErrorCode(2);
    public static final ErrorCode DISK_FULL = new ErrorCode(3);
    public static final ErrorCode ILLEGAL_OPERATION = new ErrorCode(4);
    public static final ErrorCode UNKNOWN_TRANSFER_ID = new ErrorCode(5);
    public static final ErrorCode FILE_EXISTS = new ErrorCode(6);
    public static final ErrorCode NO_SUCH_USER = new ErrorCode(7);
    /** RFC 2347: the peer refuses the options (a client answering an OACK it does not accept). */
    public static final ErrorCode OPTION_REFUSED = new ErrorCode(8);

    private static final String[] NAMES = {"not defined", "file not found", "access violation", "disk full",
        "illegal operation", "unknown transfer ID", "file already exists", "no such user", "option refused"};

    public ErrorCode {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("error code " + value + " is not from 0 to 65535");
        }
    }

    public static ErrorCode of(int value) {
        return new ErrorCode(value);
    }

    /** The RFC's name for the code, or {@code code N} for one it does not define. */
    public String label() {
        return value < NAMES.length ? NAMES[value] : "code " + value;
    }

    @Override
    public String toString() {
        return value + " (" + label() + ")";
    }
}
