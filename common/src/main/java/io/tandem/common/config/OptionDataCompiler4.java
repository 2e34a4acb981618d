package io.tandem.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.Option4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Compiles one level's list of Kea {@code option-data} entries into DHCPv4 options, the way
 * {@link OptionDataCompiler6} does for DHCPv6.
 *
 * <p>An entry names its option by {@code name} or {@code code} (or both, which must agree) in
 * {@code space} (default {@code dhcp4}). With {@code csv-format} true (the default) the
 * {@code data} is Kea's text form for that option (Kea 2.2's definitions, see
 * {@link OptionDataLayouts4}); with {@code csv-format} false, or for a code Kea does not define,
 * it is hex bytes (or {@code 'text'} in single quotes). The bytes then go through the DHCPv4 codec,
 * so an option that Tandem's registry {@link Dhcp4Options} types is checked as the codec checks a
 * received one, and comes out as that type. Sub-options in {@code vendor-<enterprise>} spaces are
 * placed in the {@code vivso-suboptions} option (125, RFC 3925 §4) of the same level for that
 * enterprise, those in {@code vendor-encapsulated-options-space} in option 43; the carrier is
 * created when the level has none. Every problem is reported at the pointer of the key at fault.
 */
public final class OptionDataCompiler4 {
    private static final List<String> IMPLEMENTED =
            List.of("name", "code", "space", "data", "csv-format", "always-send", "never-send");
    private static final List<String> KEA_KEYS_NOT_IMPLEMENTED = List.of("user-context", "comment");
    /** Options whose content the server decides for each message; configuring one would corrupt replies. */
    private static final Set<Integer> BUILT_BY_SERVER = Set.of(
            Dhcp4Options.REQUESTED_ADDRESS, Dhcp4Options.LEASE_TIME, Dhcp4Options.OPTION_OVERLOAD,
            Dhcp4Options.MESSAGE_TYPE, Dhcp4Options.PARAMETER_REQUEST_LIST, Dhcp4Options.MAX_MESSAGE_SIZE,
            Dhcp4Options.RENEWAL_TIME, Dhcp4Options.REBINDING_TIME, Dhcp4Options.CLIENT_IDENTIFIER,
            Dhcp4Options.RELAY_AGENT_INFORMATION);
    private static final Map<Integer, String> BUILT_FROM = Map.of(
            Dhcp4Options.LEASE_TIME, "; set valid-lifetime instead",
            Dhcp4Options.RENEWAL_TIME, "; set renew-timer instead",
            Dhcp4Options.REBINDING_TIME, "; set rebind-timer instead");
    private static final int VIVSO = Dhcp4Options.VIVSO_SUBOPTIONS;
    private static final int VENDOR_ENCAPSULATED = Dhcp4Options.VENDOR_ENCAPSULATED_OPTIONS;
    private static final int MAX_SUB_OPTION = 255;
    /** The longest option body the compiler builds: far beyond any real option, and bounded. */
    private static final int MAX_BODY = 0xffff;

    private record Entry(ConfigNode node, String space, int code, String name, Optional<OptionDataLayout> layout,
                         byte[] data, boolean alwaysSend, boolean neverSend) {
    }

    private final List<OptionDataCompiler6.KeaCustomOption> customOptions;

    /** @param customOptions the options Kea's {@code option-def} declares, see {@link #customOptions(JsonNode)} */
    public OptionDataCompiler4(List<OptionDataCompiler6.KeaCustomOption> customOptions) {
        this.customOptions = List.copyOf(customOptions);
    }

    /** A compiler for configurations without Kea's {@code option-def}. */
    public static OptionDataCompiler4 standard() {
        return new OptionDataCompiler4(List.of());
    }

