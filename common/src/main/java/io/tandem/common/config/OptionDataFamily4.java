package io.tandem.common.config;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.OptionSpace;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.Option4;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DHCPv4 option-data: sub-options have one-byte codes and lengths (RFC 2132 §8.4); vivso-suboptions
 * (125) carries {@code vendor-<enterprise>} with the length of the enterprise's data before it
 * (RFC 3925 §4), option 43 {@code vendor-encapsulated-options-space}.
 */
final class OptionDataFamily4 implements OptionDataFamily<Option4> {
    private static final Map<Integer, String> SET_INSTEAD = Map.of(
            Dhcp4Options.LEASE_TIME, "; set valid-lifetime instead",
            Dhcp4Options.RENEWAL_TIME, "; set renew-timer instead",
            Dhcp4Options.REBINDING_TIME, "; set rebind-timer instead");
    private static final int MAX_SUB_OPTION = 255;

    @Override
    public OptionSpace top() {
        return Dhcp4Options.DHCP4;
    }

    @Override
    public List<OptionSpace> spaces() {
        return Dhcp4Options.CONFIGURABLE;
    }

    @Override
    public int maxCode() {
        return 254;
    }

    @Override
    public String expectedSpaces() {
        return Dhcp4Options.DHCP4.name() + ", " + Dhcp4Options.VENDOR_ENCAPSULATED.name()
                + " or vendor-<enterprise number>";
    }

    @Override
    public String nobodyDefines() {
        return "Kea defines no option";
    }

    @Override
    public String setInstead(int code) {
        return SET_INSTEAD.getOrDefault(code, "");
    }

    @Override
    public String tooLong(int length) {
        return "the option would be " + length + " bytes; at most 65535 are allowed";
    }

    @Override
    public Optional<Long> carriedEnterprise(int code, byte[] data) {
        if (code != Dhcp4Options.VIVSO_SUBOPTIONS || data.length != 4) {
            return Optional.empty();
        }
        return Optional.of(OptionDataCompiler.enterprise(data));
    }

    @Override
    public Optional<Carrier> carrier(String space, Optional<Long> enterprise) {
        if (enterprise.isPresent()) {
            return Optional.of(new Carrier(Dhcp4Options.VIVSO_SUBOPTIONS, "vivso-suboptions",
                    new WireWriter().u32(enterprise.get()).toByteArray()));
        }
        return Optional.of(new Carrier(Dhcp4Options.VENDOR_ENCAPSULATED_OPTIONS, "vendor-encapsulated-options",
                new byte[0]));
    }

    @Override
    public boolean appendSubOption(WireWriter out, ConfigNode node, int code, byte[] body) {
        if (code > MAX_SUB_OPTION) {
            node.error(node.has("code") ? "code" : "name", "a sub-option code is at most 255, not " + code);
            return false;
        }
        if (body.length > MAX_SUB_OPTION) {
            OptionDataCompiler.report(node, node.has("data") ? "data" : null, "the sub-option would be "
                    + body.length + " bytes; at most 255 fit");
            return false;
        }
        out.u8(code).u8(body.length).bytes(body);
        return true;
    }

    @Override
    public byte[] subOptionData(int code, ConfigNode node, byte[] subOptions) {
        if (code != Dhcp4Options.VIVSO_SUBOPTIONS) {
            return subOptions;
        }
        // RFC 3925 §4: after the enterprise number, the length of its data, then the sub-options.
        if (subOptions.length > MAX_SUB_OPTION) {
            node.error("the vendor's sub-options take " + subOptions.length
                    + " bytes; at most 255 fit in one enterprise's data");
            return null;
        }
        return new WireWriter().u8(subOptions.length).bytes(subOptions).toByteArray();
    }

    /** The option as the codec reads it, from a message holding only that option (split as RFC 3396 allows). */
    @Override
    public ConfiguredOption<Option4> decode(int code, byte[] body, boolean alwaysSend, boolean neverSend)
            throws DecodeException {
        WireWriter datagram = new WireWriter(Dhcp4Codec.HEADER_LENGTH + 8 + body.length + body.length / 255 * 2)
                .zeros(Dhcp4Codec.HEADER_LENGTH).u32(Dhcp4Codec.MAGIC_COOKIE);
        int from = 0;
        do {
            int to = Math.min(body.length, from + MAX_SUB_OPTION);
            datagram.u8(code).u8(to - from).bytes(Arrays.copyOfRange(body, from, to));
            from = to;
        } while (from < body.length);
        datagram.u8(Dhcp4Options.END);
        Option4 option = Dhcp4Codec.decode(datagram.toByteArray()).options().all().get(0);
        return new ConfiguredOption<>(option, alwaysSend, neverSend);
    }

    @Override
    public ConfiguredOption<Option4> neverSent(int code) {
        return new ConfiguredOption<>(new Option4.Raw(code, Bytes.EMPTY), false, true);
    }
}
