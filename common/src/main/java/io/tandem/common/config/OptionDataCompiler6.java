package io.tandem.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
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

/**
 * Compiles one level's list of Kea {@code option-data} entries into DHCPv6 options.
 *
 * <p>An entry names its option by {@code name} or {@code code} (or both, which must agree) in
 * {@code space} (default {@code dhcp6}). With {@code csv-format} true (the default) the
 * {@code data} is Kea's text form for that option (see {@link OptionDataLayouts6}); with
 * {@code csv-format} false, or for a code neither Kea nor Tandem defines, it is hex bytes (or
 * {@code 'text'} in single quotes). The bytes then go through the DHCPv6 codec, so an option
 * that Tandem's registry types is checked as the codec checks a received one, and comes out as
 * that type. Options in a sub-option space ({@code vendor-<enterprise>},
 * {@code v6-ntp-server-suboptions}, Kea's {@code s46-*} spaces) are placed inside the option of
 * the same level that carries that space, as Kea does; a {@code vendor-opts} or
 * {@code ntp-server} option is created for them when the level has none. Every problem is
 * reported at the pointer of the key at fault, usually {@code data}.
 */
public final class OptionDataCompiler6 {
    private static final List<String> IMPLEMENTED =
            List.of("name", "code", "space", "data", "csv-format", "always-send", "never-send");
    private static final List<String> KEA_KEYS_NOT_IMPLEMENTED = List.of("user-context", "comment");
    /** Options whose content the server decides for each message; configuring one would corrupt replies. */
    private static final Set<Integer> BUILT_BY_SERVER = Set.of(
            Dhcp6Options.CLIENTID, Dhcp6Options.SERVERID, Dhcp6Options.IA_NA, Dhcp6Options.IA_TA,
            Dhcp6Options.IAADDR, Dhcp6Options.ORO, Dhcp6Options.ELAPSED_TIME, Dhcp6Options.RELAY_MSG,
            Dhcp6Options.STATUS_CODE, Dhcp6Options.RAPID_COMMIT, Dhcp6Options.INTERFACE_ID, Dhcp6Options.RECONF_MSG,
            Dhcp6Options.RECONF_ACCEPT, Dhcp6Options.IA_PD, Dhcp6Options.IAPREFIX,
            Dhcp6Options.CLIENT_LINKLAYER_ADDR, Dhcp6Options.DHCPV4_MESSAGE, Dhcp6Options.RELAY_SOURCE_PORT);

    /**
     * An option declared by Kea's {@code option-def}, which Tandem does not implement: an
     * {@code option-data} entry for it is skipped with a warning instead of failing.
     */
    public record KeaCustomOption(String space, Optional<String> name, Optional<Integer> code) {
        /** The options declared by an {@code option-def} list, read leniently (its keys are not checked). */
        public static List<KeaCustomOption> fromOptionDef(JsonNode optionDef) {
            List<KeaCustomOption> options = new ArrayList<>();
            if (optionDef == null || !optionDef.isArray()) {
                return options;
            }
            for (JsonNode definition : optionDef) {
                JsonNode name = definition.path("name");
                JsonNode code = definition.path("code");
                JsonNode space = definition.path("space");
                options.add(new KeaCustomOption(space.isTextual() ? space.textValue() : OptionDataLayouts6.DHCP6,
                        name.isTextual() ? Optional.of(name.textValue()) : Optional.empty(),
                        code.canConvertToInt() ? Optional.of(code.intValue()) : Optional.empty()));
            }
            return options;
        }

        boolean matches(String otherSpace, Optional<String> otherName, OptionalLong otherCode) {
            return space.equals(otherSpace)
                    && (name.isPresent() && name.equals(otherName)
                        || code.isPresent() && otherCode.isPresent() && code.get() == otherCode.getAsLong());
        }
    }

    private record Entry(ConfigNode node, String space, int code, String name, Optional<OptionDataLayout> layout,
                         byte[] data, boolean alwaysSend, boolean neverSend) {
    }

    private final List<KeaCustomOption> customOptions;

    public OptionDataCompiler6(List<KeaCustomOption> customOptions) {
        this.customOptions = List.copyOf(customOptions);
    }

    /** A compiler for configurations without Kea's {@code option-def}. */
    public static OptionDataCompiler6 standard() {
        return new OptionDataCompiler6(List.of());
    }

    /** Whether {@code name} is an option that option-data can name in the {@code dhcp6} space. */
    public static boolean knowsOption(String name) {
        return OptionDataLayouts6.byName(OptionDataLayouts6.DHCP6, name).isPresent();
    }

