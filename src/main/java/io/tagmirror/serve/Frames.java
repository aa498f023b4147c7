package io.tagmirror.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The byte layouts the server sends (network byte order, as {@link ByteBuffer} writes by default). */
final class Frames {
    private Frames() {
    }

    /** An option reply: its header and {@code data}. */
    static ByteBuffer optionReply(int option, int type, ByteBuffer data) {
        ByteBuffer b = ByteBuffer.allocate(20 + data.remaining());
        b.putLong(Nbd.OPTION_REPLY_MAGIC).putInt(option).putInt(type).putInt(data.remaining()).put(data.duplicate());
        return b.flip();
    }

    static ByteBuffer optionReply(int option, int type) {
        return optionReply(option, type, ByteBuffer.allocate(0));
    }

    /** An option's error reply with a message for the person at the client. */
    static ByteBuffer optionError(int option, int type, String message) {
        return optionReply(option, type, ByteBuffer.wrap(text(message)));
    }

    /** A simple reply: no data for success of anything but a read, or any error. */
    static ByteBuffer simple(long cookie, int error) {
        return ByteBuffer.allocate(16).putInt(Nbd.SIMPLE_REPLY_MAGIC).putInt(error).putLong(cookie).flip();
    }

    /** The header of a structured reply chunk. */
    static ByteBuffer chunkHeader(int flags, int type, long cookie, int length) {
        return ByteBuffer.allocate(20).putInt(Nbd.STRUCTURED_REPLY_MAGIC).putShort((short) flags).putShort((short) type)
                .putLong(cookie).putInt(length).flip();
    }

    /** A successful read's reply: the data, in one chunk when structured replies were negotiated. */
    static ByteBuffer[] read(boolean structured, long cookie, long offset, ByteBuffer data) {
        if (!structured) {
            return new ByteBuffer[] {simple(cookie, 0), data};
        }
        if (!data.hasRemaining()) {
            // a data chunk carries at least one byte: an empty read is answered by the final NONE chunk
            return new ByteBuffer[] {chunkHeader(Nbd.REPLY_FLAG_DONE, Nbd.REPLY_TYPE_NONE, cookie, 0)};
        }
        ByteBuffer head = ByteBuffer.allocate(28).putInt(Nbd.STRUCTURED_REPLY_MAGIC)
                .putShort((short) Nbd.REPLY_FLAG_DONE).putShort((short) Nbd.REPLY_TYPE_OFFSET_DATA)
                .putLong(cookie).putInt(8 + data.remaining()).putLong(offset).flip();
        return new ByteBuffer[] {head, data};
    }

    /**
     * An error reply: structured (with the message) when structured replies were negotiated, which a
     * read then needs; simple otherwise.
     */
    static ByteBuffer[] error(boolean structured, long cookie, int error, String message) {
        if (!structured) {
            return new ByteBuffer[] {simple(cookie, error)};
        }
        byte[] m = text(message);
        ByteBuffer b = ByteBuffer.allocate(20 + 6 + m.length);
        b.put(chunkHeader(Nbd.REPLY_FLAG_DONE, Nbd.REPLY_TYPE_ERROR, cookie, 6 + m.length));
        b.putInt(error).putShort((short) m.length).put(m);
        return new ByteBuffer[] {b.flip()};
    }

    /** UTF-8, cut to the 4096 bytes the specification allows a string. */
    static byte[] text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return b.length <= 4096 ? b : java.util.Arrays.copyOf(b, 4096);
    }
}
