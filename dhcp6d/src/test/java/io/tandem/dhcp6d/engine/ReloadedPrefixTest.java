package io.tandem.dhcp6d.engine;

import static io.tandem.dhcp6d.engine.Dhcp6EngineTest.CONFIG;
import static io.tandem.dhcp6d.engine.Dhcp6EngineTest.OS;
import static io.tandem.dhcp6d.engine.Dhcp6EngineTest.QEMU_FIXED;
import static io.tandem.dhcp6d.engine.Dhcp6EngineTest.QEMU_LINK_LOCAL;
import static io.tandem.dhcp6d.engine.Dhcp6EngineTest.SERVER;
import static io.tandem.dhcp6d.engine.Dhcp6EngineTest.inner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tandem.common.lease.Lease6;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reload that moves a subnet's mac-addressing prefix (SIGHUP or config-reload swap the engine's
 * configuration), as a Kea user expects it: the bindings under the old prefix stay in the table
 * until they expire or their client comes back, so no other client is given those addresses; a
 * client that renews is not renewed there: it gets a new address under the new prefix and its old
 * one at zero lifetimes (RFC 9915 §18.3.4, how DHCPv6 renumbers), and that old binding ends then
 * (Kea deletes the lease it could not extend).
 */
class ReloadedPrefixTest {
    private static final String MOVED = CONFIG.replace("\"mac-addressing\": {\"prefix\": \"2001:db8:0:1::/80\"}",
            "\"mac-addressing\": {\"prefix\": \"2001:db8:0:1:1::/80\"}");
    private static final Inet6Address MOVED_FIXED = Addresses.parse6("2001:db8:0:1:1:5254:12:3456");

    private final Instant now = Instant.parse("2026-11-22T06:00:00Z");

    private Outcome6.Reply answer(Dhcp6Engine engine, Dhcp6Message message) {
        return assertInstanceOf(Outcome6.Reply.class,
                engine.handle(new Inbound6(Dhcp6Codec.encode(message), QEMU_LINK_LOCAL, 546, Dhcp6EngineTest.LAB0)));
    }

    @Test
    void oldBindingsStayUntilTheirClientRenewsWhichMovesItAndEndsTheOldOne() throws Exception {
        assertNotEquals(CONFIG, MOVED, "the test's reload changes the prefix");
        Dhcp6Engine engine = new Dhcp6Engine(Dhcp6ConfigParser.parse(CONFIG, Path.of(".")).config(),
                new Dhcp6Engine.Settings(SERVER, 547, 546, 0), name -> List.of(), Clock.fixed(now, ZoneOffset.UTC));
        answer(engine, Dhcp6Messages.request(OS).serverId(SERVER).iaNa(1, QEMU_FIXED).build());

        engine.reconfigure(Dhcp6ConfigParser.parse(MOVED, Path.of(".")).config());
        assertEquals(List.of(QEMU_FIXED), engine.leases().stream().map(Lease6::address).toList(),
                "the binding under the old prefix is kept");

        List<Option6.IaAddress> renewed = inner(answer(engine, Dhcp6Messages.renew(OS).serverId(SERVER)
                .iaNa(1, QEMU_FIXED).build())).options().iaNas().get(0).options().iaAddresses();
        assertEquals(MOVED_FIXED, renewed.get(0).address());
        assertEquals(4000, renewed.get(0).validLifetime());
        assertEquals(QEMU_FIXED, renewed.get(1).address());
        assertEquals(0, renewed.get(1).validLifetime(), "the old address is given back at zero lifetimes");
        assertEquals(List.of(MOVED_FIXED), engine.leases().stream().map(Lease6::address).toList(),
                "the old binding ends with the Reply that gives it zero lifetimes, as Kea deletes it");
    }
}
