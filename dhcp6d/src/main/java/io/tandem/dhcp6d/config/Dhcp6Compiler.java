package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfiguredOption6;
import io.tandem.common.config.HexText;
import io.tandem.common.config.Ipv6;
import io.tandem.common.config.OptionDataCompiler;
import io.tandem.common.config.ValueType;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Duid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Compiles the {@code Dhcp6} object into a {@link Dhcp6Config}; problems go to the nodes' collector. */
final class Dhcp6Compiler {
    private static final long UINT32_MAX = 0xffffffffL;
    /** Kea's {@code dhcp4o6-port} uses the port and the one above it. */
    private static final int MAX_DHCP4O6_PORT = 0xfffe;
    private static final String MEMFILE = "memfile";

    private static final ValueType<ListenInterface> INTERFACE = new ValueType<>(
            "an interface name, \"*\" or a name and a unicast address like eth0/2001:db8::1",
            Dhcp6Compiler::listenInterface);

    private static final ValueType<String> LEASE_DATABASE_TYPE = new ValueType<>(
            "memfile (Tandem keeps leases in memory and a Kea memfile CSV file)", type -> {
                if (!type.equals(MEMFILE)) {
                    throw new IllegalArgumentException("not supported by Tandem");
                }
                return type;
            });
    private static final ValueType<ServerIdConfig.ServerDuidType> SERVER_DUID_TYPE = new ValueType<>(
            "LLT, EN or LL", type -> {
                for (ServerIdConfig.ServerDuidType candidate : ServerIdConfig.ServerDuidType.values()) {
                    if (candidate.name().equals(type)) {
                        return candidate;
                    }
                }
                throw new IllegalArgumentException();
            });

    private final Path baseDirectory;

    Dhcp6Compiler(Path baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    private static ListenInterface listenInterface(String text) {
        int slash = text.indexOf('/');
        String name = slash < 0 ? text : text.substring(0, slash);
        if (name.isBlank()) {
            throw new IllegalArgumentException("no interface name");
        }
        if (slash < 0) {
            return new ListenInterface(name, Optional.empty());
        }
        if (name.equals(ListenInterface.ALL)) {
            throw new IllegalArgumentException("\"*\" takes no unicast address");
        }
        return new ListenInterface(name, Optional.of(Ipv6.parse(text.substring(slash + 1))));
    }

    Dhcp6Config compile(ConfigNode dhcp6) {
        dhcp6.finish(KeaKeys6.GLOBAL.implemented(), KeaKeys6.GLOBAL.keaKeysNotImplemented());
        OptionDataCompiler<ConfiguredOption6> optionCompiler = OptionDataCompiler.dhcp6(dhcp6.json().get("option-def"));
        ReservationCompiler reservationCompiler = new ReservationCompiler(optionCompiler);
        SubnetCompiler subnetCompiler = new SubnetCompiler(optionCompiler, reservationCompiler);

        List<ListenInterface> interfaces = interfaces(dhcp6);
        NetworkSettings global = NetworkSettings.read(dhcp6, false, NetworkSettings.NONE);
        List<ConfiguredOption6> options = optionCompiler.compile(dhcp6.objects("option-data"));

        List<SubnetCompiler.Draft> drafts = new ArrayList<>(
                subnetCompiler.sharedNetworks(dhcp6.objects("shared-networks"), global));
        for (ConfigNode subnet : dhcp6.objects("subnet6")) {
            subnetCompiler.subnet(subnet, global, Optional.empty(), List.of()).ifPresent(drafts::add);
        }
        SubnetCompiler.checkOverlaps(drafts);
        List<Long> ids = subnetIds(drafts);

        List<ReservationCompiler.Placed> globalReservations = new ArrayList<>();
        for (ConfigNode reservation : dhcp6.objects("reservations")) {
            reservationCompiler.compile(reservation, KeaKeys6.RESERVATION)
                    .ifPresent(value -> globalReservations.add(new ReservationCompiler.Placed(reservation, value)));
        }
        Optional<String> fileName = dhcp6.optionalString("reservations-file").filter(name -> !name.isEmpty());
        Optional<Path> file = fileName.map(baseDirectory::resolve);
        Map<Long, List<ReservationCompiler.Placed>> subnetReservations = new HashMap<>();
        if (file.isPresent()) {
            List<ReservationsFile6.Entry> entries =
                    ReservationsFile6.load(dhcp6.at("reservations-file"), file.get(), fileName.get(), reservationCompiler);
            sortFileReservations(entries, new HashSet<>(ids), globalReservations, subnetReservations);
        }
        ReservationCompiler.check(globalReservations, Optional.empty());

        List<Subnet6> subnets = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            SubnetCompiler.Draft draft = drafts.get(i);
            List<ReservationCompiler.Placed> reservations = new ArrayList<>(draft.reservations());
            reservations.addAll(subnetReservations.getOrDefault(ids.get(i), List.of()));
            ReservationCompiler.check(reservations, Optional.of(draft.prefix()));
            subnets.add(subnet(ids.get(i), draft, reservations));
        }

        return new Dhcp6Config(interfaces, subnets,
                globalReservations.stream().map(ReservationCompiler.Placed::reservation).toList(),
                options, hostReservationIdentifiers(dhcp6), macSources(dhcp6), leaseDatabase(dhcp6),
                (int) dhcp6.integer("dhcp4o6-port", 0, MAX_DHCP4O6_PORT, 0), serverId(dhcp6), file,
                ServiceSections.netboot(dhcp6), ServiceSections.tftp(dhcp6, baseDirectory),
                ServiceSections.http(dhcp6, baseDirectory), ServiceSections.events(dhcp6));
    }

