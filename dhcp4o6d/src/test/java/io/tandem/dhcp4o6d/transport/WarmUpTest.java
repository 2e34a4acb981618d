package io.tandem.dhcp4o6d.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.daemon.WarmUpLoop;
import io.tandem.dhcp4o6d.config.Dhcp4Config;
import io.tandem.dhcp4o6d.config.Dhcp4ConfigParser;
import io.tandem.dhcp4o6d.engine.Dhcp4o6Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The warm-up on real [::1] sockets: DORAs of made-up clients, through each kind of 4o6 selector. */
@Timeout(60)
class WarmUpTest {
    private static Dhcp4Config config(String selector, String pool) throws Exception {
        return Dhcp4ConfigParser.parse("""
                { "Dhcp4": { "subnet4": [ { "subnet": "10.0.0.0/16", %s,
                    "option-data": [ { "name": "dhcp-server-identifier", "data": "10.0.0.1" } ],
                    "pools": [ { "pool": "%s" } ] } ] } }
                """.formatted(selector, pool), Path.of(".")).config();
    }

    private static Optional<WarmUpLoop.Result> run(Dhcp4Config config, boolean events) throws Exception {
        Dhcp4o6Engine scratch = new Dhcp4o6Engine(config, name -> List.of());
        Optional<WarmUpLoop.Result> result = WarmUp.run(scratch, config, events, Clock.systemUTC(), Duration.ofSeconds(6));
        result.ifPresent(ran -> assertEquals(List.of(), scratch.leases(), "every made-up client ACKed released its"
                + " lease: " + ran));
        return result;
    }

    @Test
    void madeUpClientsOfTheFourOverSixInterfaceAreAckedUntilTheCompilerIsIdleOrTimeIsUp() throws Exception {
        WarmUpLoop.Result result = run(config("\"4o6-interface\": \"link0\"", "10.0.0.10 - 10.0.255.250"), true)
                .orElseThrow();
        assertTrue(result.exchanges() > 0, result.toString());
        assertTrue(List.of("compiler idle", "time limit").contains(result.stopped()), result.toString());
        assertTrue(result.took().toMillis() >= WarmUpLoop.MIN_MILLIS, result.toString());
    }

    @Test
    void behindARelayWithTheSubnetsInterfaceIdAndFromItsFourOverSixSubnet() throws Exception {
        for (String selector : List.of("\"4o6-interface-id\": \"rack-7\"", "\"4o6-subnet\": \"2001:db8:4::/64\"")) {
            WarmUpLoop.Result result = run(config(selector, "10.0.0.10 - 10.0.255.250"), false).orElseThrow();
            assertTrue(result.exchanges() > 0, selector + ": " + result);
        }
    }

    @Test
    void aSmallPoolDoesNotRunOutForTheMadeUpClientsReleaseTheirAddresses() throws Exception {
        WarmUpLoop.Result result = run(config("\"4o6-interface\": \"link0\"", "10.0.0.10 - 10.0.0.19"), false)
                .orElseThrow();
        assertTrue(result.exchanges() > 10, "more exchanges than the pool has addresses: " + result);
        assertTrue(List.of("compiler idle", "time limit").contains(result.stopped()), result.toString());
    }

    @Test
    void aConfigurationThatAnswersNothingEndsIt() throws Exception {
        Dhcp4Config noPool = Dhcp4ConfigParser.parse("""
                { "Dhcp4": { "subnet4": [ { "subnet": "10.0.0.0/16", "4o6-interface": "link0",
                    "option-data": [ { "name": "dhcp-server-identifier", "data": "10.0.0.1" } ] } ] } }
                """, Path.of(".")).config();
        WarmUpLoop.Result none = run(noPool, false).orElseThrow();
        assertEquals(0, none.exchanges(), none.toString());
        assertEquals("not answered", none.stopped());
    }

    @Test
    void noSubnetWithAFourOverSixSelectorNoWarmUp() throws Exception {
        Dhcp4Config config = Dhcp4ConfigParser.parse("""
                { "Dhcp4": { "subnet4": [ { "subnet": "10.0.0.0/16",
                    "pools": [ { "pool": "10.0.0.10 - 10.0.0.20" } ] } ] } }
                """, Path.of(".")).config();
        assertEquals(Optional.empty(), run(config, false));
    }
}
