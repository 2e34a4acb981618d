package io.tandem.dhcp6d.kea;

import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.common.config.Prefix6;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kea as the reference: the same scripted exchanges, through the same scripted relay, against
 * {@code kea-dhcp6} 2.2 and dhcp6d with the same pool configuration, must give answers that mean
 * the same (see {@link AnswerText} for what is compared and what is allowed to differ). Both
 * servers run in a network namespace made for the run, because Kea serves no DHCPv6 on a
 * loopback interface. Needs root and Debian's kea-dhcp6-server ({@code scripts/install-test-deps}).
 */
@Tag("system")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeaEquivalenceIT {
    private static final int KEA_PORT = 10547;
    private static final int OURS_PORT = 11547;
    static final Inet6Address LINK = Addresses.parse6("2001:db8:2::1");
    static final Inet6Address NO_RAPID_COMMIT_LINK = Addresses.parse6("2001:db8:3::1");
    private static final Session.Relay RELAY = new Session.Relay(LINK, "relay1/port7");
    private static final Session.Relay NO_RAPID_COMMIT_RELAY = new Session.Relay(NO_RAPID_COMMIT_LINK, "relay1/port8");
    /** The link whose pool holds one address. */
    private static final Session.Relay ONE_ADDRESS_RELAY =
            new Session.Relay(Addresses.parse6("2001:db8:4::1"), "relay1/port9");
    private static final Duid OTHER_SERVER = Duid.fromHex("000100012a2b2c2d020000000001");
    /** The client of subnet 2's reservation, which has option-data and no address. */
    private static final Duid RESERVED_DUID = Duid.fromHex("00030001" + "02005e10ffff");
    private static final long IAID = 1;
    private static final long PD_IAID = 2;

    /** The configuration both servers share: the same pools, lifetimes and options. */
    private static final String SHARED_CONFIG = """
            "preferred-lifetime": 3000, "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
            "option-data": [{"name": "dns-servers", "data": "2001:db8::53"},
                            {"name": "sntp-servers", "data": "2001:db8::123"}],
            "subnet6": [
              {"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
               "pools": [{"pool": "2001:db8:2::100 - 2001:db8:2::1ff"}],
               "pd-pools": [{"prefix": "2001:db8:8000::", "prefix-len": 40, "delegated-len": 56}],
               "option-data": [{"name": "domain-search", "data": "example.org"}],
               "reservations": [{"duid": "00:03:00:01:02:00:5e:10:ff:ff",
                                 "option-data": [{"name": "dns-servers", "data": "2001:db8::5353"},
                                                 {"name": "domain-search", "data": "reserved.example.org"}]}],
               "rapid-commit": true},
              {"id": 3, "subnet": "2001:db8:3::/64", "relay": {"ip-addresses": ["2001:db8:3::1"]},
               "pools": [{"pool": "2001:db8:3::100 - 2001:db8:3::1ff"}],
               "rapid-commit": false},
              {"id": 4, "subnet": "2001:db8:4::/64", "relay": {"ip-addresses": ["2001:db8:4::1"]},
               "pools": [{"pool": "2001:db8:4::100 - 2001:db8:4::100"}]}]
            """;
    private static final List<AnswerText.Pool> POOLS = List.of(
            new AnswerText.Pool(Addresses.parse6("2001:db8:2::100"), Addresses.parse6("2001:db8:2::1ff")),
            new AnswerText.Pool(Addresses.parse6("2001:db8:3::100"), Addresses.parse6("2001:db8:3::1ff")),
            new AnswerText.Pool(Addresses.parse6("2001:db8:4::100"), Addresses.parse6("2001:db8:4::100")));
    private static final List<AnswerText.PdPool> PD_POOLS = List.of(
            new AnswerText.PdPool(Prefix6.parse("2001:db8:8000::/40"), 56));

    @TempDir
    static Path directory;

    private static Netns netns;
    private static RelaySockets sockets;
    private static ServerProcess kea;
    private static ServerProcess ours;
    private static final Map<ServerProcess, RelaySockets.Socket> RELAY_SOCKETS = new LinkedHashMap<>();
    /** Sockets of the relay on fixed ports, opened when a case first needs them. */
    private static final Map<Integer, RelaySockets.Socket> EXTRA_SOCKETS = new LinkedHashMap<>();
    private static int clients;

    @BeforeAll
    static void startBothServers() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("needs root to make a network namespace (run as root, or leave out the tag \"system\": -Pquick)");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/kea-dhcp6"))) {
            fail("needs kea-dhcp6 (Debian's kea-dhcp6-server): run scripts/install-test-deps");
        }
        netns = Netns.create("tandem-kea-" + ProcessHandle.current().pid());
        sockets = RelaySockets.start(netns, directory.resolve("relay-sockets.log"));
        kea = ServerProcess.kea(netns, directory.resolve("kea"), KEA_PORT, SHARED_CONFIG);
        // The relay's socket on dhcp6d's own port, for the answer to a relay without option 135:
        // once dhcp6d has started, its port is its own and no socket can join it in this namespace.
        relaySocket(OURS_PORT);
        ours = ServerProcess.dhcp6d(netns, directory.resolve("dhcp6d"), OURS_PORT, SHARED_CONFIG);
        for (ServerProcess server : List.of(kea, ours)) {
            RELAY_SOCKETS.put(server, sockets.open(Netns.RELAY_ADDRESS, 0));
        }
        for (ServerProcess server : List.of(kea, ours)) {
            awaitAnswers(server);
        }
    }

    /** Asks the server an Information-Request until it answers (at most 30 s: dhcp6d's JVM starts). */
    private static void awaitAnswers(ServerProcess server) throws IOException, InterruptedException {
        RelaySockets.Socket socket = RELAY_SOCKETS.get(server);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && server.isAlive()) {
            Dhcp6Message probe = Dhcp6Messages.relayForward(Dhcp6Messages.of(MessageType6.INFORMATION_REQUEST)
                    .elapsedTime().build(), 0, LINK, Addresses.parse6("fe80::1"),
                    Dhcp6Messages.relaySourcePort(socket.port()));
            sockets.send(socket, Netns.SERVER_ADDRESS, server.port, Dhcp6Codec.encode(probe));
            if (sockets.receive(Duration.ofMillis(250), socket).isPresent()) {
                // Drain a second answer to an earlier probe, if the server was just slow.
                sockets.receive(Duration.ofMillis(50), socket);
                return;
            }
        }
        fail(server.name + " does not answer on [" + Netns.SERVER_ADDRESS + "]:" + server.port + ":\n"
                + server.logTail(40));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        List<Exception> problems = new ArrayList<>();
        for (AutoCloseable resource : new AutoCloseable[] {ours, kea, sockets, netns}) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
    }

    /** What one case does with a client, the same for each server. */
    @FunctionalInterface
    interface Script {
        void run(Session session) throws Exception;
    }

    /**
     * A step where dhcp6d deliberately answers otherwise than Kea, with the reason; both answers
     * are still asserted, as {@code check} says.
     */
    record Deliberate(String step, BiPredicate<String, String> check, String why) {
        /** Kea's line holds {@code keaPart} where ours holds {@code ourPart}; the rest means the same. */
        static Deliberate replacing(String step, String keaPart, String ourPart, String why) {
            return new Deliberate(step, (keaLine, ourLine) -> keaLine.contains(keaPart) && ourLine.contains(ourPart)
                    && AnswerText.meaning(keaLine.replace(keaPart, ourPart)).equals(AnswerText.meaning(ourLine)), why);
        }

        /** Kea's whole line matches the regular expression {@code kea}, ours {@code ours}. */
        static Deliberate matching(String step, String kea, String ours, String why) {
            return new Deliberate(step, (keaLine, ourLine) -> keaLine.matches(kea) && ourLine.matches(ours), why);
        }
    }

    /**
     * Runs {@code script} against Kea and dhcp6d, each with a new client (the same DUID and
     * link-local address for both), and compares the transcripts step by step.
     */
    private static void compare(String name, Script script, Deliberate... deliberate) {
        clients++;
        String mac = String.format("02:00:5e:10:%02x:%02x", clients >> 8, clients & 0xff);
        Duid duid = Duid.fromHex("00030001" + mac.replace(":", ""));
        Inet6Address linkLocal = Addresses.parse6(String.format("fe80::ff:fe10:%x", clients));
        Map<String, String> keaLines = run(kea, script, duid, linkLocal);
        Map<String, String> ourLines = run(ours, script, duid, linkLocal);
        StringBuilder report = new StringBuilder();
        List<String> steps = new ArrayList<>(keaLines.keySet());
        ourLines.keySet().stream().filter(step -> !steps.contains(step)).forEach(steps::add);
        boolean same = true;
        for (String step : steps) {
            String keaLine = keaLines.getOrDefault(step, "(step not run)");
            String ourLine = ourLines.getOrDefault(step, "(step not run)");
            Optional<Deliberate> expected = List.of(deliberate).stream().filter(d -> d.step().equals(step)).findFirst();
            boolean ok = expected.isPresent() ? expected.get().check().test(keaLine, ourLine)
                    : AnswerText.meaning(keaLine).equals(AnswerText.meaning(ourLine));
            same &= ok;
            report.append(ok ? "  " : "✗ ").append(name).append(" / ").append(step)
                    .append(expected.isPresent() ? " (deliberate difference: " + expected.get().why() + ")" : "")
                    .append("\n    kea:    ").append(keaLine).append("\n    dhcp6d: ").append(ourLine).append('\n');
        }
        if (!same) {
            fail(name + ": kea-dhcp6 and dhcp6d answer differently\n" + report);
        }
    }

    private static Map<String, String> run(ServerProcess server, Script script, Duid duid, Inet6Address linkLocal) {
        Session session = new Session(server, sockets, RELAY_SOCKETS.get(server), new AnswerText(POOLS, PD_POOLS),
                duid, linkLocal);
        try {
            script.run(session);
        } catch (Exception | AssertionError e) {
            session.record("script stopped", e.toString());
        }
        if (!server.isAlive()) {
            session.record("server died", server.logTail(20));
        }
        return session.transcript();
    }

    // ---- the client's usual moves ----

    /** Solicit with IA_NA, IA_PD and an ORO for DNS, domain search and SNTP; returns the Advertise. */
    private static ClientServerMessage solicit(Session s, String step) throws IOException {
        return s.ask(step, s.message(MessageType6.SOLICIT).iaNa(IAID).iaPd(PD_IAID).oro(23, 24, 31).build(),
                RELAY).orElseThrow(() -> new AssertionError("no Advertise"));
    }

    /** Solicit, then Request of what was advertised; returns the Reply. */
    private static ClientServerMessage bind(Session s) throws IOException {
        ClientServerMessage advertise = solicit(s, "solicit");
        Option6.IaPrefix prefix = Session.prefix(advertise, PD_IAID);
        return s.ask("request", s.message(MessageType6.REQUEST).serverId(Session.serverId(advertise))
                .iaNa(IAID, Session.address(advertise, IAID)).iaPd(PD_IAID, prefix.prefix(), prefix.prefixLength())
                .oro(23, 24).build(), RELAY).orElseThrow(() -> new AssertionError("no Reply to the Request"));
    }

    private static Dhcp6Messages renewOf(Session s, MessageType6 type, ClientServerMessage reply) {
        Option6.IaPrefix prefix = Session.prefix(reply, PD_IAID);
        Dhcp6Messages renew = s.message(type);
        if (type.equals(MessageType6.RENEW)) {
            renew.serverId(Session.serverId(reply));
        }
        return renew.iaNa(IAID, Session.address(reply, IAID)).iaPd(PD_IAID, prefix.prefix(), prefix.prefixLength())
                .oro(23, 24);
    }

    /** A second client of the case: another DUID, and the same link-local address (so the same MAC) or another. */
    private static Session secondClient(Session s, boolean sameMac) {
        byte[] duid = s.duid.bytes().toArray();
        duid[duid.length - 2] ^= (byte) 0x80;
        byte[] linkLocal = s.linkLocal.getAddress();
        if (!sameMac) {
            linkLocal[13] ^= (byte) 0x80;
        }
        return s.another(new Duid(Bytes.of(duid)), Addresses.inet6(linkLocal));
    }

    /** A socket of the relay on {@code port}, opened once per port for the whole run. */
    private static RelaySockets.Socket relaySocket(int port) throws IOException {
        RelaySockets.Socket socket = EXTRA_SOCKETS.get(port);
        if (socket == null) {
            socket = sockets.open(Netns.RELAY_ADDRESS, port);
            EXTRA_SOCKETS.put(port, socket);
        }
        return socket;
    }

    // ---- the cases ----

    @Test
    void solicitIsAdvertisedFromThePools() {
        compare("solicit", s -> solicit(s, "solicit"));
    }

    @Test
    void requestIsAnsweredWithTheAdvertisedBinding() {
        compare("request", KeaEquivalenceIT::bind);
    }

    @Test
    void renewExtendsTheBinding() {
        compare("renew", s -> {
            ClientServerMessage reply = bind(s);
            s.ask("renew", renewOf(s, MessageType6.RENEW, reply).build(), RELAY);
        });
    }

    @Test
    void rebindExtendsTheBinding() {
        compare("rebind", s -> {
            ClientServerMessage reply = bind(s);
            s.ask("rebind", renewOf(s, MessageType6.REBIND, reply).build(), RELAY);
        });
    }

    @Test
    void releaseEndsTheBindingAndARenewOfItThenFindsNone() {
        compare("release", s -> {
            ClientServerMessage reply = bind(s);
            Option6.IaPrefix prefix = Session.prefix(reply, PD_IAID);
            s.ask("release", s.message(MessageType6.RELEASE).serverId(Session.serverId(reply))
                    .iaNa(IAID, Session.address(reply, IAID)).iaPd(PD_IAID, prefix.prefix(), prefix.prefixLength())
                    .build(), RELAY);
            s.ask("renew after release", renewOf(s, MessageType6.RENEW, reply).build(), RELAY);
        });
    }

    @Test
    void confirmSaysWhetherTheAddressesAreOnLink() {
        compare("confirm", s -> {
            ClientServerMessage reply = bind(s);
            s.ask("confirm on-link", s.message(MessageType6.CONFIRM).iaNa(IAID, Session.address(reply, IAID)).build(),
                    RELAY);
            s.ask("confirm off-link", s.message(MessageType6.CONFIRM)
                    .iaNa(IAID, Addresses.parse6("2001:db8:99::5")).build(), RELAY);
        });
    }

    /**
     * Both servers put a Success status in each declined IA. At the top level dhcp6d writes
     * Success (RFC 8415 §18.3.8 asks for it) and Kea 2.2 leaves the status out, which means
     * Success too (§21.13): the lines show the difference, the comparison does not count it.
     */
    @Test
    void declineIsRecordedAndTheAddressNotGivenAgain() {
        compare("decline", s -> {
            ClientServerMessage reply = bind(s);
            Inet6Address declined = Session.address(reply, IAID);
            s.ask("decline", s.message(MessageType6.DECLINE).serverId(Session.serverId(reply)).iaNa(IAID, declined)
                    .build(), RELAY);
            ClientServerMessage again = s.ask("solicit after decline", s.message(MessageType6.SOLICIT).iaNa(IAID)
                    .build(), RELAY).orElseThrow();
            s.record("the declined address is not advertised again",
                    Session.addresses(again, IAID).contains(declined) ? "it is advertised again" : "yes");
        });
    }

    @Test
    void informationRequestGetsTheRequestedOptions() {
        compare("information-request", s -> s.ask("information-request",
                s.message(MessageType6.INFORMATION_REQUEST).oro(23, 24, 31, 56).build(), RELAY));
    }

    /**
     * The reservation's option-data win over the subnet's and the global ones, in an
     * Information-Request as in a Solicit (Kea's {@code buildCfgOptionList} for both).
     */
    @Test
    void aReservedClientGetsItsReservationsOptions() {
        compare("reserved client", s -> {
            Session reserved = s.another(RESERVED_DUID, s.linkLocal);
            reserved.ask("information-request of a reserved client", reserved.message(MessageType6.INFORMATION_REQUEST)
                    .oro(23, 24, 31).build(), RELAY);
            reserved.ask("solicit of a reserved client", reserved.message(MessageType6.SOLICIT).iaNa(IAID)
                    .oro(23, 24, 31).build(), RELAY);
        });
    }

    @Test
    void rapidCommitBindsAtOnce() {
        compare("rapid commit", s -> {
            ClientServerMessage reply = s.ask("solicit with rapid commit", s.message(MessageType6.SOLICIT)
                    .iaNa(IAID).rapidCommit().oro(23).build(), RELAY).orElseThrow();
            s.ask("renew", s.message(MessageType6.RENEW).serverId(Session.serverId(reply))
                    .iaNa(IAID, Session.address(reply, IAID)).build(), RELAY);
        });
    }

    @Test
    void rapidCommitIsIgnoredWhereTheSubnetDoesNotAllowIt() {
        compare("rapid commit not allowed", s -> s.ask("solicit with rapid commit", s.message(MessageType6.SOLICIT)
                .iaNa(IAID).rapidCommit().build(), NO_RAPID_COMMIT_RELAY));
    }

    @Test
    void twoNestedRelaysAreAnsweredThroughBoth() {
        compare("two relays", s -> {
            ClientServerMessage solicit = s.message(MessageType6.SOLICIT).iaNa(IAID).oro(23).build();
            RelayMessage inner = Dhcp6Messages.relayForward(solicit, 0, LINK, s.linkLocal,
                    Dhcp6Messages.interfaceId("inner/eth1"));
            RelayMessage outer = Dhcp6Messages.relayForward(inner, 1, Addresses.parse6("2001:db8:1::2"),
                    Addresses.parse6("2001:db8:2::1"), Dhcp6Messages.interfaceId("outer/eth9"),
                    Dhcp6Messages.relaySourcePort(RELAY_SOCKETS.get(s.server).port()));
            s.ask("solicit through two relays", outer);
        });
    }

    @Test
    void aSolicitWithAServerIdIsNotAnswered() {
        compare("solicit with server id", s -> s.expectNoAnswer("solicit with a Server ID",
                s.message(MessageType6.SOLICIT).serverId(OTHER_SERVER).iaNa(IAID)
                        .build(), RELAY));
    }

    @Test
    void aRequestForAnotherServerIsNotAnswered() {
        compare("request for another server", s -> {
            ClientServerMessage advertise = solicit(s, "solicit");
            s.expectNoAnswer("request for another server", s.message(MessageType6.REQUEST).serverId(OTHER_SERVER)
                    .iaNa(IAID, Session.address(advertise, IAID)).build(), RELAY);
        });
    }

    @Test
    void aRelayWithoutTheSourcePortOptionIsAnsweredOnAFixedPort() {
        compare("relay without option 135", s -> {
            RelaySockets.Socket port547 = relaySocket(547);
            RelaySockets.Socket serverPort = relaySocket(s.server.port);
            ClientServerMessage solicit = s.message(MessageType6.SOLICIT).iaNa(IAID).build();
            s.ask("solicit from port 547", Dhcp6Messages.relayForward(solicit, 0, LINK, s.linkLocal,
                    Dhcp6Messages.interfaceId("relay1/port7")),
                    port547, List.of(port547, serverPort));
        }, Deliberate.replacing("solicit from port 547", "to port 547:", "to port server-port:",
                "Kea answers a relay on port 547 whatever its own port (-p) is; dhcp6d answers on its own"
                        + " server port, as ISC dhcpd -6 -p does, so that a test relay on a custom port pair works"));
    }

    /**
     * An address in the client's IA that is not the one it should have: like Kea 2.2, an Advertise
     * and the Reply to a Request leave it out; Renew and Rebind return it with lifetimes 0 (see
     * {@link #aRenewNamingAnAddressTheClientDoesNotHold}).
     */
    @Test
    void anAddressOutsideThePoolInTheIaIsLeftOutOfAdvertiseAndRequestReplies() {
        Inet6Address hint = Addresses.parse6("2001:db8:2::5");
        compare("address outside the pool", s -> {
            ClientServerMessage advertise = s.ask("solicit with a hint outside the pool",
                    s.message(MessageType6.SOLICIT).iaNa(IAID, hint).build(), RELAY).orElseThrow();
            ClientServerMessage reply = s.ask("request of the advertised address and that hint",
                    s.message(MessageType6.REQUEST).serverId(Session.serverId(advertise))
                            .iaNa(IAID, Session.address(advertise, IAID), hint).build(), RELAY).orElseThrow();
            s.ask("request of only that hint", s.message(MessageType6.REQUEST).serverId(Session.serverId(advertise))
                    .iaNa(IAID, hint).build(), RELAY);
            s.ask("renew of the binding and that hint", s.message(MessageType6.RENEW)
                    .serverId(Session.serverId(reply)).iaNa(IAID, Session.address(reply, IAID), hint).build(), RELAY);
        });
    }

    @Test
    void aRenewNamingAnAddressTheClientDoesNotHold() {
        Inet6Address foreign = Addresses.parse6("2001:db8:2::ffff");
        compare("renew with a foreign address", s -> {
            ClientServerMessage reply = bind(s);
            s.ask("renew with the binding and a foreign address", s.message(MessageType6.RENEW)
                    .serverId(Session.serverId(reply)).iaNa(IAID, Session.address(reply, IAID), foreign).build(), RELAY);
            s.ask("renew with only a foreign address", s.message(MessageType6.RENEW)
                    .serverId(Session.serverId(reply)).iaNa(IAID, foreign).build(), RELAY);
        });
    }

    @Test
    void aClientThatMovedToAnotherLinkRenewsAndRebinds() {
        compare("moved to another link", s -> {
            ClientServerMessage reply = bind(s);
            Inet6Address old = Session.address(reply, IAID);
            s.ask("renew from the other link", s.message(MessageType6.RENEW).serverId(Session.serverId(reply))
                    .iaNa(IAID, old).build(), NO_RAPID_COMMIT_RELAY);
            s.ask("rebind from the other link", s.message(MessageType6.REBIND).iaNa(IAID, old).build(),
                    NO_RAPID_COMMIT_RELAY);
        });
    }

    /**
     * Kea 2.2 answers a Release naming no binding of the client with NoBinding in the IA and
     * NoBinding at the top level, where dhcp6d answers Success at the top level (RFC 8415 §18.3.7,
     * kept in RFC 9915: "the server generates a Reply message and includes a Status Code option
     * with the value Success", NoBinding only inside each IA it has no binding for). This case
     * asserts Kea's answer until that difference is declared deliberate.
     */
    @Test
    void releaseAndDeclineOfWhatTheClientDoesNotHold() {
        compare("release and decline without binding", s -> {
            ClientServerMessage reply = bind(s);
            Inet6Address notHeld = Addresses.parse6("2001:db8:2::1ff");
            s.ask("release of an address not held", s.message(MessageType6.RELEASE).serverId(Session.serverId(reply))
                    .iaNa(IAID, notHeld).build(), RELAY);
            s.ask("decline of an address not held", s.message(MessageType6.DECLINE).serverId(Session.serverId(reply))
                    .iaNa(IAID, notHeld).build(), RELAY);
            s.ask("release of an unknown IA", s.message(MessageType6.RELEASE).serverId(Session.serverId(reply))
                    .iaNa(77, Session.address(reply, IAID)).build(), RELAY);
            s.ask("renew after those", renewOf(s, MessageType6.RENEW, reply).build(), RELAY);
        }, Deliberate.replacing("release of an address not held", "status=NoBinding", "status=Success", RELEASE_STATUS),
                Deliberate.replacing("release of an unknown IA", "status=NoBinding", "status=Success", RELEASE_STATUS));
    }

    /**
     * RFC 9915 §18.3.7 (as RFC 8415): the Reply to a Release carries a top-level Success, and
     * NoBinding only inside each IA the server has no binding for; Kea 2.2 also puts NoBinding at
     * the top level. Both say NoBinding in the IA.
     */
    private static final String RELEASE_STATUS = "RFC 9915 §18.3.7: top-level Success, NoBinding per IA";

    @Test
    void twoIaNasInOneMessageGetTwoAddresses() {
        compare("two IA_NAs", s -> {
            ClientServerMessage advertise = s.ask("solicit with two IA_NAs", s.message(MessageType6.SOLICIT)
                    .iaNa(IAID).iaNa(IAID + 10).build(), RELAY).orElseThrow();
            s.ask("request of both", s.message(MessageType6.REQUEST).serverId(Session.serverId(advertise))
                    .iaNa(IAID, Session.address(advertise, IAID))
                    .iaNa(IAID + 10, Session.address(advertise, IAID + 10)).build(), RELAY);
        });
    }

    @Test
    void aFullPoolAnswersNoAddrsAvail() {
        compare("pool exhausted", s -> {
            ClientServerMessage advertise = s.ask("first client's solicit", s.message(MessageType6.SOLICIT)
                    .iaNa(IAID).build(), ONE_ADDRESS_RELAY).orElseThrow();
            s.ask("first client's request", s.message(MessageType6.REQUEST).serverId(Session.serverId(advertise))
                    .iaNa(IAID, Session.address(advertise, IAID)).build(), ONE_ADDRESS_RELAY);
            Session second = secondClient(s, false);
            second.ask("second client's solicit", second.message(MessageType6.SOLICIT).iaNa(IAID).build(),
                    ONE_ADDRESS_RELAY);
            second.ask("second client's request", second.message(MessageType6.REQUEST)
                    .serverId(Session.serverId(advertise)).iaNa(IAID).build(), ONE_ADDRESS_RELAY);
        });
    }

    @Test
    void twoDuidsOfOneMacGetTwoPoolAddresses() {
        compare("two DUIDs of one MAC", s -> {
            bind(s);
            Session second = secondClient(s, true);
            second.ask("second DUID's solicit", second.message(MessageType6.SOLICIT).iaNa(IAID).build(), RELAY);
        });
    }

    @Test
    void onlyTheInterfaceIdAndSourcePortAreEchoed() {
        compare("relay options", s -> {
            ClientServerMessage solicit = s.message(MessageType6.SOLICIT).iaNa(IAID).build();
            s.ask("solicit with remote-id and subscriber-id", Dhcp6Messages.relayForward(solicit, 0, LINK, s.linkLocal,
                    Dhcp6Messages.interfaceId("relay1/port7"), new Option6.RemoteId(9, Bytes.utf8("remote")),
                    new Option6.Raw(38, Bytes.utf8("subscriber")),
                    Dhcp6Messages.relaySourcePort(RELAY_SOCKETS.get(s.server).port())));
        });
    }

    @Test
    void malformedExchangesAreNotAnswered() {
        compare("not answered", s -> {
            s.expectNoAnswer("solicit without client id", Dhcp6Messages.of(MessageType6.SOLICIT).elapsedTime()
                    .iaNa(IAID).build(), RELAY);
            s.expectNoAnswer("request without server id", s.message(MessageType6.REQUEST)
                    .iaNa(IAID, Addresses.parse6("2001:db8:2::150")).build(), RELAY);
            s.expectNoAnswer("renew for another server", s.message(MessageType6.RENEW).serverId(OTHER_SERVER)
                    .iaNa(IAID, Addresses.parse6("2001:db8:2::150")).build(), RELAY);
            s.expectNoAnswer("rebind with a server id", s.message(MessageType6.REBIND).serverId(OTHER_SERVER)
                    .iaNa(IAID, Addresses.parse6("2001:db8:2::150")).build(), RELAY);
            s.expectNoAnswer("release without server id", s.message(MessageType6.RELEASE)
                    .iaNa(IAID, Addresses.parse6("2001:db8:2::150")).build(), RELAY);
            s.expectNoAnswer("confirm with a server id", s.message(MessageType6.CONFIRM).serverId(OTHER_SERVER)
                    .iaNa(IAID, Addresses.parse6("2001:db8:2::150")).build(), RELAY);
            s.expectNoAnswer("confirm without addresses", s.message(MessageType6.CONFIRM).iaNa(IAID).build(), RELAY);
            s.expectNoAnswer("information-request for another server", s.message(MessageType6.INFORMATION_REQUEST)
                    .serverId(OTHER_SERVER).oro(23).build(), RELAY);
            s.expectNoAnswer("an advertise sent to the server", s.message(MessageType6.ADVERTISE)
                    .serverId(OTHER_SERVER).iaNa(IAID).build(), RELAY);
        });
    }

    /**
     * Deliberate: RFC 9915 §16.12 says a server MUST discard an Information-Request that holds an
     * IA option (FIELD-NOTES.md lists it among the messages not to answer); Kea 2.2 answers it.
     */
    @Test
    void anInformationRequestWithAnIaIsNotAnswered() {
        compare("information-request with an IA", s -> s.expectNoAnswer("information-request with an IA",
                s.message(MessageType6.INFORMATION_REQUEST).iaNa(IAID).oro(23).build(), RELAY),
                Deliberate.matching("information-request with an IA", "RELAY-REPL\\(.*\\) REPLY .*", "no answer",
                        "RFC 9915 §16.12: an Information-Request with an IA is discarded; Kea 2.2 answers it"));
    }
}