    /**
     * The options declared by a {@code Dhcp4} {@code option-def} list (space {@code dhcp4} unless
     * an entry says otherwise), read leniently: Tandem does not implement {@code option-def}, and
     * {@code option-data} entries for these options are skipped with a warning.
     */
    public static List<OptionDataCompiler6.KeaCustomOption> customOptions(JsonNode optionDef) {
        List<OptionDataCompiler6.KeaCustomOption> options = new ArrayList<>();
        if (optionDef == null || !optionDef.isArray()) {
            return options;
        }
        for (JsonNode definition : optionDef) {
            JsonNode name = definition.path("name");
            JsonNode code = definition.path("code");
            JsonNode space = definition.path("space");
            options.add(new OptionDataCompiler6.KeaCustomOption(
                    space.isTextual() ? space.textValue() : OptionDataLayouts4.DHCP4,
                    name.isTextual() ? Optional.of(name.textValue()) : Optional.empty(),
                    code.canConvertToInt() ? Optional.of(code.intValue()) : Optional.empty()));
        }
        return options;
    }

    /** Whether {@code name} is an option that option-data can name in the {@code dhcp4} space. */
    public static boolean knowsOption(String name) {
        return OptionDataLayouts4.byName(OptionDataLayouts4.DHCP4, name).isPresent();
    }

