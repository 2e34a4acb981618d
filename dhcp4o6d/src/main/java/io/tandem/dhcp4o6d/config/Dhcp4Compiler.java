package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.HostReservations;
import io.tandem.common.config.HttpConfig;
import io.tandem.common.config.HttpSection;
import io.tandem.common.config.LeaseDatabaseConfig;
import io.tandem.common.config.ListenAddress;
import io.tandem.common.config.OptionDataCompiler;
import io.tandem.common.config.Prefix4;
import io.tandem.common.config.Subnets;
import io.tandem.common.wire.dhcp4.Option4;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Compiles the {@code Dhcp4} object into a {@link Dhcp4Config}; problems go to the nodes' collector. */
final class Dhcp4Compiler {
    /** Kea's {@code dhcp4o6-port} uses the port and the one above it. */
    private static final int MAX_DHCP4O6_PORT = 0xfffe;

    private final Path baseDirectory;

    Dhcp4Compiler(Path baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    Dhcp4Config compile(ConfigNode dhcp4) {
        dhcp4.finish(KeaKeys4.GLOBAL);
        // One of Kea's keys dhcp4o6d ignores (dhcp6d receives the packets), but Kea refuses it empty.
        dhcp4.optionalObject("interfaces-config").ifPresent(ConfigNode::requireParameters);
        OptionDataCompiler<Option4> optionCompiler = OptionDataCompiler.dhcp4(dhcp4.json().get("option-def"));
        HostReservations<Reservation4, Prefix4> reservations = new HostReservations<>(Dhcp4ConfigParser.FAMILY,
                new ReservationCompiler4(optionCompiler));
        SubnetCompiler4 subnetCompiler = new SubnetCompiler4(optionCompiler, reservations);

        NetworkSettings4 global = NetworkSettings4.read(dhcp4, NetworkSettings4.NONE);
        List<ConfiguredOption<Option4>> options = optionCompiler.compile(dhcp4.objects("option-data"));

        List<SubnetCompiler4.NetworkDraft> networks =
                subnetCompiler.sharedNetworks(dhcp4.objects("shared-networks"), global);
        List<SubnetCompiler4.Draft> drafts = new ArrayList<>();
        networks.forEach(network -> drafts.addAll(network.subnets()));
        for (ConfigNode subnet : dhcp4.objects("subnet4")) {
            subnetCompiler.subnet(subnet, global, Optional.empty(), List.of()).ifPresent(drafts::add);
        }
        Subnets.checkOverlaps(drafts);
        List<Long> idList = Subnets.ids(drafts);
        Map<SubnetCompiler4.Draft, Long> ids = new IdentityHashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            ids.put(drafts.get(i), idList.get(i));
        }

        HostReservations.TopLevel<Reservation4> topLevel =
                reservations.topLevel(dhcp4, baseDirectory, new HashSet<>(idList));
        List<Subnet4> subnets = new ArrayList<>();
        for (SubnetCompiler4.Draft draft : drafts) {
            long id = ids.get(draft);
            subnets.add(subnet(id, draft, reservations.ofSubnet(id, draft.prefix(), draft.reservations(), topLevel)));
        }
        List<SharedNetwork4> sharedNetworks = networks.stream().map(network -> new SharedNetwork4(network.name(),
                network.interfaceName(), network.subnet6(), network.subnets().stream().map(ids::get).toList())).toList();

        return new Dhcp4Config(subnets, sharedNetworks, topLevel.reservations(), options,
                Dhcp4ConfigParser.FAMILY.hostIdentifiers().read(dhcp4), LeaseDatabaseConfig.read(dhcp4, baseDirectory),
                (int) dhcp4.integer("dhcp4o6-port", 0, MAX_DHCP4O6_PORT, 0), dhcp4.bool("echo-client-id", true),
                dhcp4.integer("decline-probation-period", 0, ConfigNode.UINT32_MAX,
                        Dhcp4Config.DEFAULT_DECLINE_PROBATION_PERIOD),
                topLevel.file(), HttpSection.parse(dhcp4, baseDirectory, HttpConfig.DEFAULT_LISTEN_4O6),
                eventsChannel(dhcp4));
    }

    /** Tandem's {@code events} of {@code Dhcp4}: only {@code channel}, where dhcp4o6d's events go. */
    private static Optional<ListenAddress> eventsChannel(ConfigNode dhcp4) {
        Optional<ConfigNode> block = dhcp4.optionalObject("events");
        block.ifPresent(node -> node.finish(List.of("channel"), List.of()));
        return HttpSection.eventsChannel(block.orElse(dhcp4.at("events")));
    }

    private static Subnet4 subnet(long id, SubnetCompiler4.Draft draft, List<Reservation4> reservations) {
        NetworkSettings4 settings = draft.settings();
        return new Subnet4(id, draft.prefix(), draft.node().pointer(), draft.sharedNetwork(), draft.subnet4o6(),
                draft.interfaceId4o6(), draft.interface4o6(), draft.pools(),
                reservations, draft.options(), settings.leaseTimes(), settings.authoritative().orElse(false),
                settings.boot());
    }
}
