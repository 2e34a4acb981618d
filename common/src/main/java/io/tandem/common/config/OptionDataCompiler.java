package io.tandem.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.OptionDefinition;
import io.tandem.common.wire.OptionSpace;
import io.tandem.common.wire.WireOption;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.Option6;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles one level's list of Kea {@code option-data} entries into DHCPv4 or DHCPv6 options.
 *
 * <p>An entry names its option by {@code name} or {@code code} (or both, which must agree) in
 * {@code space} (default {@code dhcp4} or {@code dhcp6}). With {@code csv-format} true (the
 * default) the {@code data} is Kea's text form for that option, as the option's row in
 * {@code Dhcp4Options} or {@code Dhcp6Options} types it; with {@code csv-format} false, or for a
 * code no row defines, it is hex bytes (or {@code 'text'} in single quotes). The bytes then go
 * through the family's codec, so an option that Tandem decodes is checked as the codec checks a
 * received one, and comes out as that record. Options in a sub-option space are placed inside
 * the option of the same level that carries that space, as Kea does: in DHCPv6, vendor-opts for
 * {@code vendor-<enterprise>}, ntp-server for {@code v6-ntp-server-suboptions}, Kea's {@code s46-*}
 * options; in DHCPv4, {@code vivso-suboptions} (125, RFC 3925 §4) for {@code vendor-<enterprise>}
 * and option 43 for {@code vendor-encapsulated-options-space}. The carrier is created when the
 * level has none. Every problem is reported at the pointer of the key at fault, usually
 * {@code data}.
 *
 * @param <O> the family's option type ({@code Option6} or {@code Option4})
 */
public final class OptionDataCompiler<O extends WireOption> {
    private static final List<String> IMPLEMENTED =
            List.of("name", "code", "space", "data", "csv-format", "always-send", "never-send");
    private static final List<String> KEA_KEYS_NOT_IMPLEMENTED = List.of("user-context", "comment");
    static final String VENDOR_PREFIX = "vendor-";
    private static final Pattern VENDOR_SPACE = Pattern.compile("vendor-(\\d{1,10})");
    private static final int MAX_BODY = 0xffff;

    /**
     * An option declared by Kea's {@code option-def}, which Tandem does not implement: an
     * {@code option-data} entry for it is skipped with a warning instead of failing.
     */
    public record KeaCustomOption(String space, Optional<String> name, Optional<Integer> code) {
        boolean matches(String otherSpace, Optional<String> otherName, OptionalLong otherCode) {
            return space.equals(otherSpace)
                    && (name.isPresent() && name.equals(otherName)
                        || code.isPresent() && otherCode.isPresent() && code.get() == otherCode.getAsLong());
        }
    }

    private record Entry(ConfigNode node, String space, int code, String name, Optional<OptionDefinition> definition,
                         byte[] data, boolean alwaysSend, boolean neverSend) {
    }

    private final OptionDataFamily<O> family;
    private final List<KeaCustomOption> customOptions;

    private OptionDataCompiler(OptionDataFamily<O> family, JsonNode optionDef) {
        this.family = family;
        this.customOptions = customOptions(optionDef, family.top().name());
    }

    /**
     * The compiler of a {@code Dhcp6} configuration whose {@code option-def} is {@code optionDef}
     * (null when there is none).
     */
    public static OptionDataCompiler<Option6> dhcp6(JsonNode optionDef) {
        return new OptionDataCompiler<>(new OptionDataFamily6(), optionDef);
    }

    /** The compiler of a {@code Dhcp4} configuration, as {@link #dhcp6}. */
    public static OptionDataCompiler<Option4> dhcp4(JsonNode optionDef) {
        return new OptionDataCompiler<>(new OptionDataFamily4(), optionDef);
    }

    /**
     * The options declared by an {@code option-def} list (space {@code defaultSpace} unless an
     * entry says otherwise), read leniently: Tandem does not implement {@code option-def}.
     */
    private static List<KeaCustomOption> customOptions(JsonNode optionDef, String defaultSpace) {
        List<KeaCustomOption> options = new ArrayList<>();
        if (optionDef == null || !optionDef.isArray()) {
            return options;
        }
        for (JsonNode definition : optionDef) {
            JsonNode name = definition.path("name");
            JsonNode code = definition.path("code");
            JsonNode space = definition.path("space");
            options.add(new KeaCustomOption(space.isTextual() ? space.textValue() : defaultSpace,
                    name.isTextual() ? Optional.of(name.textValue()) : Optional.empty(),
                    code.canConvertToInt() ? Optional.of(code.intValue()) : Optional.empty()));
        }
        return List.copyOf(options);
    }

    /** The enterprise number of a {@code vendor-<enterprise>} space. */
    static Optional<Long> vendorEnterprise(String space) {
        Matcher matcher = VENDOR_SPACE.matcher(space);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long enterprise = Long.parseLong(matcher.group(1));
        return enterprise <= 0xffffffffL ? Optional.of(enterprise) : Optional.empty();
    }

