package io.tandem.tftpd.wire;

/** One TFTP datagram, decoded: RFC 1350 §5 and RFC 2347 §2. Immutable. */
public sealed interface TftpPacket permits Request, Data, Ack, TftpError, OptionAck {
    Opcode opcode();
}
