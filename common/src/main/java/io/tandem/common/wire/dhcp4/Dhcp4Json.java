package io.tandem.common.wire.dhcp4;

import static io.tandem.common.wire.WireJson.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.OptionSpace;
import io.tandem.common.wire.WireJson;

/**
 * A complete, deterministic JSON view of a DHCPv4 message with the registry's option names: the
 * expected form in the golden corpus, and what logs and events show of a packet. Two different
 * messages never render the same: bytes that have no readable form are shown as hex.
 */
public final class Dhcp4Json {
    private Dhcp4Json() {
    }

    public static ObjectNode toJson(Dhcp4Message message) {
        ObjectNode node = NODES.objectNode();
        node.put("op", message.op())
                .put("htype", message.htype())
                .put("hlen", message.hlen())
                .put("hops", message.hops())
                .put("xid", String.format("0x%08x", message.xid()))
                .put("secs", message.secs())
                .put("flags", String.format("0x%04x", message.flags()))
                .put("ciaddr", Addresses.text(message.ciaddr()))
                .put("yiaddr", Addresses.text(message.yiaddr()))
                .put("siaddr", Addresses.text(message.siaddr()))
                .put("giaddr", Addresses.text(message.giaddr()));
        Bytes hardwareAddress = message.hardwareAddress();
        node.put("chaddr", hardwareAddress.colonHex());
        Bytes beyond = message.chaddr().slice(hardwareAddress.length(), Dhcp4Message.CHADDR_LENGTH);
        if (!isZero(beyond)) {
            node.put("chaddr-padding", beyond.hex());
        }
        field(node, "sname", message.sname());
        field(node, "file", message.file());
        node.set("options", options(message.options(), Dhcp4Options.DHCP4));
        return node;
    }

    /**
     * A NUL-terminated text field as its text, left out when it is all zeros; a field with bytes
     * after its NUL, which then are not padding, in full as hex.
     */
    private static void field(ObjectNode node, String name, Bytes field) {
        int end = 0;
        while (end < field.length() && field.get(end) != 0) {
            end++;
        }
        if (!isZero(field.slice(end, field.length()))) {
            node.putObject(name).put("hex", field.hex());
        } else if (end > 0) {
            node.set(name, WireJson.bytes(field.slice(0, end)));
        }
    }

    private static boolean isZero(Bytes bytes) {
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static ArrayNode options(Options4 options, OptionSpace space) {
        return WireJson.options(options.all(), option -> option(option, space));
    }

    private static ObjectNode option(Option4 option, OptionSpace space) {
        ObjectNode node = WireJson.option(space, option.code());
        if (option instanceof Option4.Raw o) {
            node.put("data", o.data().hex());
        } else if (option instanceof Option4.Uint8 o) {
            node.put("value", o.value());
            if (space == Dhcp4Options.DHCP4 && o.code() == Dhcp4Options.MESSAGE_TYPE) {
                node.put("message-type", MessageType4.of(o.value()).name());
            }
        } else if (option instanceof Option4.Uint16 o) {
            node.put("value", o.value());
        } else if (option instanceof Option4.Uint32 o) {
            node.put("value", o.value());
        } else if (option instanceof Option4.Int32 o) {
            node.put("value", o.value());
        } else if (option instanceof Option4.Address o) {
            node.put("address", Addresses.text(o.address()));
        } else if (option instanceof Option4.AddressList o) {
            node.set("addresses", WireJson.addresses(o.addresses()));
        } else if (option instanceof Option4.Uint8List o) {
            if (space == Dhcp4Options.DHCP4 && o.code() == Dhcp4Options.PARAMETER_REQUEST_LIST) {
                WireJson.requestedOptions(node, o.values(), Dhcp4Options.DHCP4);
            } else {
                node.set("values", WireJson.numbers(o.values()));
            }
        } else if (option instanceof Option4.Uint16List o) {
            node.set("values", WireJson.numbers(o.values()));
        } else if (option instanceof Option4.Text o) {
            node.set("text", WireJson.bytes(o.value()));
        } else if (option instanceof Option4.ClientId o) {
            node.put("type", o.type()).put("identifier", o.identifier().colonHex());
        } else if (option instanceof Option4.RelayAgentInfo o) {
            node.set("sub-options", options(o.subOptions(), Dhcp4Options.AGENT));
        } else if (option instanceof Option4.ClientNdi o) {
            node.put("type", o.type()).put("major", o.major()).put("minor", o.minor());
        } else if (option instanceof Option4.UuidGuid o) {
            node.put("type", o.type()).put("id", o.id().hex());
        }
        return node;
    }
}
