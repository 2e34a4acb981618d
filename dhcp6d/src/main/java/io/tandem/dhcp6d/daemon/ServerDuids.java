package io.tandem.dhcp6d.daemon;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.dhcp6d.config.ServerIdConfig;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;

/** Makes the server's DUID the first time, as Kea's {@code server-id} says (RFC 9915 §11). */
final class ServerDuids {
    /** DUID-LLT time counts from 2000-01-01 00:00 UTC. */
    private static final long DUID_EPOCH = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();

    private ServerDuids() {
    }

    static Duid create(ServerIdConfig config, Clock clock) {
        WireWriter duid = new WireWriter(32);
        switch (config.type()) {
            case LLT -> {
                long time = config.time() != 0 ? config.time() : (clock.instant().getEpochSecond() - DUID_EPOCH);
                duid.u16(Duid.LLT).u16(config.hardwareType()).u32(time & 0xffffffffL)
                        .bytes(config.identifier().orElseGet(ServerDuids::hostMac));
            }
            case LL -> duid.u16(Duid.LL).u16(config.hardwareType())
                    .bytes(config.identifier().orElseGet(ServerDuids::hostMac));
            case EN -> duid.u16(Duid.EN).u32(config.enterpriseId()).bytes(config.identifier().orElseGet(() -> random(6)));
        }
        return new Duid(Bytes.of(duid.toByteArray()));
    }

    /** A MAC of one of the host's interfaces, or random bytes on a host without one. */
    private static Bytes hostMac() {
        try {
            for (NetworkInterface candidate : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                byte[] mac = candidate.getHardwareAddress();
                if (!candidate.isLoopback() && mac != null && mac.length == 6) {
                    return Bytes.of(mac);
                }
            }
        } catch (SocketException e) {
            return random(6);
        }
        return random(6);
    }

    private static Bytes random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return Bytes.of(bytes);
    }
}
