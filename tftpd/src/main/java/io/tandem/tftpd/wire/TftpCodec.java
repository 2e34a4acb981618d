package io.tandem.tftpd.wire;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.WireReader;
import io.tandem.common.wire.WireWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bytes ⇄ {@link TftpPacket}. Decoding fails only with {@link DecodeException}; its size is
 * bounded by the datagram, so a hostile packet (thousands of options, megabyte names) costs no
 * more memory than the datagram it came in. Strings are UTF-8 (RFC 1350 asks for netascii, which
 * UTF-8 contains); bytes that are not UTF-8 make the packet malformed.
 */
public final class TftpCodec {
    private TftpCodec() {
    }

    public static TftpPacket decode(byte[] datagram) throws DecodeException {
        WireReader reader = WireReader.of(datagram);
        int code = reader.u16("opcode");
        Optional<Opcode> opcode = Opcode.of(code);
        if (opcode.isEmpty()) {
            throw new DecodeException("unknown opcode " + code, 0);
        }
        return switch (opcode.get()) {
            case RRQ -> new ReadRequest(string(reader, "filename"), string(reader, "mode"), options(reader));
            case WRQ -> new WriteRequest(string(reader, "filename"), string(reader, "mode"), options(reader));
            case DATA -> new Data(reader.u16("DATA block"), reader.rest());
            case ACK -> {
                int block = reader.u16("ACK block");
                reader.expectEnd("ACK");
                yield new Ack(block);
            }
            case ERROR -> new TftpError(ErrorCode.of(reader.u16("ERROR code")), errorMessage(reader));
            case OACK -> new OptionAck(options(reader));
        };
    }

    public static byte[] encode(TftpPacket packet) {
        // Sized for the packet, so that a DATA block is not copied while the buffer grows.
        WireWriter writer = new WireWriter(packet instanceof Data data ? 4 + data.data().length() : 64);
        writer.u16(packet.opcode().code());
        if (packet instanceof Request request) {
            string(writer, request.filename());
            string(writer, request.mode());
            options(writer, request.options());
        } else if (packet instanceof Data data) {
            writer.u16(data.block()).bytes(data.data());
        } else if (packet instanceof Ack ack) {
            writer.u16(ack.block());
        } else if (packet instanceof TftpError error) {
            writer.u16(error.code().value());
            string(writer, error.message());
        } else if (packet instanceof OptionAck optionAck) {
            options(writer, optionAck.options());
        }
        return writer.toByteArray();
    }

    private static List<TftpOption> options(WireReader reader) throws DecodeException {
        List<TftpOption> options = new ArrayList<>();
        while (reader.hasRemaining()) {
            int at = reader.offset();
            String name = string(reader, "option name");
            if (!reader.hasRemaining()) {
                throw new DecodeException("option '" + name + "' has no value", at);
            }
            options.add(new TftpOption(name, string(reader, "value of option '" + name + "'")));
        }
        return options;
    }

    /** A NUL-terminated string. */
    private static String string(WireReader reader, String what) throws DecodeException {
        int start = reader.offset();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            if (!reader.hasRemaining()) {
                throw new DecodeException(what + ": no terminating NUL", start);
            }
            int next = reader.u8(what);
            if (next == 0) {
                return utf8(bytes.toByteArray(), what, start);
            }
            bytes.write(next);
        }
    }

    /**
     * An ERROR's message: up to its NUL, or to the end when a careless peer left the NUL out (an
     * ERROR ends the transfer either way, so it is worth understanding).
     */
    private static String errorMessage(WireReader reader) throws DecodeException {
        int start = reader.offset();
        Bytes rest = reader.rest();
        byte[] raw = rest.toArray();
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        byte[] text = new byte[end];
        System.arraycopy(raw, 0, text, 0, end);
        return utf8(text, "ERROR message", start);
    }

    private static String utf8(byte[] bytes, String what, int offset) throws DecodeException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException(what + ": not UTF-8", offset);
        }
    }

    private static void string(WireWriter writer, String text) {
        writer.bytes(text.getBytes(StandardCharsets.UTF_8)).u8(0);
    }

    private static void options(WireWriter writer, List<TftpOption> options) {
        for (TftpOption option : options) {
            string(writer, option.name());
            string(writer, option.value());
        }
    }
}