    /** The options of one level, in configured order; entries with errors are reported and left out. */
    public List<ConfiguredOption6> compile(List<ConfigNode> optionData) {
        List<Entry> entries = optionData.stream().map(this::parse).flatMap(Optional::stream).toList();
        Set<Entry> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ConfiguredOption6> options = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.space.equals(OptionDataLayouts6.DHCP6)) {
                build(entry.code, entry.name, body(entry, entries, placed), entry.node, entry.alwaysSend,
                        entry.neverSend).ifPresent(options::add);
            }
        }
        Map<String, List<Entry>> unplaced = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (!entry.space.equals(OptionDataLayouts6.DHCP6) && !placed.contains(entry)) {
                unplaced.computeIfAbsent(entry.space, space -> new ArrayList<>()).add(entry);
            }
        }
        unplaced.forEach((space, children) -> carrierFor(space, children, entries).ifPresent(options::add));
        return options;
    }

    /** A vendor-opts or ntp-server option made for sub-options that no configured option carries. */
    private static Optional<ConfiguredOption6> carrierFor(String space, List<Entry> children, List<Entry> all) {
        Optional<Long> enterprise = OptionDataLayouts6.vendorEnterprise(space);
        WireWriter body = new WireWriter();
        int code;
        String name;
        if (enterprise.isPresent()) {
            code = Dhcp6Options.VENDOR_OPTS;
            name = "vendor-opts";
            body.u32(enterprise.get());
        } else if (space.equals(OptionDataLayouts6.NTP_SUBOPTIONS)) {
            code = Dhcp6Options.NTP_SERVER;
            name = "ntp-server";
        } else {
            for (Entry child : children) {
                child.node.warning("space", "no option carrying space " + space
                        + " is configured at this level, so this option is never sent (as in Kea)");
            }
            return Optional.empty();
        }
        Set<Entry> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean alwaysSend = false;
        for (Entry child : children) {
            appendSubOption(body, child, all, placed);
            alwaysSend |= child.alwaysSend;
        }
        return build(code, name, body.toByteArray(), children.get(0).node, alwaysSend, false);
    }

    private static byte[] body(Entry entry, List<Entry> all, Set<Entry> placed) {
        WireWriter body = new WireWriter().bytes(entry.data);
        innerSpace(entry).ifPresent(inner -> {
            for (Entry child : all) {
                if (child.space.equals(inner)) {
                    appendSubOption(body, child, all, placed);
                }
            }
        });
        return body.toByteArray();
    }

    private static void appendSubOption(WireWriter body, Entry child, List<Entry> all, Set<Entry> placed) {
        placed.add(child);
        byte[] childBody = body(child, all, placed);
        // An oversized child makes the whole option too long, which build() reports.
        body.u16(child.code).u16(Math.min(childBody.length, 0xffff)).bytes(childBody);
    }

    private static Optional<String> innerSpace(Entry entry) {
        if (entry.space.equals(OptionDataLayouts6.DHCP6) && entry.code == Dhcp6Options.VENDOR_OPTS) {
            if (entry.data.length < 4) {
                return Optional.empty();
            }
            long enterprise = (entry.data[0] & 0xffL) << 24 | (entry.data[1] & 0xff) << 16
                    | (entry.data[2] & 0xff) << 8 | entry.data[3] & 0xff;
            return Optional.of(OptionDataLayouts6.VENDOR_PREFIX + enterprise);
        }
        return entry.layout.flatMap(OptionDataLayout::encapsulatedSpace);
    }

    private static Optional<ConfiguredOption6> build(int code, String name, byte[] body, ConfigNode node,
                                                     boolean alwaysSend, boolean neverSend) {
        String key = node.has("data") ? "data" : null;
        if (neverSend && key == null) {
            return Optional.of(new ConfiguredOption6(new Option6.Raw(code, Bytes.EMPTY), false, true));
        }
        if (body.length > 0xffff) {
            report(node, key, "the option would be " + body.length + " bytes; at most 65535 fit");
            return Optional.empty();
        }
        try {
            return Optional.of(new ConfiguredOption6(decode(code, body), alwaysSend, neverSend));
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

    /** The option as the codec reads it, from a one-option Information-request. */
    private static Option6 decode(int code, byte[] body) throws DecodeException {
        byte[] datagram = new WireWriter(8 + body.length)
                .u8(MessageType6.INFORMATION_REQUEST.code()).u24(0)
                .u16(code).u16(body.length).bytes(body)
                .toByteArray();
        return ((ClientServerMessage) Dhcp6Codec.decode(datagram)).options().all().get(0);
    }

    private Optional<Entry> parse(ConfigNode node) {
        Optional<String> name = node.optionalString("name");
        OptionalLong code = node.optionalInteger("code", 1, 0xffff);
        String space = node.string("space", OptionDataLayouts6.DHCP6);
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
        if (!OptionDataLayouts6.isKnownSpace(space)) {
            if (!skippedAsCustom(node, space, name, code)) {
                node.error("space", "unknown option space " + ConfigNode.quote(space) + "; expected "
                        + OptionDataLayouts6.DHCP6 + ", " + OptionDataLayouts6.NTP_SUBOPTIONS
                        + ", vendor-<enterprise number> or one of Kea's s46 spaces");
            }
            return Optional.empty();
        }
        Optional<OptionDataLayout> layout = name.isPresent()
                ? OptionDataLayouts6.byName(space, name.get())
                : OptionDataLayouts6.byCode(space, (int) code.getAsLong());
        if (layout.isEmpty() && skippedAsCustom(node, space, name, code)) {
            return Optional.empty();
        }
        if (name.isPresent() && layout.isEmpty()) {
            node.error("name", "unknown option " + ConfigNode.quote(name.get()) + " in space " + space
                    + ConfigNode.didYouMean(name.get(), OptionDataLayouts6.names(space)));
            return Optional.empty();
        }
        if (layout.isPresent() && code.isPresent() && layout.get().code() != code.getAsLong()) {
            node.error("code", "option " + layout.get().name() + " has code " + layout.get().code()
                    + ", not " + code.getAsLong());
            return Optional.empty();
        }
        int optionCode = layout.map(OptionDataLayout::code).orElseGet(() -> (int) code.getAsLong());
        String optionName = layout.map(OptionDataLayout::name).orElse("option " + optionCode);
        if (space.equals(OptionDataLayouts6.DHCP6) && BUILT_BY_SERVER.contains(optionCode)) {
            node.error(name.isPresent() ? "name" : "code", optionName + " (code " + optionCode
                    + ") is built by the server for each message; option-data cannot set it");
            return Optional.empty();
        }
        if (layout.isEmpty() && csvFormat.orElse(false)) {
            node.error("csv-format", "neither Kea nor Tandem defines option " + optionCode + " in space " + space
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
