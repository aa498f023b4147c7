package io.tagmirror.serve;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed newstyle handshake and option haggling of one connection, on the connection's thread:
 * {@code EXPORT_NAME}, {@code GO}, {@code INFO}, {@code LIST}, {@code ABORT}, {@code STRUCTURED_REPLY}
 * and {@code STARTTLS}; any other option is answered {@code NBD_REP_ERR_UNSUP}. With TLS configured
 * the server is in the specification's FORCEDTLS mode, as qemu-nbd with {@code --tls-creds}: every
 * option but {@code STARTTLS} and {@code ABORT} is refused with {@code NBD_REP_ERR_TLS_REQD} until TLS
 * is up, and an {@code EXPORT_NAME} before it ends the connection.
 */
final class Negotiation {
    /** Options carry at most a name and a few info requests; more is a client to hang up on. */
    private static final int MAX_OPTION_BYTES = 64 * 1024;

    /** How the handshake ended: transmission on {@code wire}, with structured replies or not. */
    record Negotiated(Wire wire, boolean structured) {
    }

    /** The client broke the protocol; the connection is dropped without a reply (a hard disconnect). */
    static final class ProtocolViolation extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolViolation(String message) {
            super(message);
        }
    }

    private final Export export;
    private final TlsCredentials tls;
    private final SocketChannel channel;
    private Wire wire;
    private boolean noZeroes;
    private boolean structured;

    Negotiation(Export export, TlsCredentials tlsOrNull, SocketChannel channel) {
        this.export = export;
        this.tls = tlsOrNull;
        this.channel = channel;
        this.wire = new Wire.Plain(channel);
    }

    /** The wire now: the plain socket, or TLS once it was started; closed by the caller. */
    Wire wire() {
        return wire;
    }

    /** Runs the handshake; empty when the client aborted or hung up during it. */
    java.util.Optional<Negotiated> run() throws IOException {
        ByteBuffer hello = ByteBuffer.allocate(18).putLong(Nbd.NBDMAGIC).putLong(Nbd.IHAVEOPT)
                .putShort((short) (Nbd.FLAG_FIXED_NEWSTYLE | Nbd.FLAG_NO_ZEROES)).flip();
        wire.writeFully(hello);
        int clientFlags = readInt();
        if ((clientFlags & ~(Nbd.FLAG_C_FIXED_NEWSTYLE | Nbd.FLAG_C_NO_ZEROES)) != 0) {
            throw new ProtocolViolation("unknown client flags " + Integer.toHexString(clientFlags));
        }
        noZeroes = (clientFlags & Nbd.FLAG_C_NO_ZEROES) != 0;
        while (true) {
            ByteBuffer head = ByteBuffer.allocate(16);
            wire.readFully(head);
            head.flip();
            if (head.getLong() != Nbd.IHAVEOPT) {
                throw new ProtocolViolation("an option without the IHAVEOPT magic");
            }
            int option = head.getInt();
            int length = head.getInt();
            if (length < 0 || length > MAX_OPTION_BYTES) {
                throw new ProtocolViolation("option " + option + " carries " + Integer.toUnsignedString(length) + " bytes");
            }
            ByteBuffer data = ByteBuffer.allocate(length);
            wire.readFully(data);
            data.flip();
            if (tls != null && !(wire instanceof TlsWire) && option != Nbd.OPT_STARTTLS && option != Nbd.OPT_ABORT) {
                if (option == Nbd.OPT_EXPORT_NAME) {
                    throw new ProtocolViolation("EXPORT_NAME before STARTTLS on a server that requires TLS");
                }
                reply(option, Nbd.REP_ERR_TLS_REQD, "this server requires TLS: start it with NBD_OPT_STARTTLS");
                continue;
            }
            switch (option) {
                case Nbd.OPT_EXPORT_NAME -> {
                    String name = text(data);
                    if (!known(name)) {
                        throw new ProtocolViolation("EXPORT_NAME of an export this server does not have: " + name);
                    }
                    ByteBuffer b = ByteBuffer.allocate(noZeroes ? 10 : 134);
                    b.putLong(export.sizeBytes()).putShort((short) transmissionFlags());
                    wire.writeFully(b.clear());
                    return java.util.Optional.of(new Negotiated(wire, structured));
                }
                case Nbd.OPT_ABORT -> {
                    wire.writeFully(Frames.optionReply(option, Nbd.REP_ACK));
                    return java.util.Optional.empty();
                }
                case Nbd.OPT_LIST -> list(option, data);
                case Nbd.OPT_STARTTLS -> startTls(option, data);
                case Nbd.OPT_STRUCTURED_REPLY -> {
                    if (data.hasRemaining()) {
                        reply(option, Nbd.REP_ERR_INVALID, "STRUCTURED_REPLY takes no data");
                    } else {
                        structured = true;
                        wire.writeFully(Frames.optionReply(option, Nbd.REP_ACK));
                    }
                }
                case Nbd.OPT_INFO, Nbd.OPT_GO -> {
                    if (info(option, data) && option == Nbd.OPT_GO) {
                        return java.util.Optional.of(new Negotiated(wire, structured));
                    }
                }
                default -> reply(option, Nbd.REP_ERR_UNSUP, "option " + option + " is not supported by this server");
            }
        }
    }

    /** The transmission flags of the export, as this connection negotiated it. */
    int transmissionFlags() {
        int flags = Nbd.FLAG_HAS_FLAGS | Nbd.FLAG_SEND_FLUSH | Nbd.FLAG_SEND_FUA | Nbd.FLAG_CAN_MULTI_CONN;
        if (export.readOnly()) {
            flags |= Nbd.FLAG_READ_ONLY;
        } else {
            flags |= Nbd.FLAG_SEND_TRIM | Nbd.FLAG_SEND_WRITE_ZEROES;
        }
        if (structured) {
            // every read is answered in one chunk, so "do not fragment" always holds
            flags |= Nbd.FLAG_SEND_DF;
        }
        return flags;
    }

    /** The empty name is the default export, as the specification reserves it. */
    private boolean known(String name) {
        return name.isEmpty() || name.equals(export.name());
    }

    private void list(int option, ByteBuffer data) throws IOException {
        if (data.hasRemaining()) {
            reply(option, Nbd.REP_ERR_INVALID, "LIST takes no data");
            return;
        }
        byte[] name = Frames.text(export.name());
        byte[] description = Frames.text(export.description());
        ByteBuffer server = ByteBuffer.allocate(4 + name.length + description.length).putInt(name.length).put(name).put(description);
        wire.writeFully(Frames.optionReply(option, Nbd.REP_SERVER, server.flip()));
        wire.writeFully(Frames.optionReply(option, Nbd.REP_ACK));
    }

    private void startTls(int option, ByteBuffer data) throws IOException {
        if (tls == null) {
            reply(option, Nbd.REP_ERR_POLICY, "this server is not configured for TLS");
        } else if (wire instanceof TlsWire) {
            reply(option, Nbd.REP_ERR_INVALID, "TLS is already on");
        } else if (data.hasRemaining()) {
            reply(option, Nbd.REP_ERR_INVALID, "STARTTLS takes no data");
        } else {
            wire.writeFully(Frames.optionReply(option, Nbd.REP_ACK));
            TlsWire secured = new TlsWire(channel, tls.newEngine());
            // a failed handshake ends the connection: the acknowledgement is sent, there is no way back
            secured.handshake();
            wire = secured;
        }
    }

    /**
     * Answers {@code INFO} or {@code GO}: the export's size and flags, its block sizes, and its name and
     * description when asked. Whether the client may go on to transmission.
     */
    private boolean info(int option, ByteBuffer data) throws IOException {
        if (data.remaining() < 6) {
            reply(option, Nbd.REP_ERR_INVALID, "INFO and GO need a name length, a name and a count of requests");
            return false;
        }
        int nameLength = data.getInt();
        if (nameLength < 0 || nameLength > data.remaining() - 2) {
            reply(option, Nbd.REP_ERR_INVALID, "the name length passes the end of the option");
            return false;
        }
        String name = text(data.slice(data.position(), nameLength));
        data.position(data.position() + nameLength);
        int requests = Short.toUnsignedInt(data.getShort());
        if (data.remaining() != requests * 2) {
            reply(option, Nbd.REP_ERR_INVALID, "the count of information requests does not match the option's length");
            return false;
        }
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            asked.add(Short.toUnsignedInt(data.getShort()));
        }
        if (!known(name)) {
            reply(option, Nbd.REP_ERR_UNKNOWN, "no export named '" + name + "' here; this server serves '" + export.name() + "'");
            return false;
        }
        ByteBuffer exportInfo = ByteBuffer.allocate(12).putShort((short) Nbd.INFO_EXPORT).putLong(export.sizeBytes())
                .putShort((short) transmissionFlags()).flip();
        wire.writeFully(Frames.optionReply(option, Nbd.REP_INFO, exportInfo));
        // Sent whether asked or not, as qemu-nbd does: a minimum of 1 tells every client that any
        // alignment works (the engine reads, merges and writes the covering blocks).
        ByteBuffer blockSize = ByteBuffer.allocate(14).putShort((short) Nbd.INFO_BLOCK_SIZE).putInt(1)
                .putInt(export.blockSize()).putInt(Nbd.MAX_PAYLOAD).flip();
        wire.writeFully(Frames.optionReply(option, Nbd.REP_INFO, blockSize));
        if (asked.contains(Nbd.INFO_NAME)) {
            byte[] n = Frames.text(export.name());
            wire.writeFully(Frames.optionReply(option, Nbd.REP_INFO,
                    ByteBuffer.allocate(2 + n.length).putShort((short) Nbd.INFO_NAME).put(n).flip()));
        }
        if (asked.contains(Nbd.INFO_DESCRIPTION)) {
            byte[] d = Frames.text(export.description());
            wire.writeFully(Frames.optionReply(option, Nbd.REP_INFO,
                    ByteBuffer.allocate(2 + d.length).putShort((short) Nbd.INFO_DESCRIPTION).put(d).flip()));
        }
        wire.writeFully(Frames.optionReply(option, Nbd.REP_ACK));
        return true;
    }

    private void reply(int option, int error, String message) throws IOException {
        wire.writeFully(Frames.optionError(option, error, message));
    }

    private int readInt() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4);
        wire.readFully(b);
        return b.flip().getInt();
    }

    /** A string of the protocol: UTF-8; a name that is not is one no export has. */
    private static String text(ByteBuffer data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(data.duplicate()).toString();
        } catch (CharacterCodingException e) {
            return "\uFFFD";
        }
    }

    static boolean isHangUp(IOException e) {
        return e instanceof EOFException;
    }
}
