package io.tandem.common.config;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.OptionSpace;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import java.util.List;
import java.util.Optional;

/**
 * DHCPv6 option-data: sub-options have 16-bit codes and lengths; vendor-opts carries
 * {@code vendor-<enterprise>}, ntp-server {@code v6-ntp-server-suboptions}.
 */
final class OptionDataFamily6 implements OptionDataFamily<Option6> {
    @Override
    public OptionSpace top() {
        return Dhcp6Options.DHCP6;
    }

    @Override
    public List<OptionSpace> spaces() {
        return Dhcp6Options.CONFIGURABLE;
    }

    @Override
    public int maxCode() {
        return 0xffff;
    }

    @Override
    public String expectedSpaces() {
        return Dhcp6Options.DHCP6.name() + ", " + Dhcp6Options.NTP.name()
                + ", vendor-<enterprise number> or one of Kea's s46 spaces";
    }

    @Override
    public String nobodyDefines() {
        return "neither Kea nor Tandem defines option";
    }

    @Override
    public String setInstead(int code) {
        return "";
    }

    @Override
    public String tooLong(int length) {
        return "the option would be " + length + " bytes; at most 65535 fit";
    }

    @Override
    public Optional<Long> carriedEnterprise(int code, byte[] data) {
        if (code != Dhcp6Options.VENDOR_OPTS || data.length < 4) {
            return Optional.empty();
        }
        return Optional.of(OptionDataCompiler.enterprise(data));
    }

    @Override
    public Optional<Carrier> carrier(String space, Optional<Long> enterprise) {
        if (enterprise.isPresent()) {
            return Optional.of(new Carrier(Dhcp6Options.VENDOR_OPTS, "vendor-opts",
                    new WireWriter().u32(enterprise.get()).toByteArray()));
        }
        if (space.equals(Dhcp6Options.NTP.name())) {
            return Optional.of(new Carrier(Dhcp6Options.NTP_SERVER, "ntp-server", new byte[0]));
        }
        return Optional.empty();
    }

    @Override
    public boolean appendSubOption(WireWriter out, ConfigNode node, int code, byte[] body) {
        // An oversized sub-option makes the whole option too long, which the compiler reports.
        out.u16(code).u16(Math.min(body.length, 0xffff)).bytes(body);
        return true;
    }

    @Override
    public byte[] subOptionData(int code, ConfigNode node, byte[] subOptions) {
        return subOptions;
    }

    /** The option as the codec reads it, from a one-option Information-request. */
    @Override
    public ConfiguredOption<Option6> decode(int code, byte[] body, boolean alwaysSend, boolean neverSend)
            throws DecodeException {
        byte[] datagram = new WireWriter(8 + body.length)
                .u8(MessageType6.INFORMATION_REQUEST.code()).u24(0)
                .u16(code).u16(body.length).bytes(body)
                .toByteArray();
        Option6 option = ((ClientServerMessage) Dhcp6Codec.decode(datagram)).options().all().get(0);
        return new ConfiguredOption<>(option, alwaysSend, neverSend);
    }

    @Override
    public ConfiguredOption<Option6> neverSent(int code) {
        return new ConfiguredOption<>(new Option6.Raw(code, Bytes.EMPTY), false, true);
    }
}
