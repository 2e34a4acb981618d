package io.tandem.dhcp6d.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.dhcp6d.config.ListenInterface;
import io.tandem.dhcp6d.engine.Arrival.Addressing;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SocketPlanTest {
    private static final InetSocketAddress ANY = new InetSocketAddress(Addresses.parse6("::"), 547);
    private static final Inet6Address LINK_LOCAL = Addresses.parse6("fe80::200:5eff:fe00:53fe");
    private static final Inet6Address GLOBAL = Addresses.parse6("2001:db8:1::1");
    private static final Map<String, SocketPlan.HostInterface> HOST = Map.of(
            "eth0", new SocketPlan.HostInterface("eth0", 7, true, List.of(GLOBAL, LINK_LOCAL)),
            "eth1", new SocketPlan.HostInterface("eth1", 8, false, List.of()),
            "eth2", new SocketPlan.HostInterface("eth2", 9, true, List.of()));

    private static SocketPlan plan(ListenInterface... served) throws IOException {
        return SocketPlan.of(ANY, List.of(served), name -> Optional.ofNullable(HOST.get(name)));
    }

    private static ListenInterface name(String name) {
        return new ListenInterface(name, Optional.empty());
    }

    /** What a listener is, as text: address%scope addressing interface. */
    private static String describe(SocketPlan.Listener listener) {
        Inet6Address address = (Inet6Address) listener.local().getAddress();
        return Addresses.text(address) + (address.getScopeId() > 0 ? "%" + address.getScopeId() : "") + ":"
                + listener.local().getPort() + " " + listener.addressing().label() + " " + listener.interfaceName();
    }

    private static List<String> described(SocketPlan plan) {
        return plan.listeners().stream().map(SocketPlanTest::describe).toList();
    }

    @Test
    void withoutInterfacesOnlyTheRelayFacingSocket() throws IOException {
        SocketPlan plan = plan();
        assertEquals(List.of("::" + ":547 relay-socket "), described(plan));
        assertEquals(List.of(), plan.warnings());
    }

    @Test
    void anInterfaceGetsItsMulticastAndLinkLocalSockets() throws IOException {
        assertEquals(List.of("::" + ":547 relay-socket ", "ff02::1:2%7:547 multicast eth0",
                "fe80::200:5eff:fe00:53fe%7:547 unicast-link-local eth0"), described(plan(name("eth0"))));
    }

    /** Kea's "eth0/2001:db8:1::1": the interface as by its name, and a socket on the address too. */
    @Test
    void aConfiguredGlobalAddressGetsItsOwnSocketOnce() throws IOException {
        ListenInterface withAddress = new ListenInterface("eth0", Optional.of(GLOBAL));
        assertEquals(List.of("::" + ":547 relay-socket ", "ff02::1:2%7:547 multicast eth0",
                "fe80::200:5eff:fe00:53fe%7:547 unicast-link-local eth0", "2001:db8:1::1:547 unicast-global eth0"),
                described(plan(name("eth0"), withAddress, withAddress)));
        assertEquals(described(plan(name("eth0"))),
                described(plan(new ListenInterface("eth0", Optional.of(LINK_LOCAL)))),
                "the link-local address has its socket already");
    }

    @Test
    void downIsNotServedAndWithoutLinkLocalGetsItsMulticastSocket() throws IOException {
        SocketPlan plan = plan(name("eth1"), name("eth2"));
        assertEquals(List.of("::" + ":547 relay-socket ", "ff02::1:2%9:547 multicast eth2"), described(plan));
        assertEquals(2, plan.warnings().size());
        assertTrue(plan.warnings().get(0).startsWith("interface eth1 is down"), plan.warnings()::toString);
        assertTrue(plan.warnings().get(1).startsWith("interface eth2 has no link-local address yet"),
                plan.warnings()::toString);
    }

    @Test
    void aMissingInterfaceOrAddressIsAnError() {
        assertEquals("interface eth9 does not exist", assertThrows(IOException.class, () -> plan(name("eth9")))
                .getMessage());
        assertEquals("interface eth0 does not have address 2001:db8:2::1", assertThrows(IOException.class,
                () -> plan(new ListenInterface("eth0", Optional.of(Addresses.parse6("2001:db8:2::1"))))).getMessage());
    }
}