    /** Puts each reservation of the file with its subnet, or with the global ones when it names none. */
    private static void sortFileReservations(List<ReservationsFile6.Entry> entries, Set<Long> subnetIds,
                                             List<ReservationCompiler.Placed> global,
                                             Map<Long, List<ReservationCompiler.Placed>> bySubnet) {
        for (ReservationsFile6.Entry entry : entries) {
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

    private static Subnet6 subnet(long id, SubnetCompiler.Draft draft, List<ReservationCompiler.Placed> reservations) {
        NetworkSettings settings = draft.settings();
        return new Subnet6(id, draft.prefix(), draft.sharedNetwork(), settings.interfaceName(), settings.interfaceId(),
                settings.relayAddresses().orElse(List.of()), draft.pools(), draft.prefixPools(),
                reservations.stream().map(ReservationCompiler.Placed::reservation).toList(), draft.options(),
                settings.leaseTimes(), settings.rapidCommit().orElse(false), draft.macAddressing());
    }

    /**
     * The subnets' ids, in the drafts' order. As in Kea 2.2, a subnet without {@code id} gets
     * the next number of a counter starting at 1, subnets of shared networks first; Tandem skips
     * the numbers other subnets claim explicitly (Kea 2.2 would reject those configurations as
     * duplicates), so every configuration Kea accepts numbers its subnets as Kea does.
     */
    private static List<Long> subnetIds(List<SubnetCompiler.Draft> drafts) {
        Set<Long> explicit = new HashSet<>();
        drafts.forEach(draft -> draft.explicitId().ifPresent(explicit::add));
        Map<Long, ConfigNode> used = new HashMap<>();
        List<Long> ids = new ArrayList<>(drafts.size());
        long next = 1;
        for (SubnetCompiler.Draft draft : drafts) {
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
            ids.add(id);
        }
        return ids;
    }

    private static List<ListenInterface> interfaces(ConfigNode dhcp6) {
        Optional<ConfigNode> block = dhcp6.optionalObject("interfaces-config");
        if (block.isEmpty()) {
            return List.of();
        }
        ConfigNode node = block.get();
        node.finish(KeaKeys6.INTERFACES_CONFIG.implemented(), KeaKeys6.INTERFACES_CONFIG.keaKeysNotImplemented());
        return node.values("interfaces", INTERFACE);
    }

    private static List<HostIdentifierType> hostReservationIdentifiers(ConfigNode dhcp6) {
        if (!dhcp6.has("host-reservation-identifiers")) {
            return HostIdentifierType.DEFAULT_ORDER;
        }
        List<ConfigNode> elements = dhcp6.array("host-reservation-identifiers");
        if (elements.isEmpty() && dhcp6.json().get("host-reservation-identifiers").isArray()) {
            dhcp6.error("host-reservation-identifiers", "expected at least one identifier");
        }
        Set<HostIdentifierType> types = new LinkedHashSet<>();
        for (ConfigNode element : elements) {
            Optional<String> name = element.asString();
            if (name.isEmpty()) {
                continue;
            }
            Optional<HostIdentifierType> type = HostIdentifierType.byKeaName(name.get());
            if (name.get().equals("flex-id")) {
                element.warning("Kea identifier \"flex-id\" (a hook library's) not implemented by Tandem, ignored");
            } else if (type.isEmpty()) {
                element.error("unknown identifier " + ConfigNode.quote(name.get())
                        + "; expected duid, hw-address, remote-id or interface-id");
            } else if (!types.add(type.get())) {
                element.error(ConfigNode.quote(name.get()) + " is listed twice");
            }
        }
        return List.copyOf(types);
    }

    private static List<HwAddrSource> macSources(ConfigNode dhcp6) {
        if (!dhcp6.has("mac-sources")) {
            return Dhcp6Config.DEFAULT_MAC_SOURCES;
        }
        List<ConfigNode> elements = dhcp6.array("mac-sources");
        if (elements.isEmpty() && dhcp6.json().get("mac-sources").isArray()) {
            dhcp6.error("mac-sources", "expected at least one source");
        }
        Set<HwAddrSource> sources = new LinkedHashSet<>();
        for (ConfigNode element : elements) {
            Optional<String> name = element.asString();
            if (name.isEmpty()) {
                continue;
            }
            if (name.get().equals("raw")) {
                element.warning("Kea MAC source \"raw\" does not apply to Tandem, which reads no raw frames; ignored");
            } else if (name.get().equals("any")) {
                sources.addAll(Dhcp6Config.ANY_MAC_SOURCES);
            } else {
                Optional<HwAddrSource> source = HwAddrSource.ofConfigName(name.get());
                if (source.isEmpty()) {
                    element.error("unknown MAC source " + ConfigNode.quote(name.get()) + "; expected any, "
                            + String.join(", ", Dhcp6Config.ANY_MAC_SOURCES.stream()
                                    .map(known -> known.configName().orElseThrow()).toList())
                            + " (or Kea's aliases rfc6939, rfc4649, rfc4580)");
                } else if (!sources.add(source.get())) {
                    element.error(ConfigNode.quote(name.get()) + " is listed twice");
                }
            }
        }
        return List.copyOf(sources);
    }

    private LeaseDatabaseConfig leaseDatabase(ConfigNode dhcp6) {
        Optional<ConfigNode> block = dhcp6.optionalObject("lease-database");
        if (block.isEmpty()) {
            return LeaseDatabaseConfig.DEFAULT;
        }
        ConfigNode node = block.get();
        node.finish(KeaKeys6.LEASE_DATABASE.implemented(), KeaKeys6.LEASE_DATABASE.keaKeysNotImplemented());
        node.value("type", LEASE_DATABASE_TYPE);
        return new LeaseDatabaseConfig(
                node.optionalString("name").filter(name -> !name.isEmpty()).map(baseDirectory::resolve),
                node.bool("persist", true),
                node.integer("lfc-interval", 0, UINT32_MAX, LeaseDatabaseConfig.DEFAULT_LFC_INTERVAL));
    }

    private static ServerIdConfig serverId(ConfigNode dhcp6) {
        Optional<ConfigNode> block = dhcp6.optionalObject("server-id");
        if (block.isEmpty()) {
            return ServerIdConfig.DEFAULT;
        }
        ConfigNode node = block.get();
        node.finish(KeaKeys6.SERVER_ID.implemented(), KeaKeys6.SERVER_ID.keaKeysNotImplemented());
        Optional<ServerIdConfig.ServerDuidType> type = node.value("type", SERVER_DUID_TYPE);
        Optional<Bytes> identifier = node.optionalValue("identifier", HexText.HEX).filter(bytes -> !bytes.isEmpty());
        int hardwareType = (int) node.integer("htype", 0, 0xffff, ServerIdConfig.DEFAULT_HARDWARE_TYPE);
        long time = node.integer("time", 0, UINT32_MAX, 0);
        long enterpriseId = node.integer("enterprise-id", 0, UINT32_MAX, ServerIdConfig.DEFAULT_ENTERPRISE_ID);
        boolean persist = node.bool("persist", true);
        if (type.isEmpty()) {
            return ServerIdConfig.DEFAULT;
        }
        int header = switch (type.get()) {
            case LLT -> 8;
            case EN -> 6;
            case LL -> 4;
        };
        if (identifier.isPresent() && header + identifier.get().length() > Duid.MAX_LENGTH) {
            node.error("identifier", "a " + type.get() + " DUID holds at most " + (Duid.MAX_LENGTH - header)
                    + " identifier bytes, not " + identifier.get().length());
        }
        return new ServerIdConfig(type.get(), identifier, hardwareType, time, enterpriseId, persist);
    }
}
