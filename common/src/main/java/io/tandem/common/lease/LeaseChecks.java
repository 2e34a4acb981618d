package io.tandem.common.lease;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/** The invariants Lease6 and Lease4 share: Kea's value ranges, so that every lease can be written and read back. */
final class LeaseChecks {
    static final long MAX_UINT32 = 0xffff_ffffL;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private LeaseChecks() {
    }

    static void uint32(String column, long value) {
        if (value < 0 || value > MAX_UINT32) {
            throw new IllegalArgumentException(column + " " + value + " is not 0 to " + MAX_UINT32);
        }
    }

    /** Kea derives cltt as {@code expire - valid_lifetime}, so expire can never be earlier. */
    static void lifetimes(long validLifetime, long expire) {
        uint32("valid_lifetime", validLifetime);
        if (expire < validLifetime) {
            throw new IllegalArgumentException("expire " + expire + " is before valid_lifetime " + validLifetime
                    + " seconds after the epoch, so the client's last transmission time would be negative");
        }
    }

    static void unscoped(InetAddress address) {
        Objects.requireNonNull(address, "address");
        if (address instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            throw new IllegalArgumentException("a lease address has no scope: " + address);
        }
    }

    /** A text column must survive the trip through UTF-8: no unpaired surrogates. */
    static void text(String column, String value) {
        Objects.requireNonNull(value, column);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(column + " has an unpaired surrogate at index " + i
                        + ", which UTF-8 cannot hold");
            }
        }
    }

    /** Kea refuses a row whose {@code user_context} is not a JSON map. */
    static void userContext(String userContext) {
        text("user_context", userContext);
        if (userContext.isEmpty()) {
            return;
        }
        try {
            if (!JSON.readTree(userContext).isObject()) {
                throw new IllegalArgumentException("user_context is not a JSON map: " + userContext);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("user_context is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Kea's {@code Lease::expired()}: an infinite valid lifetime never expires. */
    static boolean expired(long validLifetime, long expire, Instant now) {
        return validLifetime != MAX_UINT32 && expire < now.getEpochSecond();
    }
}
