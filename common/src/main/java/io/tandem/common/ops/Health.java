package io.tandem.common.ops;

import java.util.Optional;

/**
 * What {@code GET /health} says: ok, or degraded with the reason (for example the lease file
 * cannot be written, so no lease-changing exchange is acknowledged).
 *
 * @param degradedBecause why the daemon cannot do all of its work now; empty when it can
 */
public record Health(Optional<String> degradedBecause) {
    public static final Health OK = new Health(Optional.empty());

    public static Health degraded(String reason) {
        return new Health(Optional.of(reason));
    }

    public boolean ok() {
        return degradedBecause.isEmpty();
    }
}
