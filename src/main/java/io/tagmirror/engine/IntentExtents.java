package io.tagmirror.engine;

/**
 * The size of a mirror's intent set on each member (DESIGN §3, "intent extents"): extents of
 * {@code extentBytes} each, at most {@code count} of them in a device's durable intent set at once.
 * A power-safe write to an extent outside the set pays one sync to add it; after a power cut, compare
 * reads the extents of the set beside what the entries name. {@code count} 0 turns the set off: every
 * entry batch is then synced before its data, as the first engine did.
 *
 * <p>The defaults are DRBD's activity log's: 1,237 extents of 4 MiB.
 */
public record IntentExtents(long extentBytes, int count) {
    public static final long DEFAULT_EXTENT_BYTES = 4L << 20;
    public static final int DEFAULT_COUNT = 1237;
    /**
     * The most extents one mirror's set may hold: a device keeps the sets of all its mirrors in two
     * slots of {@code IntentSlots.SLOT_BYTES}, 8 bytes an extent.
     */
    public static final int MAX_COUNT = 6000;
    public static final IntentExtents DEFAULT = new IntentExtents(DEFAULT_EXTENT_BYTES, DEFAULT_COUNT);
    /** No intent set: every entry batch is synced before its data. */
    public static final IntentExtents OFF = new IntentExtents(DEFAULT_EXTENT_BYTES, 0);

    /** Checks the sizes an administrator gave for a mirror of {@code blockSize}-byte blocks. */
    public static IntentExtents of(long extentBytes, int count, int blockSize) throws TagMirrorException {
        if (extentBytes < blockSize || extentBytes % blockSize != 0 || Long.bitCount(extentBytes / blockSize) != 1) {
            throw new TagMirrorException("intent extent size " + ByteSize.format(extentBytes) + " is not allowed: give a"
                    + " power-of-two number of blocks of " + blockSize + " bytes (e.g. 4M)");
        }
        if (count < 0 || count > MAX_COUNT) {
            throw new TagMirrorException("intent extent count " + count + " is not allowed: give 0 (no intent set: a sync"
                    + " per entry batch) to " + MAX_COUNT);
        }
        return new IntentExtents(extentBytes, count);
    }

    /** Blocks in one extent, for blocks of {@code blockSize} bytes. */
    public long extentBlocks(int blockSize) {
        return Math.max(1, extentBytes / blockSize);
    }

    /** Whether writes use an intent set at all. */
    public boolean enabled() {
        return count > 0;
    }

    /** Bytes the set covers when full. */
    public long coverBytes() {
        return extentBytes * count;
    }
}
