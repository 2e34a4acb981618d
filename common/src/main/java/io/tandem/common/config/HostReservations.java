package io.tandem.common.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One daemon's host reservations, from the configuration's levels and from its
 * {@code reservations-file}: each compiled by what the daemon reads of it, the file's entries put
 * with their subnets, and each level's reservations checked together (each identifier reserved
 * once, then the daemon's checks of the addresses).
 *
 * @param <R> the daemon's reservation
 * @param <X> the daemon's subnet prefix
 */
public final class HostReservations<R extends HostReservations.Reservation, X extends Prefix<?>> {
    /** A reservation of a daemon, which it matches by its identifier. */
    public interface Reservation {
        HostIdentifier identifier();
    }

    /** A compiled reservation and where it was written. */
    public record Placed<R extends Reservation>(ConfigNode node, R reservation) {
    }

    /** What a daemon reads of its reservations and checks of them. */
    public interface Compiler<R extends Reservation, X> {
        /** Reads the daemon's keys of a reservation, and gives the reservation of an identifier. */
        Function<HostIdentifier, R> body(ConfigNode reservation);

        /**
         * A new check of one level's reserved addresses, which sees the level's reservations in
         * order, each after its identifier.
         *
         * @param subnet the subnet they belong to; empty for the top level
         */
        BiConsumer<ConfigNode, R> addressCheck(Optional<X> subnet);
    }

    /**
     * The top level's reservations, checked: its {@code reservations}, then the
     * {@code reservations-file} entries that name no subnet.
     *
     * @param fileBySubnet the file's other entries, by subnet id
     * @param file         the {@code reservations-file}, resolved against the configuration's directory
     */
    public record TopLevel<R extends Reservation>(List<R> reservations, Map<Long, List<Placed<R>>> fileBySubnet,
                                                  Optional<Path> file) {
    }

    private record FileEntry<R extends Reservation>(Placed<R> placed, OptionalLong subnetId) {
    }

    private final ConfigFamily family;
    private final Compiler<R, X> compiler;

    public HostReservations(ConfigFamily family, Compiler<R, X> compiler) {
        this.family = family;
        this.compiler = compiler;
    }

    /** Checks one level's reservations together: each identifier reserved once, then the daemon's addresses check. */
    private void check(List<Placed<R>> reservations, Optional<X> subnet) {
        BiConsumer<ConfigNode, R> checkAddresses = compiler.addressCheck(subnet);
        Map<HostIdentifier, ConfigNode> identifiers = new HashMap<>();
        for (Placed<R> placed : reservations) {
            ConfigNode node = placed.node();
            HostIdentifier identifier = placed.reservation().identifier();
            ConfigNode first = identifiers.putIfAbsent(identifier, node);
            if (first != null) {
                node.error(identifier.type().keaName(), "the same " + identifier.type().keaName()
                        + " is already reserved at " + first.pointer());
            }
            checkAddresses.accept(node, placed.reservation());
        }
    }

    /** A level's {@code reservations}: those that compile. */
    public List<Placed<R>> compile(List<ConfigNode> nodes) {
        List<Placed<R>> reservations = new ArrayList<>();
        for (ConfigNode node : nodes) {
            compile(node, family.reservationKeys())
                    .ifPresent(reservation -> reservations.add(new Placed<>(node, reservation)));
        }
        return reservations;
    }

    /** One reservation; empty when it has errors (reported). */
    private Optional<R> compile(ConfigNode node, KeaKeys entryKeys) {
        node.finish(entryKeys);
        Function<HostIdentifier, R> reservation = compiler.body(node);
        return family.hostIdentifiers().ofReservation(node).map(reservation);
    }

    /**
     * Compiles the top level's {@code reservations} and reads its {@code reservations-file},
     * putting each of the file's reservations with its subnet, or with the top level when it
     * names none.
     *
     * @param subnetIds the ids of the configuration's subnets
     */
    public TopLevel<R> topLevel(ConfigNode root, Path baseDirectory, Set<Long> subnetIds) {
        List<Placed<R>> global = compile(root.objects("reservations"));
        Optional<String> name = root.optionalString("reservations-file").filter(text -> !text.isEmpty());
        Optional<Path> file = name.map(baseDirectory::resolve);
        Map<Long, List<Placed<R>>> bySubnet = new HashMap<>();
        if (file.isPresent()) {
            List<FileEntry<R>> entries = ReservationsFile.read(root.at("reservations-file"), file.get(), name.get(),
                    family.reservationsFile(), entry -> compile(entry.node(), family.fileReservationKeys())
                            .map(reservation -> new FileEntry<>(new Placed<>(entry.node(), reservation),
                                    entry.subnetId())));
            for (FileEntry<R> entry : entries) {
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
        check(global, Optional.empty());
        return new TopLevel<>(global.stream().map(Placed::reservation).toList(), bySubnet, file);
    }

    /** A subnet's reservations: its own {@code reservations}, then the file's for it, checked together. */
    public List<R> ofSubnet(long id, X prefix, List<Placed<R>> own, TopLevel<R> topLevel) {
        List<Placed<R>> reservations = new ArrayList<>(own);
        reservations.addAll(topLevel.fileBySubnet().getOrDefault(id, List.of()));
        check(reservations, Optional.of(prefix));
        return reservations.stream().map(Placed::reservation).toList();
    }
}
