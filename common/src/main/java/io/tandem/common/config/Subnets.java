package io.tandem.common.config;

import io.tandem.common.wire.WireOption;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The walk of {@code shared-networks} and subnets that both daemons make: shared-network names,
 * what every subnet entry has (with the options it inherits), subnet ids as Kea gives them out,
 * and the checks of pools and subnets.
 */
public final class Subnets {
    /** A compiled subnet before Kea's automatic ids are given out. */
    public interface Draft {
        /** The subnet's entry. */
        ConfigNode node();

        /** {@code id} when written and not 0. */
        OptionalLong explicitId();

        Prefix<?> prefix();
    }

    /**
     * What one daemon's subnet entries are made of.
     *
     * @param keys       the keys of a subnet entry
     * @param poolKeys   the keys of a {@code pools} entry
     * @param prefixType the subnet's {@code subnet}
     * @param rangeType  a pool's {@code pool}
     * @param optionKey  what makes a subnet's option override one of its shared network
     * @param <X>        the daemon's prefix
     * @param <R>        the daemon's address range
     * @param <O>        the daemon's option
     */
    public record Layout<X extends Prefix<?>, R extends AddressRange<?, R>, O extends WireOption>(
            KeaKeys keys, KeaKeys poolKeys, ValueType<X> prefixType, ValueType<R> rangeType,
            Function<ConfiguredOption<O>, Object> optionKey) {
    }

    /**
     * What every subnet entry has.
     *
     * @param explicitId its {@code id} when written and not 0
     * @param prefix     its {@code subnet}; empty when it has errors
     * @param settings   the parameters in force in the subnet
     * @param options    its {@code option-data}, then those of its shared network that it does not override
     * @param pools      its {@code pools}
     */
    public record Common<X extends Prefix<?>, R extends AddressRange<?, R>, S, O extends WireOption>(
            OptionalLong explicitId, Optional<X> prefix, S settings, List<ConfiguredOption<O>> options,
            Pools<AddressPool<R, O>> pools) {
    }

    private static final long SUBNET_ID_MAX = 0xfffffffeL;

    private Subnets() {
    }

    /**
     * Checks a shared network's {@code name}: not empty, and not the name of an earlier network.
     *
     * @param names the networks seen so far, by name; this one is added
     */
    public static Optional<String> sharedNetworkName(ConfigNode network, Map<String, ConfigNode> names) {
        Optional<String> name = network.string("name");
        name.ifPresent(text -> {
            ConfigNode first = names.putIfAbsent(text, network);
            if (text.isEmpty()) {
                network.error("name", "expected a non-empty name");
            } else if (first != null) {
                network.error("name", "shared network " + ConfigNode.quote(text) + " is already defined at "
                        + first.pointer());
            }
        });
        return name;
    }

    /**
     * Reads what every subnet entry has, in this order: its keys, {@code id}, {@code subnet}, the
     * parameters it inherits, {@code option-data} and {@code pools}.
     *
     * @param settings       reads the subnet's parameters, merged with those it inherits
     * @param networkOptions the options of its shared network (none for a top-level subnet)
     */
    public static <X extends Prefix<?>, R extends AddressRange<?, R>, S, O extends WireOption> Common<X, R, S, O>
            readCommon(ConfigNode subnet, Layout<X, R, O> layout, OptionDataCompiler<O> options,
            Function<ConfigNode, S> settings, List<ConfiguredOption<O>> networkOptions) {
        subnet.finish(layout.keys());
        OptionalLong id = subnet.optionalInteger("id", 0, SUBNET_ID_MAX);
        OptionalLong explicitId = id.isPresent() && id.getAsLong() != 0 ? id : OptionalLong.empty();
        Optional<X> prefix = subnet.value("subnet", layout.prefixType());
        S subnetSettings = settings.apply(subnet);
        List<ConfiguredOption<O>> subnetOptions = withInherited(options.compile(subnet.objects("option-data")),
                networkOptions, layout.optionKey());
        Pools<AddressPool<R, O>> pools = readPools(subnet, layout.poolKeys(), layout.rangeType(), options);
        return new Common<>(explicitId, prefix, subnetSettings, subnetOptions, pools);
    }

