package io.tandem.dhcp4o6d.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigJson;
import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfigProblem;
import io.tandem.common.config.CsvReader;
import io.tandem.common.config.OptionDataCompiler4;
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

/**
 * Tandem's {@code reservations-file} for dhcp4o6d: DHCPv4 reservations kept outside the
 * configuration, as another system exports them, read each time the configuration is.
 *
 * <ul>
 * <li>{@code *.json}: an array of objects in the shape of {@code reservations} entries, each
 *     optionally with {@code subnet-id}; problems are located as {@code hosts.json#/2/hw-address}.
 * <li>{@code *.csv}: a header row naming the columns, then one reservation per row. Columns are
 *     the reservation keys ({@code hw-address}, {@code client-id}, {@code ip-address},
 *     {@code hostname}, {@code next-server}, {@code server-hostname}, {@code boot-file-name}),
 *     {@code subnet-id}, and DHCPv4 option names whose cells hold the option's data as in
 *     {@code option-data} (for example a {@code domain-name-servers} column). An empty cell is
 *     "not set". Problems are located as {@code hosts.csv:12}.
 * </ul>
 * An entry without {@code subnet-id} is a global reservation.
 */
final class ReservationsFile4 {
    /** A reservation read from the file, and the subnet it names. */
    record Entry(ReservationCompiler4.Placed placed, OptionalLong subnetId) {
    }

    private static final long SUBNET_ID_MAX = 0xfffffffeL;

    private ReservationsFile4() {
    }

    /**
     * The reservations of {@code file}; problems go to the configuration's problems.
     *
     * @param key  the {@code reservations-file} key, where problems reading the file are reported
     * @param name the file as the configuration names it, used in locations
     */
    static List<Entry> load(ConfigNode key, Path file, String name, ReservationCompiler4 compiler) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            key.error("cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : " " + e.getMessage()));
            return List.of();
        }
        String lowerName = name.toLowerCase(Locale.ROOT);
        if (lowerName.endsWith(".json")) {
            return json(key, text, name, compiler);
        }
        if (lowerName.endsWith(".csv")) {
            return csv(key, text, name, compiler);
        }
        key.error("expected a file name ending in .json or .csv, got " + ConfigNode.quote(name));
        return List.of();
    }

    private static List<Entry> json(ConfigNode key, String text, String name, ReservationCompiler4 compiler) {
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
        List<Entry> entries = new ArrayList<>();
        for (ConfigNode element : root.elements()) {
            if (!element.isObject()) {
                element.error("expected an object, got " + ConfigNode.describe(element.json()));
                continue;
            }
            entry(element, compiler).ifPresent(entries::add);
        }
        return entries;
    }

    private static Optional<Entry> entry(ConfigNode node, ReservationCompiler4 compiler) {
        OptionalLong subnetId = node.optionalInteger("subnet-id", 1, SUBNET_ID_MAX);
        return compiler.compile(node, KeaKeys4.FILE_RESERVATION)
                .map(reservation -> new Entry(new ReservationCompiler4.Placed(node, reservation), subnetId));
    }

    private static List<Entry> csv(ConfigNode key, String text, String name, ReservationCompiler4 compiler) {
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
        if (!headerIsValid(key, name, header)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (CsvReader.Row row : rows.subList(1, rows.size())) {
            String location = name + ":" + row.line();
            if (row.fields().size() > header.fields().size()) {
                key.problems().error(location, row.fields().size() + " fields, but the header names "
                        + header.fields().size() + " columns");
                continue;
            }
            ObjectNode object = rowObject(header.fields(), row.fields());
            entry(ConfigNode.root(object, location, key.problems()), compiler).ifPresent(entries::add);
        }
        return entries;
    }

    private static boolean headerIsValid(ConfigNode key, String name, CsvReader.Row header) {
        Set<String> columns = new HashSet<>();
        Set<String> keys = new TreeSet<>(KeaKeys4.FILE_RESERVATION.implemented());
        keys.remove("option-data");
        boolean valid = true;
        for (String column : header.fields()) {
            if (!columns.add(column)) {
                key.problems().error(name + ":" + header.line(), "column " + ConfigNode.quote(column) + " appears twice");
                valid = false;
            } else if (!keys.contains(column) && !OptionDataCompiler4.knowsOption(column)) {
                key.problems().error(name + ":" + header.line(), "unknown column " + ConfigNode.quote(column)
                        + "; expected " + String.join(", ", keys) + " or a DHCPv4 option name such as routers");
                valid = false;
            }
        }
        return valid;
    }

    /** A CSV row in the JSON shape of a reservation, so that both formats compile the same way. */
    private static ObjectNode rowObject(List<String> columns, List<String> cells) {
        JsonNodeFactory factory = JsonNodeFactory.instance;
        ObjectNode object = factory.objectNode();
        ArrayNode options = factory.arrayNode();
        Set<String> keys = KeaKeys4.FILE_RESERVATION.implemented();
        for (int i = 0; i < cells.size(); i++) {
            String column = columns.get(i);
            String cell = cells.get(i);
            if (cell.isBlank()) {
                continue;
            }
            if (column.equals("subnet-id")) {
                if (cell.strip().matches("\\d{1,18}")) {
                    object.put(column, Long.parseLong(cell.strip()));
                } else {
                    object.put(column, cell);
                }
            } else if (keys.contains(column)) {
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
