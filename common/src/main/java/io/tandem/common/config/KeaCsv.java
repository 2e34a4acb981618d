package io.tandem.common.config;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.OptionDataType;
import io.tandem.common.wire.OptionDefinition;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.DomainName;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Turns the CSV form of {@code option-data} into option bytes the way Kea does
 * ({@code OptionDefinition::optionFactory} and {@code writeToBuffer}): the data is split at
 * commas ({@code \,} keeps one), each value is trimmed and written in its data type; a single
 * value uses the first token, a record one token per field.
 */
final class KeaCsv {
    private KeaCsv() {
    }

    /**
     * The option body for {@code data}; a value that does not fit is an
     * {@link IllegalArgumentException} that names it.
     *
     * @param warnings receives what Kea would silently ignore
     */
    static byte[] encode(OptionDefinition definition, String data, Consumer<String> warnings) {
        List<String> tokens = tokens(data);
        WireWriter out = new WireWriter();
        if (definition.type() == OptionDataType.RECORD) {
            List<OptionDataType> fields = definition.fields();
            if (tokens.size() < fields.size()) {
                throw new IllegalArgumentException(fields.size() + " values needed, " + tokens.size() + " given");
            }
            for (int i = 0; i < tokens.size(); i++) {
                if (i < fields.size()) {
                    write(out, fields.get(i), tokens.get(i));
                } else if (definition.array()) {
                    write(out, fields.get(fields.size() - 1), tokens.get(i));
                } else {
                    warnings.accept(ignored(tokens.size() - fields.size(), fields.size()));
                    break;
                }
            }
        } else if (definition.type() == OptionDataType.NTP_SERVERS) {
            for (String token : tokens) {
                ntpServer(out, token);
            }
        } else if (definition.array()) {
            for (String token : tokens) {
                write(out, definition.type(), token);
            }
        } else if (definition.type() == OptionDataType.EMPTY) {
            if (!tokens.isEmpty()) {
                throw new IllegalArgumentException("this option carries no data");
            }
        } else {
            if (tokens.isEmpty()) {
                throw new IllegalArgumentException("no value");
            }
            write(out, definition.type(), tokens.get(0));
            if (tokens.size() > 1) {
                warnings.accept(ignored(tokens.size() - 1, 1));
            }
        }
        return out.toByteArray();
    }

    /** What the CSV data of {@code definition} should look like, completing "expected ...". */
    static String expectation(OptionDefinition definition) {
        OptionDataType type = definition.type();
        if (type == OptionDataType.RECORD) {
            return "comma-separated values: "
                    + String.join(", ", definition.fields().stream().map(OptionDataType::keaName).toList())
                    + (definition.array() ? ", ..." : "");
        }
        if (type == OptionDataType.NTP_SERVERS) {
            return "comma-separated " + type.many();
        }
        return definition.array() ? "comma-separated " + type.many() : type.one();
    }

    private static String ignored(int count, int used) {
        return "only the first " + (used == 1 ? "value" : used + " values") + " of the data " + (used == 1 ? "is" : "are")
                + " used, as in Kea; " + count + " more ignored (write \\\\, in JSON for a comma inside a value)";
    }

