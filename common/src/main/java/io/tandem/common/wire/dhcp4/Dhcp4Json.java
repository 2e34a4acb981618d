package io.tandem.common.wire.dhcp4;

import static io.tandem.common.wire.WireJson.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.OptionSpace;
import io.tandem.common.wire.WireJson;
import java.net.Inet4Address;

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

    private static ArrayNode options(Options4 options, OptionSpace<Option4Format> space) {
        ArrayNode array = NODES.arrayNode();
        for (Option4 option : options.all()) {
            array.add(option(option, space));
        }
        return array;
    }

    /** The casts follow from {@link Option4#format()}. */
    private static ObjectNode option(Option4 option, OptionSpace<Option4Format> space) {
        ObjectNode node = NODES.objectNode();
        node.put("code", option.code()).put("name", space.nameOf(option.code()));
        switch (option.format()) {
            case EMPTY -> {
            }
            case UINT8 -> {
                int value = ((Option4.Uint8) option).value();
                node.put("value", value);
                if (space == Dhcp4Options.DHCP4 && option.code() == Dhcp4Options.MESSAGE_TYPE) {
                    node.put("message-type", MessageType4.of(value).name());
                }
            }
            case UINT16 -> node.put("value", ((Option4.Uint16) option).value());
            case UINT32 -> node.put("value", ((Option4.Uint32) option).value());
            case INT32 -> node.put("value", ((Option4.Int32) option).value());
            case IPV4_ADDRESS -> node.put("address", Addresses.text(((Option4.Address) option).address()));
            case IPV4_ADDRESS_LIST -> {
                ArrayNode addresses = node.putArray("addresses");
                for (Inet4Address address : ((Option4.AddressList) option).addresses()) {
                    addresses.add(Addresses.text(address));
                }
            }
            case UINT8_LIST -> {
                Option4.Uint8List list = (Option4.Uint8List) option;
                ArrayNode values = node.putArray("values");
                list.values().forEach(values::add);
                if (space == Dhcp4Options.DHCP4 && option.code() == Dhcp4Options.PARAMETER_REQUEST_LIST) {
                    ArrayNode names = node.putArray("names");
                    list.values().forEach(code -> names.add(Dhcp4Options.DHCP4.nameOf(code)));
                }
            }
            case UINT16_LIST -> {
                ArrayNode values = node.putArray("values");
                ((Option4.Uint16List) option).values().forEach(values::add);
            }
            case STRING -> node.set("text", WireJson.bytes(((Option4.Text) option).value()));
            case BINARY -> node.put("data", ((Option4.Raw) option).data().hex());
            case CLIENT_ID -> {
                Option4.ClientId clientId = (Option4.ClientId) option;
                node.put("type", clientId.type()).put("identifier", clientId.identifier().colonHex());
            }
            case RELAY_AGENT_INFO ->
                node.set("sub-options", options(((Option4.RelayAgentInfo) option).subOptions(), Dhcp4Options.AGENT));
            case CLIENT_NDI -> {
                Option4.ClientNdi ndi = (Option4.ClientNdi) option;
                node.put("type", ndi.type()).put("major", ndi.major()).put("minor", ndi.minor());
            }
            case UUID_GUID -> {
                Option4.UuidGuid guid = (Option4.UuidGuid) option;
                node.put("type", guid.type()).put("id", guid.id().hex());
            }
        }
        return node;
    }
}
