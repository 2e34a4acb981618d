package io.tandem.common.wire.dhcp6;

import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.WireWriter;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The datagrams between the two halves of a DHCPv4-over-DHCPv6 pair, in Kea's format (its
 * {@code dhcp4o6-port} IPC): the whole DHCPv6 message as received, relay layers included, with one
 * vendor option (17, enterprise 2495) added first to the innermost message, holding the receiving
 * interface's name (60000), the source address (60001) and the source port (60002) of the
 * datagram the DHCPv6 side received. The receiver requires all three and strips the option.
 */
public final class Dhcp4o6Ipc {
    /**
     * How many queries one half of a Tandem pair lets wait at the other: dhcp6d forwards a new
     * exchange (a DHCPDISCOVER) only while fewer wait there, and dhcp4o6d's lane of new queries
     * holds as many, so that it sheds none of what dhcp6d sent. Some 25 ms of dhcp4o6d's work at
     * 100 µs a query, and as many as 256 clients in flight keep there (Kea's packet queue holds 64).
     */
    public static final int PARTNER_BACKLOG = 256;

    private Dhcp4o6Ipc() {
    }

    /** A message with where its datagram came from. */
    public record Envelope(Dhcp6Message message, String interfaceName, Inet6Address sourceAddress, int sourcePort) {
    }

    public static byte[] encode(Envelope envelope) {
        WireWriter writer = new WireWriter();
        encode(envelope, writer);
        return writer.toByteArray();
    }

    /** {@link #encode(Envelope)} appended to {@code writer}. */
    public static void encode(Envelope envelope, WireWriter writer) {
        Option6.VendorOptions metadata = new Option6.VendorOptions(Dhcp6Options.ISC_ENTERPRISE, Options6.of(
                Option6.Text.of(Dhcp6Options.ISC_4O6_INTERFACE, envelope.interfaceName()),
                new Option6.Address(Dhcp6Options.ISC_4O6_SOURCE_ADDRESS, envelope.sourceAddress()),
                new Option6.Uint16(Dhcp6Options.ISC_4O6_SOURCE_PORT, envelope.sourcePort())));
        Dhcp6Codec.encode(mapInnermost(envelope.message(), inner -> {
            List<Option6> options = new ArrayList<>(inner.options().size() + 1);
            options.add(metadata);
            options.addAll(inner.options().all());
            return withOptions(inner, new Options6(options));
        }), writer);
    }

    /** Reads a datagram from the partner; a datagram without the complete metadata is a decode error. */
    public static Envelope decode(byte[] datagram) throws DecodeException {
        Dhcp6Message message = Dhcp6Codec.decode(datagram);
        Dhcp6Message innermost = message;
        while (innermost instanceof RelayMessage relay) {
            innermost = relay.relayed().orElseThrow(() -> new DecodeException("a relay layer holds no message", 0));
        }
        Optional<Option6.VendorOptions> metadata = innermost.options().vendorOptions(Dhcp6Options.ISC_ENTERPRISE);
        if (metadata.isEmpty()) {
            throw new DecodeException("no 4o6 metadata (vendor option 17, enterprise 2495)", 0);
        }
        Options6 fields = metadata.get().subOptions();
        Optional<String> interfaceName = fields.text(Dhcp6Options.ISC_4O6_INTERFACE);
        Optional<Inet6Address> source = fields.address(Dhcp6Options.ISC_4O6_SOURCE_ADDRESS);
        Optional<Integer> port = fields.uint16(Dhcp6Options.ISC_4O6_SOURCE_PORT);
        if (interfaceName.isEmpty() || source.isEmpty() || port.isEmpty()) {
            throw new DecodeException("4o6 metadata lacks the interface (60000), source address (60001) or source "
                    + "port (60002)", 0);
        }
        Dhcp6Message stripped = mapInnermost(message, inner -> withOptions(inner, inner.options().without(
                option -> option instanceof Option6.VendorOptions vendor
                        && vendor.enterpriseNumber() == Dhcp6Options.ISC_ENTERPRISE)));
        return new Envelope(stripped, interfaceName.get(), source.get(), port.get());
    }

    /**
     * An answer from the DHCPv4 side as it goes to the client: the DHCPV4-RESPONSE, in its relay
     * layers, with its flags cleared (RFC 7341 defines none for responses; Kea's DHCPv4 side
     * copies the query's).
     */
    public static Dhcp6Message withoutFlags(Dhcp6Message answer) {
        return mapInnermost(answer, inner -> inner instanceof Dhcp4o6Message m
                ? new Dhcp4o6Message(m.type(), 0, m.options()) : inner);
    }

    private static Dhcp6Message mapInnermost(Dhcp6Message message, UnaryOperator<Dhcp6Message> change) {
        if (!(message instanceof RelayMessage relay)) {
            return change.apply(message);
        }
        List<Option6> options = new ArrayList<>();
        for (Option6 option : relay.options().all()) {
            options.add(option instanceof Option6.RelayedMessage inner
                    ? new Option6.RelayedMessage(mapInnermost(inner.message(), change)) : option);
        }
        return new RelayMessage(relay.type(), relay.hopCount(), relay.linkAddress(), relay.peerAddress(),
                new Options6(options));
    }

    private static Dhcp6Message withOptions(Dhcp6Message message, Options6 options) {
        if (message instanceof Dhcp4o6Message m) {
            return new Dhcp4o6Message(m.type(), m.flags(), options);
        }
        if (message instanceof ClientServerMessage m) {
            return new ClientServerMessage(m.type(), m.transactionId(), options);
        }
        RelayMessage m = (RelayMessage) message;
        return new RelayMessage(m.type(), m.hopCount(), m.linkAddress(), m.peerAddress(), options);
    }
}
