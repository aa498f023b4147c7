package io.tagmirror.engine.block;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.TagMirrorException;

/**
 * Where the parts of a block device lie (docs/formats.md): two superblock copies at 4 and 8 KiB, one
 * host slot (an intent ring and a tag log of two halves) from 1 MiB, and the data region aligned to
 * 1 MiB after it. The first 4 KiB are never written (boot code, a partition table's protective area).
 *
 * @param deviceBytes the device's size when it was formatted
 * @param ringOffset where host slot 0's intent ring starts
 * @param ringBytes its length
 * @param logOffset where host slot 0's tag log starts (half 0; half 1 follows it)
 * @param logHalfBytes the length of each half
 * @param dataOffset where the data region starts, a multiple of 1 MiB
 * @param dataBytes the data region's length
 */
public record BlockLayout(long deviceBytes, long ringOffset, long ringBytes, long logOffset, long logHalfBytes,
                          long dataOffset, long dataBytes) {
    public static final long MIB = 1L << 20;
    public static final long SUPERBLOCK_A = 4096;
    public static final long SUPERBLOCK_B = 8192;
    public static final int SUPERBLOCK_BYTES = 4096;
    /** Where the first host slot starts; the layout leaves the bytes up to it for the superblocks. */
    public static final long SLOTS_OFFSET = MIB;
    /** Reserved for the slot's intent-extent ring. */
    public static final long RING_BYTES = MIB;
    /**
     * Each half of the tag log. A half holds the log in use, the other receives its rewrite; 8 MiB holds
     * about 150 000 single-block entries alive at once, far beyond the in-flight window of steady state.
     */
    public static final long LOG_HALF_BYTES = 8 * MIB;
    /** The smallest log half a device may be made with: room for a few thousand entries. */
    public static final long MIN_LOG_HALF_BYTES = 64 * 1024;
    /** The smallest data region worth a device. */
    public static final long MIN_DATA_BYTES = MIB;

    /** The layout of a device of {@code deviceBytes} formatted now; refuses one too small for its metadata. */
    public static BlockLayout forDevice(String where, long deviceBytes) throws TagMirrorException {
        return forDevice(where, deviceBytes, LOG_HALF_BYTES);
    }

    /**
     * Each half of a tag log of {@code logBytes} in all, as an administrator gives it ({@code --log-size});
     * a size that does not split into two whole halves is refused naming the size given.
     */
    public static long logHalfBytes(String where, long logBytes) throws TagMirrorException {
        if (logBytes % (64 * 1024) != 0 || logBytes < 2 * MIN_LOG_HALF_BYTES || logBytes > (2L << 30)) {
            throw logSizeRefused(where, logBytes);
        }
        return logBytes / 2;
    }

    private static TagMirrorException logSizeRefused(String where, long logBytes) {
        return new TagMirrorException("a tag log of " + ByteSize.format(logBytes) + " is not allowed for "
                + where + ": give a multiple of 64 KiB from " + ByteSize.format(2 * MIN_LOG_HALF_BYTES) + " to 2 GiB");
    }

    /**
     * As {@link #forDevice(String, long)} with each tag-log half {@code logHalfBytes} long (a multiple
     * of 32 KiB, the log's block): a smaller log costs less room and fills sooner while a member is away.
     */
    public static BlockLayout forDevice(String where, long deviceBytes, long logHalfBytes) throws TagMirrorException {
        if (logHalfBytes < MIN_LOG_HALF_BYTES || logHalfBytes % (32 * 1024) != 0 || logHalfBytes > (1L << 30)) {
            throw logSizeRefused(where, 2 * logHalfBytes);
        }
        long ring = SLOTS_OFFSET;
        long log = ring + RING_BYTES;
        long data = alignUp(log + 2 * logHalfBytes, MIB);
        long dataBytes = (deviceBytes - data) / MIB * MIB;
        if (dataBytes < MIN_DATA_BYTES) {
            throw new TagMirrorException(where + " is too small for a TagMirror device: it holds "
                    + ByteSize.format(deviceBytes) + ", and its metadata alone takes " + ByteSize.format(data)
                    + " (a data region needs at least " + ByteSize.format(MIN_DATA_BYTES) + " more); use a device of at least "
                    + ByteSize.format(data + MIN_DATA_BYTES));
        }
        return new BlockLayout(deviceBytes, ring, RING_BYTES, log, logHalfBytes, data, dataBytes);
    }

    /** Where half {@code half} (0 or 1) of the tag log starts. */
    public long logHalfOffset(int half) {
        return logOffset + half * logHalfBytes;
    }

    static long alignUp(long value, long unit) {
        return (value + unit - 1) / unit * unit;
    }
}