    /** Kea's {@code isc::util::str::tokens(text, ",", true)}, each token trimmed. */
    static List<String> tokens(String text) {
        List<String> result = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean inToken = false;
        boolean escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',') {
                if (!inToken) {
                    continue;
                }
                if (escaped) {
                    escaped = false;
                    token.append(c);
                } else {
                    addToken(result, token);
                    inToken = false;
                    token.setLength(0);
                }
            } else if (c == '\\') {
                inToken = true;
                if (escaped) {
                    escaped = false;
                    token.append(c);
                } else {
                    escaped = true;
                }
            } else {
                inToken = true;
                if (escaped) {
                    escaped = false;
                    token.append('\\');
                }
                token.append(c);
            }
        }
        if (escaped) {
            token.append('\\');
        }
        addToken(result, token);
        return result;
    }

    private static void addToken(List<String> tokens, StringBuilder token) {
        String trimmed = token.toString().strip();
        if (!token.isEmpty()) {
            tokens.add(trimmed);
        }
    }

    private static void write(WireWriter out, OptionDataType type, String value) {
        switch (type) {
            case BINARY -> out.bytes(HexText.decode(value));
            case BOOLEAN -> out.u8(bool(value) ? 1 : 0);
            case INT8 -> out.u8((int) integer(value, Byte.MIN_VALUE, Byte.MAX_VALUE) & 0xff);
            case INT16 -> out.u16((int) integer(value, Short.MIN_VALUE, Short.MAX_VALUE) & 0xffff);
            case INT32 -> out.u32(integer(value, Integer.MIN_VALUE, Integer.MAX_VALUE) & 0xffffffffL);
            case UINT8 -> out.u8((int) integer(value, 0, 0xff));
            case UINT16 -> out.u16((int) integer(value, 0, 0xffff));
            case UINT32 -> out.u32(integer(value, 0, 0xffffffffL));
            case IPV4_ADDRESS -> out.address(Addresses.parse4(value));
            case IPV6_ADDRESS -> out.address(ipv6(value));
            case IPV6_PREFIX -> prefix(out, value);
            case PSID -> psid(out, value);
            case STRING -> {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("a string option cannot be empty");
                }
                out.bytes(value.getBytes(StandardCharsets.UTF_8));
            }
            case FQDN -> name(out, value);
            case TUPLE -> {
                byte[] text = value.getBytes(StandardCharsets.UTF_8);
                if (text.length > 0xffff) {
                    throw new IllegalArgumentException("a string of " + text.length + " bytes is over 65535");
                }
                out.u16(text.length).bytes(text);
            }
            case EMPTY, RECORD, NTP_SERVERS -> throw new IllegalStateException(type + " is not a field type");
        }
    }

    private static boolean bool(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("1")) {
            return true;
        }
        if (lower.equals("false") || lower.equals("0")) {
            return false;
        }
        throw new IllegalArgumentException(ConfigNode.quote(value) + " is not true, false, 1 or 0");
    }

    /** Decimal, or hexadecimal with or without {@code 0x}, as Kea's {@code lexicalCastWithRangeCheck}. */
    static long integer(String value, long min, long max) {
        BigInteger number;
        if (value.matches("[+-]?\\d+")) {
            number = new BigInteger(value.startsWith("+") ? value.substring(1) : value);
        } else {
            String digits = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
            if (!digits.matches("\\p{XDigit}+")) {
                throw new IllegalArgumentException(ConfigNode.quote(value) + " is not a number");
            }
            number = new BigInteger(digits, 16);
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException(value + " is not from " + min + " to " + max);
        }
        return number.longValue();
    }

    private static Inet6Address ipv6(String value) {
        try {
            return Ipv6.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigNode.quote(value) + " is not an IPv6 address");
        }
    }

    private static void prefix(WireWriter out, String value) {
        Prefix6 prefix;
        try {
            prefix = Prefix6.parse(value.replaceAll("[ \t]", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigNode.quote(value) + " is not an IPv6 prefix: " + e.getMessage());
        }
        out.u8(prefix.length());
        byte[] network = prefix.network().getAddress();
        out.bytes(Arrays.copyOf(network, (prefix.length() + 7) / 8));
    }

    private static void psid(WireWriter out, String value) {
        String compact = value.replaceAll("[ \t]", "");
        int slash = compact.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(ConfigNode.quote(value) + " is not PSID/length");
        }
        int psid = (int) integer(compact.substring(0, slash), 0, 0xffff);
        int length = (int) integer(compact.substring(slash + 1), 0, 16);
        if (length > 0 && psid > 0xffff >>> (16 - length)) {
            throw new IllegalArgumentException("PSID " + psid + " does not fit " + length + " bits");
        }
        out.u8(length).u16(length == 0 ? 0 : psid << (16 - length) & 0xffff);
    }

    private static void name(WireWriter out, String value) {
        DomainName name;
        try {
            name = DomainName.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigNode.quote(value) + " is not a domain name: " + e.getMessage());
        }
        for (String label : name.labels()) {
            out.u8(label.length()).bytes(label.getBytes(StandardCharsets.ISO_8859_1));
        }
        out.u8(0);
    }

    /**
     * One server of Tandem's CSV form of {@code ntp-server}: an IPv6 address becomes an
     * {@code ntp-server-address} sub-option (a multicast one {@code ntp-server-multicast}),
     * anything else a domain name in {@code ntp-server-fqdn} (RFC 5908 §4).
     */
    private static void ntpServer(WireWriter out, String value) {
        int code;
        WireWriter body = new WireWriter();
        if (value.indexOf(':') >= 0) {
            Inet6Address address = ipv6(value);
            code = address.isMulticastAddress() ? Dhcp6Options.NTP_SERVER_MULTICAST : Dhcp6Options.NTP_SERVER_ADDRESS;
            body.address(address);
        } else {
            code = Dhcp6Options.NTP_SERVER_FQDN;
            name(body, value);
        }
        byte[] bytes = body.toByteArray();
        out.u16(code).u16(bytes.length).bytes(bytes);
    }
}
