package io.tandem.common.wire.dhcp6;

import io.tandem.common.wire.Bytes;
import java.util.Optional;

/**
 * A DHCP Unique Identifier (RFC 9915 §11): a 2-byte type and 1 to 128 bytes of identifier,
 * compared byte for byte. The four defined types are understood; any other is opaque.
 */
public record Duid(Bytes bytes) {
    public static final int LLT = 1;
    public static final int EN = 2;
    public static final int LL = 3;
    public static final int UUID = 4;
    /** RFC 9915 §11.1: the identifier after the type is at most 128 bytes. */
    public static final int MAX_LENGTH = 130;
    /** The hardware type of Ethernet in the ARP parameters registry. */
    public static final int HARDWARE_ETHERNET = 1;

    public Duid {
        if (bytes.length() < 3 || bytes.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a DUID is 3 to " + MAX_LENGTH + " bytes, not " + bytes.length());
        }
    }

    /** A DUID-LL (RFC 9915 §11.4) of an Ethernet address. */
    public static Duid ll(Bytes mac) {
        byte[] bytes = new byte[4 + mac.length()];
        bytes[1] = LL;
        bytes[3] = HARDWARE_ETHERNET;
        System.arraycopy(mac.toArray(), 0, bytes, 4, mac.length());
        return new Duid(Bytes.of(bytes));
    }

    public static Duid fromHex(String hex) {
        return new Duid(Bytes.fromHex(hex));
    }

    public int type() {
        return bytes.get(0) << 8 | bytes.get(1);
    }

    private int u16(int at) {
        return bytes.get(at) << 8 | bytes.get(at + 1);
    }

    /** The hardware type of a DUID-LLT or DUID-LL. */
    public Optional<Integer> hardwareType() {
        return switch (type()) {
            case LLT -> bytes.length() >= 8 ? Optional.of(u16(2)) : Optional.empty();
            case LL -> bytes.length() >= 4 ? Optional.of(u16(2)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** The link-layer address of a DUID-LLT or DUID-LL (which may be another interface's). */
    public Optional<Bytes> linkLayerAddress() {
        return switch (type()) {
            case LLT -> bytes.length() > 8 ? Optional.of(bytes.slice(8, bytes.length())) : Optional.empty();
            case LL -> bytes.length() > 4 ? Optional.of(bytes.slice(4, bytes.length())) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** The time of a DUID-LLT: seconds since 2000-01-01 UTC, modulo 2^32. */
    public Optional<Long> time() {
        if (type() != LLT || bytes.length() < 8) {
            return Optional.empty();
        }
        return Optional.of((long) u16(4) << 16 | u16(6));
    }

    /** The enterprise number of a DUID-EN. */
    public Optional<Long> enterpriseNumber() {
        if (type() != EN || bytes.length() < 7) {
            return Optional.empty();
        }
        return Optional.of((long) u16(2) << 16 | u16(4));
    }

    /** The identifier after the enterprise number of a DUID-EN. */
    public Optional<Bytes> enterpriseIdentifier() {
        return enterpriseNumber().map(ignored -> bytes.slice(6, bytes.length()));
    }

    /** The 16 bytes of a DUID-UUID (RFC 6355), as sent. */
    public Optional<Bytes> uuid() {
        return type() == UUID && bytes.length() == 18 ? Optional.of(bytes.slice(2, 18)) : Optional.empty();
    }

    /** The type's short name as Kea and tshark print it. */
    public String typeName() {
        return switch (type()) {
            case LLT -> "duid-llt";
            case EN -> "duid-en";
            case LL -> "duid-ll";
            case UUID -> "duid-uuid";
            default -> "duid-" + type();
        };
    }

    @Override
    public String toString() {
        return bytes.colonHex();
    }
}