    /**
     * The subnets' ids, in the drafts' order. As in Kea 2.2, a subnet without {@code id} gets
     * the next number of a counter starting at 1, subnets of shared networks first; Tandem skips
     * the numbers other subnets claim explicitly (Kea 2.2 would reject those configurations as
     * duplicates), so every configuration Kea accepts numbers its subnets as Kea does.
     */
    public static List<Long> ids(List<? extends Draft> drafts) {
        Set<Long> explicit = new HashSet<>();
        drafts.forEach(draft -> draft.explicitId().ifPresent(explicit::add));
        Map<Long, ConfigNode> used = new HashMap<>();
        List<Long> ids = new ArrayList<>(drafts.size());
        long next = 1;
        for (Draft draft : drafts) {
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

    /** Reports subnets that overlap: prefixes either nest or are apart, so one sweep in address order finds them. */
    public static void checkOverlaps(List<? extends Draft> drafts) {
        List<Draft> sorted = new ArrayList<>(drafts);
        sorted.sort(Comparator.<Draft, InetAddress>comparing(draft -> draft.prefix().network(), Subnets::compare)
                .thenComparingInt(draft -> draft.prefix().length()));
        Draft widest = null;
        for (Draft draft : sorted) {
            if (widest != null && compare(draft.prefix().network(), widest.prefix().lastAddress()) <= 0) {
                draft.node().error("subnet", "the subnet " + draft.prefix() + " overlaps the subnet "
                        + widest.prefix() + " at " + widest.node().pointer());
            }
            if (widest == null || compare(draft.prefix().lastAddress(), widest.prefix().lastAddress()) > 0) {
                widest = draft;
            }
        }
    }

    /** Addresses of one family in numeric order. */
    private static int compare(InetAddress a, InetAddress b) {
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }

    /** A subnet's pools that read without error, and their entries, in the same order. */
    public record Pools<P>(List<P> pools, List<ConfigNode> nodes) {
        public Pools {
            pools = List.copyOf(pools);
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * Reads a subnet's {@code pools}: each entry's {@code pool} range and {@code option-data}.
     */
    private static <R extends AddressRange<?, R>, O extends WireOption> Pools<AddressPool<R, O>> readPools(
            ConfigNode subnet, KeaKeys keys, ValueType<R> rangeType, OptionDataCompiler<O> options) {
        List<AddressPool<R, O>> pools = new ArrayList<>();
        List<ConfigNode> nodes = new ArrayList<>();
        for (ConfigNode node : subnet.objects("pools")) {
            node.finish(keys);
            Optional<R> range = node.value("pool", rangeType);
            List<ConfiguredOption<O>> poolOptions = options.compile(node.objects("option-data"));
            range.ifPresent(value -> {
                pools.add(new AddressPool<>(value, poolOptions));
                nodes.add(node);
            });
        }
        return new Pools<>(pools, nodes);
    }

    /**
     * Checks a subnet's pools: each inside the subnet and apart from the pools before it, then
     * what {@code more} checks of it (nothing, for {@code (node, range) -> { }}).
     */
    public static <A extends InetAddress, R extends AddressRange<A, R>> void checkPools(
            Prefix<A> subnet, Pools<? extends AddressPool<R, ?>> pools, BiConsumer<ConfigNode, R> more) {
        List<R> ranges = pools.pools().stream().map(AddressPool::range).toList();
        List<ConfigNode> nodes = pools.nodes();
        for (int i = 0; i < ranges.size(); i++) {
            R range = ranges.get(i);
            ConfigNode node = nodes.get(i);
            if (!subnet.contains(range.first()) || !subnet.contains(range.last())) {
                node.error("pool", "the pool " + range + " is not inside the subnet " + subnet);
            }
            for (int j = 0; j < i; j++) {
                if (range.overlaps(ranges.get(j))) {
                    node.error("pool", "the pool " + range + " overlaps the pool at " + nodes.get(j).pointer());
                }
            }
            more.accept(node, range);
        }
    }

    /**
     * A subnet's options followed by those of its shared network that it does not override, an
     * option being overridden by one with the same {@code key} (Kea looks an option up in the
     * subnet first, then in the network).
     */
    private static <O> List<O> withInherited(List<O> own, List<O> inherited, Function<O, Object> key) {
        if (inherited.isEmpty()) {
            return own;
        }
        Set<Object> overridden = new HashSet<>();
        own.forEach(option -> overridden.add(key.apply(option)));
        List<O> merged = new ArrayList<>(own);
        for (O option : inherited) {
            if (!overridden.contains(key.apply(option))) {
                merged.add(option);
            }
        }
        return merged;
    }
}
