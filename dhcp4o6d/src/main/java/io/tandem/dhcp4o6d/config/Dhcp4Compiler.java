package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.HttpConfig;
import io.tandem.common.config.HttpSection;
import io.tandem.common.config.ListenAddress;
import io.tandem.common.config.ConfiguredOption4;
import io.tandem.common.config.OptionDataCompiler;
import io.tandem.common.config.ValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Compiles the {@code Dhcp4} object into a {@link Dhcp4Config}; problems go to the nodes' collector. */
final class Dhcp4Compiler {
    private static final long UINT32_MAX = 0xffffffffL;
    /** Kea's {@code dhcp4o6-port} uses the port and the one above it. */
    private static final int MAX_DHCP4O6_PORT = 0xfffe;
    private static final String MEMFILE = "memfile";

    private static final ValueType<String> LEASE_DATABASE_TYPE = new ValueType<>(
            "memfile (Tandem keeps leases in memory and a Kea memfile CSV file)", type -> {
                if (!type.equals(MEMFILE)) {
                    throw new IllegalArgumentException("not supported by Tandem");
                }
                return type;
            });

    private final Path baseDirectory;

    Dhcp4Compiler(Path baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    Dhcp4Config compile(ConfigNode dhcp4) {
        dhcp4.finish(KeaKeys4.GLOBAL.implemented(), KeaKeys4.GLOBAL.keaKeysNotImplemented());
        OptionDataCompiler<ConfiguredOption4> optionCompiler = OptionDataCompiler.dhcp4(dhcp4.json().get("option-def"));
        ReservationCompiler4 reservationCompiler = new ReservationCompiler4(optionCompiler);
        SubnetCompiler4 subnetCompiler = new SubnetCompiler4(optionCompiler, reservationCompiler);

        NetworkSettings4 global = NetworkSettings4.read(dhcp4, NetworkSettings4.NONE);
        List<ConfiguredOption4> options = optionCompiler.compile(dhcp4.objects("option-data"));

        List<SubnetCompiler4.NetworkDraft> networks =
                subnetCompiler.sharedNetworks(dhcp4.objects("shared-networks"), global);
        List<SubnetCompiler4.Draft> drafts = new ArrayList<>();
        networks.forEach(network -> drafts.addAll(network.subnets()));
        for (ConfigNode subnet : dhcp4.objects("subnet4")) {
            subnetCompiler.subnet(subnet, global, Optional.empty(), List.of()).ifPresent(drafts::add);
        }
        SubnetCompiler4.checkOverlaps(drafts);
        Map<SubnetCompiler4.Draft, Long> ids = subnetIds(drafts);

        List<ReservationCompiler4.Placed> globalReservations = new ArrayList<>();
        for (ConfigNode reservation : dhcp4.objects("reservations")) {
            reservationCompiler.compile(reservation, KeaKeys4.RESERVATION)
                    .ifPresent(value -> globalReservations.add(new ReservationCompiler4.Placed(reservation, value)));
        }
        Optional<String> fileName = dhcp4.optionalString("reservations-file").filter(name -> !name.isEmpty());
        Optional<Path> file = fileName.map(baseDirectory::resolve);
        Map<Long, List<ReservationCompiler4.Placed>> subnetReservations = new HashMap<>();
        if (file.isPresent()) {
            List<ReservationsFile4.Entry> entries = ReservationsFile4.load(dhcp4.at("reservations-file"), file.get(),
                    fileName.get(), reservationCompiler);
            sortFileReservations(entries, new HashSet<>(ids.values()), globalReservations, subnetReservations);
        }
        ReservationCompiler4.check(globalReservations, Optional.empty());

        List<Subnet4> subnets = new ArrayList<>();
        for (SubnetCompiler4.Draft draft : drafts) {
            long id = ids.get(draft);
            List<ReservationCompiler4.Placed> reservations = new ArrayList<>(draft.reservations());
            reservations.addAll(subnetReservations.getOrDefault(id, List.of()));
            ReservationCompiler4.check(reservations, Optional.of(draft.prefix()));
            subnets.add(subnet(id, draft, reservations));
        }
        List<SharedNetwork4> sharedNetworks = networks.stream().map(network -> new SharedNetwork4(network.name(),
                network.interfaceName(), network.subnet6(), network.subnets().stream().map(ids::get).toList())).toList();

        return new Dhcp4Config(subnets, sharedNetworks,
                globalReservations.stream().map(ReservationCompiler4.Placed::reservation).toList(), options,
                hostReservationIdentifiers(dhcp4), leaseDatabase(dhcp4),
                (int) dhcp4.integer("dhcp4o6-port", 0, MAX_DHCP4O6_PORT, 0), dhcp4.bool("echo-client-id", true),
                dhcp4.integer("decline-probation-period", 0, UINT32_MAX, Dhcp4Config.DEFAULT_DECLINE_PROBATION_PERIOD),
                file, HttpSection.parse(dhcp4, baseDirectory, HttpConfig.DEFAULT_LISTEN_4O6), eventsChannel(dhcp4));
    }

    /** Tandem's {@code events} of {@code Dhcp4}: only {@code channel}, where dhcp4o6d's events go. */
    private static Optional<ListenAddress> eventsChannel(ConfigNode dhcp4) {
        Optional<ConfigNode> block = dhcp4.optionalObject("events");
        block.ifPresent(node -> node.finish(List.of("channel"), List.of()));
        return HttpSection.eventsChannel(block.orElse(dhcp4.at("events")));
    }

    /** Puts each reservation of the file with its subnet, or with the global ones when it names none. */
    private static void sortFileReservations(List<ReservationsFile4.Entry> entries, Set<Long> subnetIds,
                                             List<ReservationCompiler4.Placed> global,
                                             Map<Long, List<ReservationCompiler4.Placed>> bySubnet) {
        for (ReservationsFile4.Entry entry : entries) {
            OptionalLong subnetId = entry.subnetId();
            if (subnetId.isEmpty()) {
                global.add(entry.placed());
            } else if (subnetIds.contains(subnetId.getAsLong())) {
                bySubnet.computeIfAbsent(subnetId.getAsLong(), id -> new ArrayList<>()).add(entry.placed());
            } else {
                entry.placed().node().error("subnet-id", "no subnet has id " + subnetId.getAsLong());
            }
        }
    }

    private static Subnet4 subnet(long id, SubnetCompiler4.Draft draft, List<ReservationCompiler4.Placed> reservations) {
        NetworkSettings4 settings = draft.settings();
        return new Subnet4(id, draft.prefix(), draft.node().pointer(), draft.sharedNetwork(), draft.subnet4o6(),
                draft.interfaceId4o6(), draft.interface4o6(), draft.pools(),
                reservations.stream().map(ReservationCompiler4.Placed::reservation).toList(), draft.options(),
                settings.leaseTimes(), settings.authoritative().orElse(false), settings.boot());
    }

    /**
     * The subnets' ids. As in Kea 2.2, a subnet without {@code id} gets the next number of a
     * counter starting at 1, subnets of shared networks first; Tandem skips the numbers other
     * subnets claim explicitly (Kea 2.2 would reject those configurations as duplicates), so every
     * configuration Kea accepts numbers its subnets as Kea does.
     */
    private static Map<SubnetCompiler4.Draft, Long> subnetIds(List<SubnetCompiler4.Draft> drafts) {
        Set<Long> explicit = new HashSet<>();
        drafts.forEach(draft -> draft.explicitId().ifPresent(explicit::add));
        Map<Long, ConfigNode> used = new HashMap<>();
        Map<SubnetCompiler4.Draft, Long> ids = new IdentityHashMap<>();
        long next = 1;
        for (SubnetCompiler4.Draft draft : drafts) {
            long id;
            if (draft.explicitId().isPresent()) {
                id = draft.explicitId().getAsLong();
            } else {
                while (explicit.contains(next)) {
                    next++;
                }
                id = next++;
            }
            ConfigNode first = used.putIfAbsent(id, draft.node());
            if (first != null) {
                draft.node().error("id", "subnet id " + id + " is already used by the subnet at " + first.pointer());
            }
            ids.put(draft, id);
        }
        return ids;
    }

    private static List<HostIdentifierType4> hostReservationIdentifiers(ConfigNode dhcp4) {
        if (!dhcp4.has("host-reservation-identifiers")) {
            return HostIdentifierType4.DEFAULT_ORDER;
        }
        List<ConfigNode> elements = dhcp4.array("host-reservation-identifiers");
        if (elements.isEmpty() && dhcp4.json().get("host-reservation-identifiers").isArray()) {
            dhcp4.error("host-reservation-identifiers", "expected at least one identifier");
        }
        Set<HostIdentifierType4> types = new LinkedHashSet<>();
        for (ConfigNode element : elements) {
            Optional<String> name = element.asString();
            if (name.isEmpty()) {
                continue;
            }
            Optional<HostIdentifierType4> type = HostIdentifierType4.byKeaName(name.get());
            if (HostIdentifierType4.KEA_NOT_IMPLEMENTED.contains(name.get())) {
                element.warning("Kea identifier " + ConfigNode.quote(name.get())
                        + " not implemented by Tandem, ignored");
            } else if (type.isEmpty()) {
                element.error("unknown identifier " + ConfigNode.quote(name.get())
                        + "; expected hw-address or client-id (or Kea's duid, circuit-id, flex-id, which are ignored)");
            } else if (!types.add(type.get())) {
                element.error(ConfigNode.quote(name.get()) + " is listed twice");
            }
        }
        return List.copyOf(types);
    }

    private LeaseDatabase4 leaseDatabase(ConfigNode dhcp4) {
        Optional<ConfigNode> block = dhcp4.optionalObject("lease-database");
        if (block.isEmpty()) {
            return LeaseDatabase4.DEFAULT;
        }
        ConfigNode node = block.get();
        node.finish(KeaKeys4.LEASE_DATABASE.implemented(), KeaKeys4.LEASE_DATABASE.keaKeysNotImplemented());
        node.value("type", LEASE_DATABASE_TYPE);
        return new LeaseDatabase4(
                node.optionalString("name").filter(name -> !name.isEmpty()).map(baseDirectory::resolve),
                node.bool("persist", true),
                node.integer("lfc-interval", 0, UINT32_MAX, LeaseDatabase4.DEFAULT_LFC_INTERVAL));
    }
}
