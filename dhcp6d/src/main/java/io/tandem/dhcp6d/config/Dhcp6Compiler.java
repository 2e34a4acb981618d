package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.HexText;
import io.tandem.common.config.HostReservations;
import io.tandem.common.config.Ipv6;
import io.tandem.common.config.LeaseDatabaseConfig;
import io.tandem.common.config.OptionDataCompiler;
import io.tandem.common.config.Prefix6;
import io.tandem.common.config.Subnets;
import io.tandem.common.config.ValueType;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Compiles the {@code Dhcp6} object into a {@link Dhcp6Config}; problems go to the nodes' collector. */
final class Dhcp6Compiler {
    /** Kea's {@code dhcp4o6-port} uses the port and the one above it. */
    private static final int MAX_DHCP4O6_PORT = 0xfffe;

    private static final ValueType<ListenInterface> INTERFACE = new ValueType<>(
            "an interface name, \"*\" or a name and a unicast address like eth0/2001:db8::1",
            Dhcp6Compiler::listenInterface);

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
        Inet6Address address = Ipv6.parse(text.substring(slash + 1));
        if (address.isMulticastAddress()) {
            throw new IllegalArgumentException("a multicast address is no unicast address to listen on");
        }
        return new ListenInterface(name, Optional.of(address));
    }

    Dhcp6Config compile(ConfigNode dhcp6) {
        dhcp6.finish(KeaKeys6.GLOBAL);
        OptionDataCompiler<Option6> optionCompiler = OptionDataCompiler.dhcp6(dhcp6.json().get("option-def"));
        HostReservations<Reservation6, Prefix6> reservations = new HostReservations<>(Dhcp6ConfigParser.FAMILY,
                new ReservationCompiler6(optionCompiler));
        SubnetCompiler6 subnetCompiler = new SubnetCompiler6(optionCompiler, reservations);

        List<ListenInterface> interfaces = interfaces(dhcp6);
        NetworkSettings6 global = NetworkSettings6.read(dhcp6, false, NetworkSettings6.NONE);
        List<ConfiguredOption<Option6>> options = optionCompiler.compile(dhcp6.objects("option-data"));

        List<SubnetCompiler6.Draft> drafts = new ArrayList<>(
                subnetCompiler.sharedNetworks(dhcp6.objects("shared-networks"), global));
        for (ConfigNode subnet : dhcp6.objects("subnet6")) {
            subnetCompiler.subnet(subnet, global, Optional.empty(), List.of()).ifPresent(drafts::add);
        }
        Subnets.checkOverlaps(drafts);
        List<Long> ids = Subnets.ids(drafts);

        HostReservations.TopLevel<Reservation6> topLevel =
                reservations.topLevel(dhcp6, baseDirectory, new HashSet<>(ids));
        List<Subnet6> subnets = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            SubnetCompiler6.Draft draft = drafts.get(i);
            subnets.add(subnet(ids.get(i), draft,
                    reservations.ofSubnet(ids.get(i), draft.prefix(), draft.reservations(), topLevel)));
        }

        return new Dhcp6Config(interfaces, subnets, topLevel.reservations(), options,
                Dhcp6ConfigParser.FAMILY.hostIdentifiers().read(dhcp6), macSources(dhcp6),
                LeaseDatabaseConfig.read(dhcp6, baseDirectory),
                (int) dhcp6.integer("dhcp4o6-port", 0, MAX_DHCP4O6_PORT, 0), serverId(dhcp6), topLevel.file(),
                ServiceSections.netboot(dhcp6), ServiceSections.tftp(dhcp6, baseDirectory),
                ServiceSections.http(dhcp6, baseDirectory), ServiceSections.events(dhcp6));
    }

    private static Subnet6 subnet(long id, SubnetCompiler6.Draft draft, List<Reservation6> reservations) {
        NetworkSettings6 settings = draft.settings();
        return new Subnet6(id, draft.prefix(), draft.sharedNetwork(), settings.interfaceName(), settings.interfaceId(),
                settings.relayAddresses().orElse(List.of()), draft.pools(), draft.prefixPools(), reservations,
                draft.options(), settings.leaseTimes(), settings.rapidCommit().orElse(false), draft.macAddressing(),
                settings.allocator().orElse(AllocationOrder.ITERATIVE),
                settings.prefixAllocator().orElse(AllocationOrder.ITERATIVE));
    }

    private static List<ListenInterface> interfaces(ConfigNode dhcp6) {
        Optional<ConfigNode> block = dhcp6.optionalObject("interfaces-config");
        if (block.isEmpty()) {
            return List.of();
        }
        ConfigNode node = block.get();
        node.requireParameters();
        node.finish(KeaKeys6.INTERFACES_CONFIG);
        return node.values("interfaces", INTERFACE);
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
        // Kea refuses a source named twice (an alias names its source), not one that "any" includes.
        Set<String> named = new HashSet<>();
        for (ConfigNode element : elements) {
            Optional<String> name = element.asString();
            if (name.isEmpty()) {
                continue;
            }
            String canonical = HwAddrSource.ofConfigName(name.get()).flatMap(HwAddrSource::configName)
                    .orElse(name.get());
            if (!named.add(canonical)) {
                element.error(ConfigNode.quote(name.get()) + " is listed twice");
            } else if (name.get().equals("raw")) {
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
                } else {
                    sources.add(source.get());
                }
            }
        }
        return List.copyOf(sources);
    }

    private static ServerIdConfig serverId(ConfigNode dhcp6) {
        Optional<ConfigNode> block = dhcp6.optionalObject("server-id");
        if (block.isEmpty()) {
            return ServerIdConfig.DEFAULT;
        }
        ConfigNode node = block.get();
        node.finish(KeaKeys6.SERVER_ID);
        Optional<ServerIdConfig.ServerDuidType> type = node.value("type", SERVER_DUID_TYPE);
        Optional<Bytes> identifier = node.optionalValue("identifier", HexText.HEX).filter(bytes -> !bytes.isEmpty());
        int hardwareType = (int) node.integer("htype", 0, 0xffff, ServerIdConfig.DEFAULT_HARDWARE_TYPE);
        long time = node.integer("time", 0, ConfigNode.UINT32_MAX, 0);
        long enterpriseId = node.integer("enterprise-id", 0, ConfigNode.UINT32_MAX,
                ServerIdConfig.DEFAULT_ENTERPRISE_ID);
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