    /** The enterprise number at the start of a vendor option's data. */
    static long enterprise(byte[] data) {
        return (data[0] & 0xffL) << 24 | (data[1] & 0xff) << 16 | (data[2] & 0xff) << 8 | data[3] & 0xff;
    }

    private Optional<OptionSpace> space(String name) {
        return family.spaces().stream().filter(space -> space.name().equals(name)).findFirst();
    }

    /** The options of one level, in configured order; entries with errors are reported and left out. */
    public List<ConfiguredOption<O>> compile(List<ConfigNode> optionData) {
        List<Entry> entries = optionData.stream().map(this::parse).flatMap(Optional::stream).toList();
        String top = family.top().name();
        Set<Entry> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ConfiguredOption<O>> options = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.space.equals(top)) {
                byte[] body = body(entry.node, entry.space, entry.code, entry.data, innerSpace(entry), entries, placed);
                if (body != null) {
                    build(entry.code, entry.name, body, entry.node, entry.alwaysSend, entry.neverSend)
                            .ifPresent(options::add);
                }
            }
        }
        Map<String, List<Entry>> unplaced = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (!entry.space.equals(top) && !placed.contains(entry)) {
                unplaced.computeIfAbsent(entry.space, space -> new ArrayList<>()).add(entry);
            }
        }
        unplaced.forEach((space, children) -> carrierFor(space, children, entries).ifPresent(options::add));
        return options;
    }

    /** The option made for sub-options that no configured option carries. */
    private Optional<ConfiguredOption<O>> carrierFor(String space, List<Entry> children, List<Entry> all) {
        Optional<OptionDataFamily.Carrier> carrier = family.carrier(space, vendorEnterprise(space));
        if (carrier.isEmpty()) {
            for (Entry child : children) {
                child.node.warning("space", "no option carrying space " + space
                        + " is configured at this level, so this option is never sent (as in Kea)");
            }
            return Optional.empty();
        }
        ConfigNode node = children.get(0).node;
        byte[] body = body(node, family.top().name(), carrier.get().code(), carrier.get().data(), Optional.of(space),
                all, Collections.newSetFromMap(new IdentityHashMap<>()));
        boolean alwaysSend = children.stream().anyMatch(Entry::alwaysSend);
        return body == null ? Optional.empty() : build(carrier.get().code(), carrier.get().name(), body, node,
                alwaysSend, false);
    }

    /**
     * The body of an option: its data, then the options of {@code all} in the space it carries;
     * null when one of them does not fit (reported).
     */
    private byte[] body(ConfigNode node, String space, int code, byte[] data, Optional<String> inner, List<Entry> all,
                        Set<Entry> placed) {
        if (inner.isEmpty()) {
            return data;
        }
        WireWriter subOptions = new WireWriter();
        for (Entry child : all) {
            if (child.space.equals(inner.get())) {
                placed.add(child);
                byte[] childBody = body(child.node, child.space, child.code, child.data, innerSpace(child), all,
                        placed);
                if (childBody == null || !family.appendSubOption(subOptions, child.node, child.code, childBody)) {
                    return null;
                }
            }
        }
        byte[] children = space.equals(family.top().name())
                ? family.subOptionData(code, node, subOptions.toByteArray())
                : subOptions.toByteArray();
        return children == null ? null : new WireWriter().bytes(data).bytes(children).toByteArray();
    }

    private Optional<String> innerSpace(Entry entry) {
        if (entry.space.equals(family.top().name())) {
            Optional<Long> enterprise = family.carriedEnterprise(entry.code, entry.data);
            if (enterprise.isPresent()) {
                return Optional.of(VENDOR_PREFIX + enterprise.get());
            }
        }
        return entry.definition.flatMap(OptionDefinition::encapsulates);
    }

    private Optional<ConfiguredOption<O>> build(int code, String name, byte[] body, ConfigNode node, boolean alwaysSend,
                              boolean neverSend) {
        String key = node.has("data") ? "data" : null;
        if (neverSend && key == null) {
            return Optional.of(family.neverSent(code));
        }
        if (body.length > MAX_BODY) {
            report(node, key, family.tooLong(body.length));
            return Optional.empty();
        }
        try {
            return Optional.of(family.decode(code, body, alwaysSend, neverSend));
        } catch (DecodeException e) {
            report(node, key, "does not make a valid " + name + " option: "
                    + e.getMessage().replaceAll(" ?\\(?at offset \\d+\\)?", ""));
            return Optional.empty();
        }
    }

    static void report(ConfigNode node, String key, String message) {
        if (key == null) {
            node.error(message);
        } else {
            node.error(key, message);
        }
    }

    private Optional<Entry> parse(ConfigNode node) {
        Optional<String> name = node.optionalString("name");
        OptionalLong code = node.optionalInteger("code", 1, family.maxCode());
        String space = node.string("space", family.top().name());
        Optional<String> data = node.optionalString("data");
        Optional<Boolean> csvFormat = node.optionalBool("csv-format");
        boolean alwaysSend = node.bool("always-send", false);
        boolean neverSend = node.bool("never-send", false);
        node.finish(IMPLEMENTED, KEA_KEYS_NOT_IMPLEMENTED);
        if (node.has("name") && name.isEmpty() || node.has("code") && code.isEmpty()
                || node.has("data") && data.isEmpty()) {
            return Optional.empty();
        }
        if (name.isEmpty() && code.isEmpty()) {
            node.error("needs a name or a code");
            return Optional.empty();
        }
        Optional<OptionSpace> table = space(space);
        if (table.isEmpty() && vendorEnterprise(space).isEmpty()) {
            if (!skippedAsCustom(node, space, name, code)) {
                node.error("space", "unknown option space " + ConfigNode.quote(space) + "; expected "
                        + family.expectedSpaces());
            }
            return Optional.empty();
        }
        Optional<OptionDefinition> definition = name.isPresent()
                ? table.flatMap(t -> t.byName(name.get()))
                : table.flatMap(t -> t.byCode((int) code.getAsLong()));
        if (definition.isEmpty() && skippedAsCustom(node, space, name, code)) {
            return Optional.empty();
        }
        if (name.isPresent() && definition.isEmpty()) {
            node.error("name", "unknown option " + ConfigNode.quote(name.get()) + " in space " + space
                    + ConfigNode.didYouMean(name.get(), table.map(OptionSpace::names).orElse(List.of())));
            return Optional.empty();
        }
        if (definition.isPresent() && code.isPresent() && definition.get().code() != code.getAsLong()) {
            node.error("code", "option " + definition.get().name() + " has code " + definition.get().code()
                    + ", not " + code.getAsLong());
            return Optional.empty();
        }
        int optionCode = definition.map(OptionDefinition::code).orElseGet(() -> (int) code.getAsLong());
        String optionName = definition.map(OptionDefinition::name).orElse("option " + optionCode);
        if (definition.isEmpty() && csvFormat.orElse(false)) {
            node.error("csv-format", family.nobodyDefines() + " " + optionCode + " in space " + space + ", so its data must be hex: set csv-format to false or leave it out");
            return Optional.empty();
        }
        if (neverSend && data.isEmpty()) {
            return Optional.of(new Entry(node, space, optionCode, optionName, definition, new byte[0], false, true));
        }
        Optional<byte[]> bytes = definition.isPresent() && csvFormat.orElse(true)
                ? csv(node, definition.get(), data)
                : hex(node, data.orElse(""));
        if (bytes.isPresent() && space.equals(family.top().name()) && family.top().isServerOwned(optionCode)) {
            // Kea 2.2 accepts these; dropped here, so never sent: a warning, not an error.
            node.warning(name.isPresent() ? "name" : "code", optionName + " (code " + optionCode
                    + ") is built by the server for each message; this option-data is never sent, ignored"
                    + family.setInstead(optionCode));
            return Optional.empty();
        }
        return bytes.map(body -> new Entry(node, space, optionCode, optionName, definition, body, alwaysSend,
                neverSend));
    }

    private boolean skippedAsCustom(ConfigNode node, String space, Optional<String> name, OptionalLong code) {
        if (customOptions.stream().noneMatch(custom -> custom.matches(space, name, code))) {
            return false;
        }
        node.warning("option " + name.map(ConfigNode::quote).orElse(String.valueOf(code.orElse(0)))
                + " in space " + space + " is defined by Kea's option-def, which Tandem does not implement; ignored");
        return true;
    }

    private static Optional<byte[]> csv(ConfigNode node, OptionDefinition definition, Optional<String> data) {
        String text = data.orElse("");
        try {
            return Optional.of(KeaCsv.encode(definition, text, message -> node.warning("data", message)));
        } catch (IllegalArgumentException e) {
            node.error("data", (data.isPresent() ? "" : "missing; ") + "expected " + KeaCsv.expectation(definition)
                    + (data.isPresent() ? ", got " + ConfigNode.quote(text) + ": " + e.getMessage() : ""));
            return Optional.empty();
        }
    }

    private static Optional<byte[]> hex(ConfigNode node, String text) {
        try {
            byte[] bytes = HexText.decodeQuotedOrHex(text).toArray();
            HexText.warnIfOddDigitCount(node, "data", text);
            return Optional.of(bytes);
        } catch (IllegalArgumentException e) {
            node.error("data", "expected hex bytes like 0a0b0c, 0a:0b:0c or 0x0a0b0c (or 'text' in single quotes), got "
                    + ConfigNode.quote(text) + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
