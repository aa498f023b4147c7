package io.tagmirror.serve;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal NBD client of our own, for what real clients never send: every step of the handshake by
 * hand, raw request frames, malformed ones. Blocking, one thread.
 */
final class NbdTestClient implements AutoCloseable {
    final SocketChannel channel;
    boolean structured;
    long size;
    int transmissionFlags;

    private NbdTestClient(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connected, with the server's greeting read and checked. */
    static NbdTestClient open(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        NbdTestClient c = new NbdTestClient(ch);
        ByteBuffer hello = c.readN(18);
        if (hello.getLong() != Nbd.NBDMAGIC || hello.getLong() != Nbd.IHAVEOPT) {
            throw new IOException("not an NBD newstyle server");
        }
        if ((hello.getShort() & Nbd.FLAG_FIXED_NEWSTYLE) == 0) {
            throw new IOException("not fixed newstyle");
        }
        return c;
    }

    /** Connected and in transmission through GO, with structured replies when asked for. */
    static NbdTestClient go(Path socket, boolean structured) throws IOException {
        NbdTestClient c = open(socket);
        c.clientFlags(Nbd.FLAG_C_FIXED_NEWSTYLE | Nbd.FLAG_C_NO_ZEROES);
        if (structured) {
            c.option(Nbd.OPT_STRUCTURED_REPLY, new byte[0]);
            OptionReply r = c.optionReply();
            if (r.type() != Nbd.REP_ACK) {
                throw new IOException("structured replies refused: " + r.type());
            }
            c.structured = true;
        }
        c.option(Nbd.OPT_GO, infoRequest("", new int[0]));
        while (true) {
            OptionReply r = c.optionReply();
            if (r.type() == Nbd.REP_ACK) {
                return c;
            }
            if (r.type() != Nbd.REP_INFO) {
                throw new IOException("GO refused: " + Integer.toHexString(r.type()) + " " + r.text());
            }
            ByteBuffer d = r.data();
            if (d.getShort() == Nbd.INFO_EXPORT) {
                c.size = d.getLong();
                c.transmissionFlags = Short.toUnsignedInt(d.getShort());
            }
        }
    }

    static byte[] infoRequest(String name, int[] infos) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + n.length + 2 + 2 * infos.length).putInt(n.length).put(n).putShort((short) infos.length);
        for (int i : infos) {
            b.putShort((short) i);
        }
        return b.array();
    }

    void clientFlags(int flags) throws IOException {
        write(ByteBuffer.allocate(4).putInt(flags).flip());
    }

    void option(int option, byte[] data) throws IOException {
        write(ByteBuffer.allocate(16 + data.length).putLong(Nbd.IHAVEOPT).putInt(option).putInt(data.length).put(data).flip());
    }

    record OptionReply(int option, int type, ByteBuffer data) {
        String text() {
            return StandardCharsets.UTF_8.decode(data.duplicate()).toString();
        }
    }

    OptionReply optionReply() throws IOException {
        ByteBuffer h = readN(20);
        if (h.getLong() != Nbd.OPTION_REPLY_MAGIC) {
            throw new IOException("not an option reply");
        }
        int option = h.getInt();
        int type = h.getInt();
        int length = h.getInt();
        return new OptionReply(option, type, readN(length));
    }

    /** Sends a request frame (and its data) as given, checked or not. */
    void request(int type, int flags, long cookie, long offset, long length, byte[] data) throws IOException {
        write(ByteBuffer.wrap(frame(type, flags, cookie, offset, length, data)));
    }

    /** A request frame with its data. */
    static byte[] frame(int type, int flags, long cookie, long offset, long length, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(28 + (data == null ? 0 : data.length)).putInt(Nbd.REQUEST_MAGIC)
                .putShort((short) flags).putShort((short) type).putLong(cookie).putLong(offset).putInt((int) length);
        if (data != null) {
            b.put(data);
        }
        return b.array();
    }

    /** One reply: its cookie, error (0 for success), a read's data, and a structured error's message. */
    record Reply(long cookie, int error, byte[] data, String message) {
    }

    /** Reads one reply; a read's data length is {@code readLength} for a simple reply (the client must know it). */
    Reply reply(int readLength) throws IOException {
        ByteBuffer m = readN(4);
        int magic = m.getInt();
        if (magic == Nbd.SIMPLE_REPLY_MAGIC) {
            ByteBuffer h = readN(12);
            int error = h.getInt();
            long cookie = h.getLong();
            byte[] data = error == 0 && readLength > 0 ? readN(readLength).array() : new byte[0];
            return new Reply(cookie, error, data, "");
        }
        if (magic != Nbd.STRUCTURED_REPLY_MAGIC) {
            throw new IOException("bad reply magic " + Integer.toHexString(magic));
        }
        List<byte[]> parts = new ArrayList<>();
        int error = 0;
        String message = "";
        long cookie;
        while (true) {
            ByteBuffer h = readN(16);
            int flags = Short.toUnsignedInt(h.getShort());
            int type = Short.toUnsignedInt(h.getShort());
            cookie = h.getLong();
            int length = h.getInt();
            ByteBuffer payload = readN(length);
            if (type == Nbd.REPLY_TYPE_OFFSET_DATA) {
                if (length < 9) {
                    throw new IOException("a data chunk of " + length + " bytes: the specification asks for at least 9");
                }
                payload.getLong();
                byte[] d = new byte[payload.remaining()];
                payload.get(d);
                parts.add(d);
            } else if (type == Nbd.REPLY_TYPE_ERROR) {
                error = payload.getInt();
                byte[] msg = new byte[Short.toUnsignedInt(payload.getShort())];
                payload.get(msg);
                message = new String(msg, StandardCharsets.UTF_8);
            } else if (type != Nbd.REPLY_TYPE_NONE) {
                throw new IOException("unexpected chunk type " + type);
            }
            if ((flags & Nbd.REPLY_FLAG_DONE) != 0) {
                break;
            }
            if (readN(4).getInt() != Nbd.STRUCTURED_REPLY_MAGIC) {
                throw new IOException("bad chunk magic");
            }
        }
        int total = parts.stream().mapToInt(p -> p.length).sum();
        ByteBuffer all = ByteBuffer.allocate(total);
        parts.forEach(all::put);
        return new Reply(cookie, error, all.array(), message);
    }

    byte[] read(long offset, int length) throws IOException {
        request(Nbd.CMD_READ, 0, 7, offset, length, null);
        Reply r = reply(length);
        if (r.error() != 0) {
            throw new IOException("read failed: error " + r.error() + " " + r.message());
        }
        return r.data();
    }

    int write(long offset, byte[] data, int flags) throws IOException {
        request(Nbd.CMD_WRITE, flags, 8, offset, data.length, data);
        return reply(0).error();
    }

    int flush() throws IOException {
        request(Nbd.CMD_FLUSH, 0, 9, 0, 0, null);
        return reply(0).error();
    }

    void disconnect() throws IOException {
        request(Nbd.CMD_DISC, 0, 10, 0, 0, null);
    }

    /** Whether the server closed the connection: the next read sees the end of the stream. */
    boolean closedByServer() throws IOException {
        try {
            ByteBuffer b = ByteBuffer.allocate(1);
            return channel.read(b) < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    ByteBuffer readN(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("the server closed the connection");
            }
        }
        return b.flip();
    }

    void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
