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
 * What the daemons' reservation compilers share: a level's reservations checked together
 * (each identifier reserved once), and the {@code reservations-file} entries put with their
 * subnets.
 */
public final class HostReservations {
    /** A reservation of a daemon, which it matches by its identifier. */
    public interface Reservation {
        HostIdentifier identifier();
    }

    /** A compiled reservation and where it was written. */
    public record Placed<R extends Reservation>(ConfigNode node, R reservation) {
    }

    private record FileEntry<R extends Reservation>(Placed<R> placed, OptionalLong subnetId) {
    }

    private HostReservations() {
    }

    /**
     * Checks the reservations of one level together: each identifier once, then what
     * {@code checkAddresses} checks of the reservation's addresses (it sees the reservations in order).
     */
    public static <R extends Reservation> void check(List<Placed<R>> reservations,
                                                     BiConsumer<ConfigNode, R> checkAddresses) {
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

    /**
     * One reservation: {@code body} reads the daemon's keys of it and gives the reservation of an
     * identifier; empty when it has errors (reported) or is keyed only by one of Kea's identifiers
     * that the daemon does not implement (whose warning already names it).
     */
    public static <R extends Reservation> Optional<R> compile(ConfigNode node, KeaKeys keys,
            ConfigFamily family, Function<ConfigNode, Function<HostIdentifier, R>> body) {
        node.finish(keys);
        Function<HostIdentifier, R> reservation = body.apply(node);
        return family.hostIdentifiers().ofReservation(node).map(reservation);
    }

    /** A level's {@code reservations}, each compiled by {@code compile}. */
    public static <R extends Reservation> List<Placed<R>> compileAll(List<ConfigNode> nodes,
                                                                     Function<ConfigNode, Optional<R>> compile) {
        List<Placed<R>> reservations = new ArrayList<>();
        for (ConfigNode node : nodes) {
            compile.apply(node).ifPresent(reservation -> reservations.add(new Placed<>(node, reservation)));
        }
        return reservations;
    }

    /**
     * Reads the {@code reservations-file} and puts each reservation with its subnet, or with
     * {@code global} when it names none.
     *
     * @param key       the {@code reservations-file} key
     * @param name      the file as the configuration names it
     * @param subnetIds the ids of the configuration's subnets
     * @return the file's reservations of each subnet, by subnet id
     */
    public static <R extends Reservation> Map<Long, List<Placed<R>>> readFile(
            ConfigNode key, Path file, String name, ConfigFamily family, Set<Long> subnetIds,
            Function<ConfigNode, Optional<R>> compile, List<Placed<R>> global) {
        List<FileEntry<R>> entries = ReservationsFile.read(key, file, name, family.reservationsFile(),
                entry -> compile.apply(entry.node())
                        .map(reservation -> new FileEntry<>(new Placed<>(entry.node(), reservation), entry.subnetId())));
        Map<Long, List<Placed<R>>> bySubnet = new HashMap<>();
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
        return bySubnet;
    }
}
