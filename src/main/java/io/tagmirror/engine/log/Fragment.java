package io.tagmirror.engine.log;

import java.util.zip.CRC32C;

/**
 * The physical layout of a log: 32 KiB blocks of fragments, each behind a 7-byte header (masked
 * CRC32C of the type byte and the payload, 4 bytes little-endian; payload length, 2 bytes
 * little-endian; fragment type, 1 byte). The codes are on disk and never change.
 */
public enum Fragment {
    /** Never written: zeros where a file was extended or preallocated and nothing landed. */
    ZERO(0),
    /** A whole record in one fragment. */
    FULL(1),
    /** The first fragment of a record that continues in the next block. */
    FIRST(2),
    /** A fragment of a record that began in an earlier block and goes on past this one. */
    MIDDLE(3),
    /** The last fragment of a record that began in an earlier block. */
    LAST(4);

    /** Bytes per block: a fragment never crosses a block boundary, so a reader can resynchronise at each. */
    public static final int BLOCK_SIZE = 32 * 1024;
    /** Bytes of a fragment header. */
    public static final int HEADER_SIZE = 7;
    private static final int MASK_DELTA = 0xa282ead8;

    private final byte code;

    Fragment(int code) {
        this.code = (byte) code;
    }

    /** The type as stored in a fragment header. */
    public byte code() {
        return code;
    }

    /** The type stored as {@code code}, or null for a code no writer uses. */
    static Fragment ofCode(int code) {
        return switch (code) {
            case 0 -> ZERO;
            case 1 -> FULL;
            case 2 -> FIRST;
            case 3 -> MIDDLE;
            case 4 -> LAST;
            default -> null;
        };
    }

    /**
     * The stored checksum of a fragment: the CRC32C of its type byte and payload, masked as LevelDB
     * masks it, so a log holding its own CRCs (a log copied into a log) does not checksum to itself.
     */
    static int checksum(byte type, byte[] payload, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(type);
        crc.update(payload, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }
}
