package io.tandem.dhcp6d.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.daemon.WarmUpLoop;
import io.tandem.common.wire.Addresses;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import io.tandem.dhcp6d.engine.Dhcp6Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    private static Dhcp6Engine scratch(String config) throws Exception {
        return new Dhcp6Engine(Dhcp6ConfigParser.parse(config, Path.of(".")).config(),
                new Dhcp6Engine.Settings(Dhcp6PacketHandlerTest.SERVER, 547, 546, 0), name -> List.of(),
                Clock.systemUTC());
    }

    @Test
    void madeUpClientsOnAServedInterfaceCompleteTheirExchangesUntilTheCompilerIsIdleOrTimeIsUp() throws Exception {
        Dhcp6Engine engine = scratch(Dhcp6PacketHandlerTest.CONFIG);
        WarmUpLoop.Result result = WarmUp.run(engine, new WarmUp.Link.Direct("lo"), Duration.ofSeconds(6));
        assertTrue(result.exchanges() > 0, result.toString());
        assertTrue(List.of("compiler idle", "time limit").contains(result.stopped()), result.toString());
        assertTrue(result.took().toMillis() >= WarmUpLoop.MIN_MILLIS, result.toString());
        assertEquals(Math.min(result.exchanges() - result.exchanges() / 3, 4096), engine.leases().size(),
                "one binding per new client (every third exchange is the client before coming back), until the pool"
                        + " of 4,096 addresses runs out");
    }

    @Test
    void pairedWithDhcp4o6dItAlsoHandsOverDhcpv4QueriesAndPublishesTheirEvents() throws Exception {
        Dhcp6Engine paired = new Dhcp6Engine(Dhcp6ConfigParser.parse(Dhcp6PacketHandlerTest.CONFIG, Path.of("."))
                .config(), new Dhcp6Engine.Settings(Dhcp6PacketHandlerTest.SERVER, 547, 546, 6767), name -> List.of(),
                Clock.systemUTC());
        WarmUpLoop.Result result = WarmUp.run(paired, new WarmUp.Link.Direct("lo"), Duration.ofSeconds(6));
        assertTrue(result.exchanges() > 0, result.toString());
        assertTrue(List.of("compiler idle", "time limit").contains(result.stopped()), result.toString());
    }

    @Test
    void behindARelayOnASubnetsLink() throws Exception {
        WarmUpLoop.Result result = WarmUp.run(scratch(Dhcp6PacketHandlerTest.CONFIG),
                new WarmUp.Link.Relayed(Addresses.parse6("2001:db8:0:2::")), Duration.ofSeconds(6));
        assertTrue(result.exchanges() > 0, result.toString());
    }

    @Test
    void aLinkWithoutASubnetStopsItAtOnce() throws Exception {
        WarmUpLoop.Result result = WarmUp.run(scratch(Dhcp6PacketHandlerTest.CONFIG),
                new WarmUp.Link.Relayed(Addresses.parse6("2001:db8:99::")), Duration.ofSeconds(6));
        assertEquals(0, result.exchanges());
        assertEquals("not answered", result.stopped());
    }
}
