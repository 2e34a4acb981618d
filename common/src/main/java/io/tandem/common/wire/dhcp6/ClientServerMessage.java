package io.tandem.common.wire.dhcp6;

/** A message between client and server (RFC 9915 §8): type, 24-bit transaction id, options. */
public record ClientServerMessage(MessageType6 type, int transactionId, Options6 options) implements Dhcp6Message {
    public ClientServerMessage {
        if (type.isRelay() || type.isDhcp4o6()) {
            throw new IllegalArgumentException(type + " does not have the client/server header");
        }
        if (transactionId >>> 24 != 0) {
            throw new IllegalArgumentException("transaction id " + transactionId + " is not 24 bits");
        }
        Dhcp6Options.requireRecords(Dhcp6Options.DHCP6, options, false);
    }
}
