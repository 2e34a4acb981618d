package io.tandem.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The lab cleans up after itself: every process it started, their children, and its namespaces. */
@Tag("system")
class NetnsLabIT {
    @TempDir
    Path work;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void buildsALinkAndLeavesNothingBehind() {
        LabProcess sleeper;
        List<NetnsLab.Namespace> namespaces;
        long strayPid;
        try (NetnsLab lab = NetnsLab.create(work)) {
            NetnsLab.Namespace a = lab.namespace("a");
            NetnsLab.Namespace b = lab.namespace("b");
            namespaces = lab.namespaces();
            assertTrue(a.name().startsWith("tnl-" + lab.id() + "-"), a.name());
            lab.veth(a, "a0", NetnsLab.localMac(0x12), b, "b0", NetnsLab.universalMac(0x34));
            assertEquals(List.of("fe80::5054:ff:fe00:5312"), lab.addresses(a, "a0", "link"));
            assertEquals(List.of("fe80::200:5eff:fe00:5334"), lab.addresses(b, "b0", "link"));
            lab.setMac(a, "a0", NetnsLab.universalMac(0x56));
            assertEquals(List.of("fe80::200:5eff:fe00:5356"), lab.addresses(a, "a0", "link"));
            lab.addAddress(b, "b0", "2001:db8:1::1/64");
            assertEquals(List.of("2001:db8:1::1"), lab.addresses(b, "b0", "global"));

            // A process that leaves a child behind when it is asked to stop: the namespace sweep ends it.
            sleeper = lab.start("sleeper", a, "sh", "-c", "sleep 300 & echo child $!; trap '' TERM; wait");
            NetnsLab.await(Duration.ofSeconds(10), "the child to start", () -> sleeper.output().contains("child "),
                    sleeper::output);
            strayPid = Long.parseLong(sleeper.output().replaceAll("(?s).*child (\\d+).*", "$1"));
            assertTrue(ProcessHandle.of(strayPid).isPresent());
        }
        assertFalse(sleeper.isAlive(), "the process the lab started");
        NetnsLab.await(Duration.ofSeconds(5), "the stray child to be gone",
                () -> ProcessHandle.of(strayPid).map(ProcessHandle::isAlive).orElse(false) == false, () -> "");
        String left = NetnsLab.runOnHost(Duration.ofSeconds(10), "ip", "netns", "list").output();
        for (NetnsLab.Namespace namespace : namespaces) {
            assertFalse(left.contains(namespace.name()), () -> namespace + " is still there: " + left);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void refusesAddressesAndMacsOutsideTheDocumentationRanges() {
        try (NetnsLab lab = NetnsLab.create(work)) {
            NetnsLab.Namespace a = lab.namespace("a");
            NetnsLab.Namespace b = lab.namespace("b");
            assertThrows(IllegalArgumentException.class,
                    () -> lab.veth(a, "a0", "02:00:00:00:00:01", b, "b0", NetnsLab.universalMac(1)));
            lab.veth(a, "a0", NetnsLab.universalMac(2), b, "b0", NetnsLab.universalMac(3));
            assertThrows(IllegalArgumentException.class, () -> lab.addAddress(a, "a0", "2001:db9::1/64"));
            assertThrows(IllegalArgumentException.class, () -> lab.addAddress(a, "a0", "10.0.0.1/24"));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void removesTheNamespacesOfALabWhoseJvmIsGone() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String orphan = "tnl-" + gone.pid() + "-0bad-orphan";
        assertTrue(NetnsLab.runOnHost(Duration.ofSeconds(10), "ip", "netns", "add", orphan).ok());
        try (NetnsLab lab = NetnsLab.create(work)) {
            String left = NetnsLab.runOnHost(Duration.ofSeconds(10), "ip", "netns", "list").output();
            assertFalse(left.contains(orphan), left);
        } finally {
            NetnsLab.runOnHost(Duration.ofSeconds(10), "ip", "netns", "delete", orphan);
        }
    }
}
