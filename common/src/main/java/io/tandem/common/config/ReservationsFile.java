package io.tandem.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Tandem's {@code reservations-file}, for both daemons: reservations kept outside the
 * configuration, as another system exports them, read each time the configuration is.
 * <ul>
 * <li>{@code .json}: an array of objects in the shape of Kea's {@code reservations} entries,
 *     optionally with {@code subnet-id}; problems are located as {@code hosts.json#/2/duid}.
 * <li>{@code .csv}: RFC 4180 with a header line naming the columns: the reservation keys of the
 *     daemon, {@code subnet-id}, and option names whose cells hold the option's data as in
 *     {@code option-data}. Several values in a list column are separated by spaces or
 *     semicolons. An empty cell is "not set". Problems are located as {@code hosts.csv:12}.
 * </ul>
 * An entry without {@code subnet-id} is a global reservation. This class reads and checks the
 * file; each daemon compiles the entries as it compiles its own {@code reservations}.
 */
public final class ReservationsFile {
    /**
     * What differs between the daemons' files.
     *
     * @param keys          the reservation keys a file entry may have (including {@code subnet-id}
     *                      and {@code option-data})
     * @param listColumns   CSV columns that hold several values ({@code ip-addresses})
     * @param knowsOption   whether a column name is an option of the daemon's space
     * @param optionExample how an error names such a column, e.g. "a DHCPv6 option name such as bootfile-url"
     */
    public record Family(Set<String> keys, Set<String> listColumns, Predicate<String> knowsOption,
                         String optionExample) {
    }

    /** One entry of the file, ready to compile, and the subnet it names. */
    public record Entry(ConfigNode node, OptionalLong subnetId) {
    }

    private static final long SUBNET_ID_MAX = 0xfffffffeL;

    private ReservationsFile() {
    }

    /**
     * The entries of {@code file}, each compiled by {@code compile} as it is read (so that
     * problems come in file order); problems go to the configuration's problems.
     *
     * @param key  the {@code reservations-file} key, where problems reading the file are reported
     * @param name the file as the configuration names it, used in locations
     */
    public static <T> List<T> read(ConfigNode key, Path file, String name, Family family,
            Function<Entry, Optional<T>> compile) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            key.error(FileReadError.text(file, e));
            return List.of();
        }
        String lowerName = name.toLowerCase(Locale.ROOT);
        if (lowerName.endsWith(".json")) {
            return json(key, text, name, compile);
        }
        if (lowerName.endsWith(".csv")) {
            return csv(key, text, name, family, compile);
        }
        key.error("expected a file name ending in .json or .csv, got " + ConfigNode.quote(name));
        return List.of();
    }

    private static <T> List<T> json(ConfigNode key, String text, String name, Function<Entry, Optional<T>> compile) {
        JsonNode tree;
        try {
            tree = ConfigJson.read(text, name);
        } catch (ConfigException e) {
            for (ConfigProblem problem : e.errors()) {
                key.problems().error(problem.location(), problem.message());
            }
            return List.of();
        }
        ConfigNode root = ConfigNode.root(tree, name + "#", key.problems());
        List<T> entries = new ArrayList<>();
        for (ConfigNode element : root.elements()) {
            if (!element.isObject()) {
                element.error("expected an object, got " + ConfigNode.describe(element.json()));
                continue;
            }
            compile.apply(entry(element)).ifPresent(entries::add);
        }
        return entries;
    }

    private static Entry entry(ConfigNode node) {
        return new Entry(node, node.optionalInteger("subnet-id", 1, SUBNET_ID_MAX));
    }

    private static <T> List<T> csv(ConfigNode key, String text, String name, Family family,
            Function<Entry, Optional<T>> compile) {
        List<CsvReader.Row> rows;
        try {
            rows = CsvReader.read(text);
        } catch (IllegalArgumentException e) {
            key.problems().error(name, e.getMessage());
            return List.of();
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        CsvReader.Row header = rows.get(0);
        if (!headerIsValid(key, name, header, family)) {
            return List.of();
        }
        List<T> entries = new ArrayList<>();
        for (CsvReader.Row row : rows.subList(1, rows.size())) {
            String location = name + ":" + row.line();
            if (row.fields().size() > header.fields().size()) {
                key.problems().error(location, row.fields().size() + " fields, but the header names "
                        + header.fields().size() + " columns");
                continue;
            }
            ObjectNode object = rowObject(header.fields(), row.fields(), family);
            compile.apply(entry(ConfigNode.root(object, location, key.problems()))).ifPresent(entries::add);
        }
        return entries;
    }

    private static boolean headerIsValid(ConfigNode key, String name, CsvReader.Row header, Family family) {
        Set<String> columns = new HashSet<>();
        Set<String> keys = new TreeSet<>(family.keys());
        keys.remove("option-data");
        boolean valid = true;
        for (String column : header.fields()) {
            if (!columns.add(column)) {
                key.problems().error(name + ":" + header.line(), "column " + ConfigNode.quote(column) + " appears twice");
                valid = false;
            } else if (!keys.contains(column) && !family.knowsOption().test(column)) {
                key.problems().error(name + ":" + header.line(), "unknown column " + ConfigNode.quote(column)
                        + "; expected " + String.join(", ", keys) + " or " + family.optionExample());
                valid = false;
            }
        }
        return valid;
    }

    /** A CSV row in the JSON shape of a reservation, so that both formats compile the same way. */
    private static ObjectNode rowObject(List<String> columns, List<String> cells, Family family) {
        JsonNodeFactory factory = JsonNodeFactory.instance;
        ObjectNode object = factory.objectNode();
        ArrayNode options = factory.arrayNode();
        for (int i = 0; i < cells.size(); i++) {
            String column = columns.get(i);
            String cell = cells.get(i);
            if (cell.isBlank()) {
                continue;
            }
            if (family.listColumns().contains(column)) {
                ArrayNode values = object.putArray(column);
                for (String value : cell.strip().split("[\\s;]+")) {
                    values.add(value);
                }
            } else if (column.equals("subnet-id")) {
                if (cell.strip().matches("\\d{1,18}")) {
                    object.put(column, Long.parseLong(cell.strip()));
                } else {
                    object.put(column, cell);
                }
            } else if (family.keys().contains(column)) {
                object.put(column, cell);
            } else {
                options.addObject().put("name", column).put("data", cell);
            }
        }
        if (!options.isEmpty()) {
            object.set("option-data", options);
        }
        return object;
    }
}
