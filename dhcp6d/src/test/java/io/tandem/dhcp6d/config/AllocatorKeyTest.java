package io.tandem.dhcp6d.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.config.DaemonConfigErrorsTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kea 2.4's {@code allocator} and {@code pd-allocator}: where they may be written, what they inherit, what they refuse. */
class AllocatorKeyTest extends DaemonConfigErrorsTest {
    AllocatorKeyTest() {
        super(Dhcp6ConfigParser::parse, "Dhcp6");
    }

    @Test
    void aSubnetTakesItsOwnValueElseItsSharedNetworksElseTheGlobalOneElseIterative() throws Exception {
        List<Subnet6> subnets = Dhcp6ConfigParser.parse("""
                {"Dhcp6": {"allocator": "random",
                  "shared-networks": [{"name": "rack", "allocator": "stable", "pd-allocator": "random",
                    "subnet6": [{"id": 1, "subnet": "2001:db8:1::/64"},
                                {"id": 2, "subnet": "2001:db8:2::/64", "allocator": "iterative"}]}],
                  "subnet6": [{"id": 3, "subnet": "2001:db8:3::/64"},
                              {"id": 4, "subnet": "2001:db8:4::/64", "pd-allocator": "stable"}]}}
                """, Path.of(".")).config().subnets();
        assertEquals(List.of(
                        List.of(AllocationOrder.STABLE, AllocationOrder.RANDOM),
                        List.of(AllocationOrder.ITERATIVE, AllocationOrder.RANDOM),
                        List.of(AllocationOrder.RANDOM, AllocationOrder.ITERATIVE),
                        List.of(AllocationOrder.RANDOM, AllocationOrder.STABLE)),
                subnets.stream().map(s -> List.of(s.allocator(), s.prefixAllocator())).toList());
        assertEquals(List.of(AllocationOrder.ITERATIVE, AllocationOrder.ITERATIVE), Dhcp6ConfigParser.parse(
                "{\"Dhcp6\": {\"subnet6\": [{\"subnet\": \"2001:db8:1::/64\"}]}}", Path.of(".")).config().subnets()
                .stream().flatMap(s -> List.of(s.allocator(), s.prefixAllocator()).stream()).toList(), "Kea's default");
    }

    @Test
    void anUnknownValueOrKeasFreeLeaseQueueIsAnError() {
        assertEquals(List.of(
                "error: /Dhcp6/allocator: expected one of \"iterative\", \"random\", \"stable\", got \"flq\":"
                        + " Kea 2.4's free lease queue is not implemented",
                "error: /Dhcp6/subnet6/0/allocator: expected one of \"iterative\", \"random\", \"stable\", got the number 1",
                "error: /Dhcp6/subnet6/0/pd-allocator: expected one of \"iterative\", \"random\", \"stable\","
                        + " got \"sequential\""),
                errors("""
                        {"allocator": "flq",
                         "subnet6": [{"subnet": "2001:db8::/64", "pd-allocator": "sequential", "allocator": 1}]}"""));
    }
}