    /** The options of one level, in configured order; entries with errors are reported and left out. */
    public List<ConfiguredOption4> compile(List<ConfigNode> optionData) {
        List<Entry> entries = optionData.stream().map(this::parse).flatMap(Optional::stream).toList();
        Set<Entry> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ConfiguredOption4> options = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.space.equals(OptionDataLayouts4.DHCP4)) {
                byte[] body = body(entry, entries, placed);
                if (body != null) {
                    build(entry.code, entry.name, body, entry.node, entry.alwaysSend, entry.neverSend)
                            .ifPresent(options::add);
                }
            }
        }
        Map<String, List<Entry>> unplaced = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (!entry.space.equals(OptionDataLayouts4.DHCP4) && !placed.contains(entry)) {
                unplaced.computeIfAbsent(entry.space, space -> new ArrayList<>()).add(entry);
            }
        }
        unplaced.forEach((space, children) -> carrierFor(space, children).ifPresent(options::add));
        return options;
    }

    /** A vivso-suboptions (125) or vendor-encapsulated-options (43) option made for sub-options no configured option carries. */
    private static Optional<ConfiguredOption4> carrierFor(String space, List<Entry> children) {
        Optional<Long> enterprise = OptionDataLayouts4.vendorEnterprise(space);
        WireWriter subOptions = new WireWriter();
        boolean alwaysSend = false;
        for (Entry child : children) {
            if (!appendSubOption(subOptions, child)) {
                return Optional.empty();
            }
            alwaysSend |= child.alwaysSend;
        }
        byte[] inner = subOptions.toByteArray();
        if (enterprise.isPresent()) {
            if (!fitsVendorData(children.get(0).node, inner.length)) {
                return Optional.empty();
            }
            byte[] body = new WireWriter().u32(enterprise.get()).u8(inner.length).bytes(inner).toByteArray();
            return build(VIVSO, "vivso-suboptions", body, children.get(0).node, alwaysSend, false);
        }
        return build(VENDOR_ENCAPSULATED, "vendor-encapsulated-options", inner, children.get(0).node, alwaysSend,
                false);
    }

    /** The body of a dhcp4 option with the sub-options of the space it carries; null when one of them is too long. */
    private static byte[] body(Entry entry, List<Entry> all, Set<Entry> placed) {
        Optional<String> inner = innerSpace(entry);
        if (inner.isEmpty()) {
            return entry.data;
        }
        WireWriter subOptions = new WireWriter();
        for (Entry child : all) {
            if (child.space.equals(inner.get())) {
                placed.add(child);
                if (!appendSubOption(subOptions, child)) {
                    return null;
                }
            }
        }
        byte[] children = subOptions.toByteArray();
        WireWriter body = new WireWriter().bytes(entry.data);
        if (entry.code == VIVSO) {
            // RFC 3925 §4: after the enterprise number, the length of its data, then the sub-options.
            if (!fitsVendorData(entry.node, children.length)) {
                return null;
            }
            body.u8(children.length);
        }
        return body.bytes(children).toByteArray();
    }

    private static boolean fitsVendorData(ConfigNode node, int length) {
        if (length > MAX_SUB_OPTION) {
            node.error("the vendor's sub-options take " + length + " bytes; at most 255 fit in one enterprise's data");
            return false;
        }
        return true;
    }

    /** Appends a sub-option: a one-byte code and a one-byte length (RFC 2132 §8.4, RFC 3925 §4). */
    private static boolean appendSubOption(WireWriter out, Entry child) {
        if (child.code > MAX_SUB_OPTION) {
            child.node.error(child.node.has("code") ? "code" : "name", "a sub-option code is at most 255, not "
                    + child.code);
            return false;
        }
        if (child.data.length > MAX_SUB_OPTION) {
            report(child.node, child.node.has("data") ? "data" : null, "the sub-option would be " + child.data.length
                    + " bytes; at most 255 fit");
            return false;
        }
        out.u8(child.code).u8(child.data.length).bytes(child.data);
        return true;
    }

    private static Optional<String> innerSpace(Entry entry) {
        if (entry.code == VIVSO) {
            if (entry.data.length != 4) {
                return Optional.empty();
            }
            long enterprise = (entry.data[0] & 0xffL) << 24 | (entry.data[1] & 0xff) << 16
                    | (entry.data[2] & 0xff) << 8 | entry.data[3] & 0xff;
            return Optional.of(OptionDataLayouts4.VENDOR_PREFIX + enterprise);
        }
        return entry.layout.flatMap(OptionDataLayout::encapsulatedSpace);
    }

    private static Optional<ConfiguredOption4> build(int code, String name, byte[] body, ConfigNode node,
                                                     boolean alwaysSend, boolean neverSend) {
        String key = node.has("data") ? "data" : null;
        if (neverSend && key == null) {
            return Optional.of(new ConfiguredOption4(new Option4.Raw(code, Bytes.EMPTY), false,
                    true));
        }
        if (body.length > MAX_BODY) {
            report(node, key, "the option would be " + body.length + " bytes; at most " + MAX_BODY + " are allowed");
            return Optional.empty();
        }
        try {
            return Optional.of(new ConfiguredOption4(decode(code, body), alwaysSend, neverSend));
        } catch (DecodeException e) {
            report(node, key, "does not make a valid " + name + " option: "
                    + e.getMessage().replaceAll(" ?\\(?at offset \\d+\\)?", ""));
            return Optional.empty();
        }
    }

    private static void report(ConfigNode node, String key, String message) {
        if (key == null) {
            node.error(message);
        } else {
            node.error(key, message);
        }
    }

    /** The option as the codec reads it, from a message holding only that option (split as RFC 3396 allows). */
    private static Option4 decode(int code, byte[] body) throws DecodeException {
        WireWriter datagram = new WireWriter(Dhcp4Codec.HEADER_LENGTH + 8 + body.length + body.length / 255 * 2)
                .zeros(Dhcp4Codec.HEADER_LENGTH).u32(Dhcp4Codec.MAGIC_COOKIE);
        int from = 0;
        do {
            int to = Math.min(body.length, from + MAX_SUB_OPTION);
            datagram.u8(code).u8(to - from).bytes(Arrays.copyOfRange(body, from, to));
            from = to;
        } while (from < body.length);
        datagram.u8(Dhcp4Options.END);
        return Dhcp4Codec.decode(datagram.toByteArray()).options().all().get(0);
    }

    private Optional<Entry> parse(ConfigNode node) {
        Optional<String> name = node.optionalString("name");
        OptionalLong code = node.optionalInteger("code", 1, 254);
        String space = node.string("space", OptionDataLayouts4.DHCP4);
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
        if (!OptionDataLayouts4.isKnownSpace(space)) {
            if (!skippedAsCustom(node, space, name, code)) {
                node.error("space", "unknown option space " + ConfigNode.quote(space) + "; expected "
                        + OptionDataLayouts4.DHCP4 + ", " + OptionDataLayouts4.VENDOR_ENCAPSULATED
                        + " or vendor-<enterprise number>");
            }
            return Optional.empty();
        }
        Optional<OptionDataLayout> layout = name.isPresent()
                ? OptionDataLayouts4.byName(space, name.get())
                : OptionDataLayouts4.byCode(space, (int) code.getAsLong());
        if (layout.isEmpty() && skippedAsCustom(node, space, name, code)) {
            return Optional.empty();
        }
        if (name.isPresent() && layout.isEmpty()) {
            node.error("name", "unknown option " + ConfigNode.quote(name.get()) + " in space " + space
                    + ConfigNode.didYouMean(name.get(), OptionDataLayouts4.names(space)));
            return Optional.empty();
        }
        if (layout.isPresent() && code.isPresent() && layout.get().code() != code.getAsLong()) {
            node.error("code", "option " + layout.get().name() + " has code " + layout.get().code()
                    + ", not " + code.getAsLong());
            return Optional.empty();
        }
        int optionCode = layout.map(OptionDataLayout::code).orElseGet(() -> (int) code.getAsLong());
        String optionName = layout.map(OptionDataLayout::name).orElse("option " + optionCode);
        if (space.equals(OptionDataLayouts4.DHCP4) && BUILT_BY_SERVER.contains(optionCode)) {
            node.error(name.isPresent() ? "name" : "code", optionName + " (code " + optionCode
                    + ") is built by the server for each message; option-data cannot set it"
                    + BUILT_FROM.getOrDefault(optionCode, ""));
            return Optional.empty();
        }
        if (layout.isEmpty() && csvFormat.orElse(false)) {
            node.error("csv-format", "Kea defines no option " + optionCode + " in space " + space
                    + ", so its data must be hex: set csv-format to false or leave it out");
            return Optional.empty();
        }
        if (neverSend && data.isEmpty()) {
            return Optional.of(new Entry(node, space, optionCode, optionName, layout, new byte[0], false, true));
        }
        Optional<byte[]> bytes = layout.isPresent() && csvFormat.orElse(true)
                ? csv(node, layout.get(), data)
                : hex(node, data.orElse(""));
        return bytes.map(body -> new Entry(node, space, optionCode, optionName, layout, body, alwaysSend, neverSend));
    }

    private boolean skippedAsCustom(ConfigNode node, String space, Optional<String> name, OptionalLong code) {
        if (customOptions.stream().noneMatch(custom -> custom.matches(space, name, code))) {
            return false;
        }
        node.warning("option " + name.map(ConfigNode::quote).orElse(String.valueOf(code.orElse(0)))
                + " in space " + space + " is defined by Kea's option-def, which Tandem does not implement; ignored");
        return true;
    }

    private static Optional<byte[]> csv(ConfigNode node, OptionDataLayout layout, Optional<String> data) {
        String text = data.orElse("");
        try {
            return Optional.of(KeaCsv.encode(layout, text, message -> node.warning("data", message)));
        } catch (IllegalArgumentException e) {
            node.error("data", (data.isPresent() ? "" : "missing; ") + "expected " + layout.expectation()
                    + (data.isPresent() ? ", got " + ConfigNode.quote(text) + ": " + e.getMessage() : ""));
            return Optional.empty();
        }
    }

    private static Optional<byte[]> hex(ConfigNode node, String text) {
        try {
            byte[] bytes = HexText.decodeQuotedOrHex(text).toArray();
            if (HexText.hasOddDigitCount(text)) {
                node.warning("data", "odd number of hex digits, read with a leading 0 as Kea does");
            }
            return Optional.of(bytes);
        } catch (IllegalArgumentException e) {
            node.error("data", "expected hex bytes like 0a0b0c, 0a:0b:0c or 0x0a0b0c (or 'text' in single quotes), got "
                    + ConfigNode.quote(text) + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
