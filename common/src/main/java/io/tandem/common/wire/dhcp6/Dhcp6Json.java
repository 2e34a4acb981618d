package io.tandem.common.wire.dhcp6;

import static io.tandem.common.wire.WireJson.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.OptionSpace;
import io.tandem.common.wire.WireJson;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Json;
import java.util.List;

/**
 * A complete, deterministic JSON view of a DHCPv6 message with the registry's option names:
 * the expected form in the golden corpus, and what logs and events show of a packet.
 */
public final class Dhcp6Json {
    private Dhcp6Json() {
    }

    public static ObjectNode toJson(Dhcp6Message message) {
        ObjectNode node = NODES.objectNode();
        node.put("type", message.type().name()).put("code", message.type().code());
        if (message instanceof ClientServerMessage m) {
            node.put("transaction-id", String.format("0x%06x", m.transactionId()));
        } else if (message instanceof Dhcp4o6Message m) {
            node.put("flags", String.format("0x%06x", m.flags()));
        } else if (message instanceof RelayMessage m) {
            node.put("hop-count", m.hopCount())
                    .put("link-address", Addresses.text(m.linkAddress()))
                    .put("peer-address", Addresses.text(m.peerAddress()));
        }
        node.set("options", options(message.options(), Dhcp6Options.DHCP6));
        return node;
    }

    private static ArrayNode options(Options6 options, OptionSpace space) {
        return WireJson.options(options.all(), option -> option(option, space));
    }

    private static ObjectNode option(Option6 option, OptionSpace space) {
        ObjectNode node = WireJson.option(space, option.code());
        if (option instanceof Option6.Raw o) {
            node.put("data", o.data().hex());
            if (o.code() == Dhcp6Options.DHCPV4_MESSAGE && space == Dhcp6Options.DHCP6) {
                try {
                    node.set("dhcpv4", Dhcp4Json.toJson(Dhcp4Codec.decode(o.data())));
                } catch (DecodeException e) {
                    node.put("dhcpv4-error", e.getMessage());
                }
            }
        } else if (option instanceof Option6.Uint8 o) {
            node.put("value", o.value());
        } else if (option instanceof Option6.Uint16 o) {
            node.put("value", o.value());
        } else if (option instanceof Option6.Uint32 o) {
            node.put("value", o.value());
        } else if (option instanceof Option6.Text o) {
            node.set("text", WireJson.bytes(o.value()));
        } else if (option instanceof Option6.Address o) {
            node.put("address", Addresses.text(o.address()));
        } else if (option instanceof Option6.AddressList o) {
            node.set("addresses", WireJson.addresses(o.addresses()));
        } else if (option instanceof Option6.DomainList o) {
            ArrayNode names = node.putArray("names");
            o.names().forEach(name -> names.add(name.toString()));
        } else if (option instanceof Option6.Domain o) {
            node.put("fqdn", o.name().toString());
        } else if (option instanceof Option6.Uint16List o) {
            if (o.code() == Dhcp6Options.ORO) {
                WireJson.requestedOptions(node, o.values(), Dhcp6Options.DHCP6);
            } else {
                node.set("values", WireJson.numbers(o.values()));
            }
        } else if (option instanceof Option6.LengthPrefixedList o) {
            node.set("items", items(o.items()));
        } else if (option instanceof Option6.DuidOption o) {
            duid(node, o.duid());
        } else if (option instanceof Option6.IdentityAssociation o) {
            node.put("iaid", o.iaid()).put("t1", o.t1()).put("t2", o.t2());
            node.set("options", options(o.options(), Dhcp6Options.DHCP6));
        } else if (option instanceof Option6.IaAddress o) {
            node.put("address", Addresses.text(o.address()))
                    .put("preferred-lifetime", o.preferredLifetime())
                    .put("valid-lifetime", o.validLifetime());
            node.set("options", options(o.options(), Dhcp6Options.DHCP6));
        } else if (option instanceof Option6.IaPrefix o) {
            node.put("prefix", Addresses.text(o.prefix()) + "/" + o.prefixLength())
                    .put("preferred-lifetime", o.preferredLifetime())
                    .put("valid-lifetime", o.validLifetime());
            node.set("options", options(o.options(), Dhcp6Options.DHCP6));
        } else if (option instanceof Option6.StatusCode o) {
            node.put("status", o.status()).put("status-name", o.statusName());
            node.set("message", WireJson.bytes(o.message()));
        } else if (option instanceof Option6.VendorClass o) {
            node.put("enterprise", o.enterpriseNumber());
            node.set("data", items(o.data()));
        } else if (option instanceof Option6.VendorOptions o) {
            node.put("enterprise", o.enterpriseNumber());
            node.set("sub-options", options(o.subOptions(), Dhcp6Options.vendorSpace(o.enterpriseNumber())));
        } else if (option instanceof Option6.RemoteId o) {
            node.put("enterprise", o.enterpriseNumber()).put("remote-id", o.remoteId().hex());
        } else if (option instanceof Option6.NtpServer o) {
            node.set("sub-options", options(o.subOptions(), Dhcp6Options.NTP));
        } else if (option instanceof Option6.Nii o) {
            node.put("type", o.type()).put("major", o.major()).put("minor", o.minor());
        } else if (option instanceof Option6.ClientLinkLayerAddress o) {
            node.put("hardware-type", o.hardwareType()).put("address", o.address().colonHex());
        } else if (option instanceof Option6.RelayedMessage o) {
            node.set("message", toJson(o.message()));
        }
        return node;
    }

    private static void duid(ObjectNode node, Duid duid) {
        node.put("duid", duid.toString()).put("duid-type", duid.typeName());
        duid.hardwareType().ifPresent(type -> node.put("hardware-type", type));
        duid.time().ifPresent(time -> node.put("time", time));
        duid.linkLayerAddress().ifPresent(address -> node.put("link-layer-address", address.colonHex()));
        duid.enterpriseNumber().ifPresent(number -> node.put("enterprise", number));
        duid.uuid().ifPresent(uuid -> node.put("uuid", uuid.hex()));
    }

    private static ArrayNode items(List<Bytes> items) {
        ArrayNode array = NODES.arrayNode();
        items.forEach(item -> array.add(WireJson.bytes(item)));
        return array;
    }
}
