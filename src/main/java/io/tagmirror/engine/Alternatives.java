package io.tagmirror.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What other resync methods would have copied for the divergence a compare found, computed from the
 * ranges the tag tables name, each with its assumptions stated, so a demo shows honestly where
 * per-write tags win and where a fine bitmap matches them.
 */
public final class Alternatives {
    /** One method's estimate: bytes it would copy (to every target), and the assumption behind it. */
    public record Estimate(String method, long bytesToCopy, String assumption) {
    }

    /** md's default write-intent bitmap chunk. */
    public static final long MD_BITMAP_REGION = 64L << 20;
    /** DRBD's default activity-log extent and number of extents. */
    public static final long DRBD_EXTENT = 4L << 20;
    public static final int DRBD_AL_EXTENTS = 1237;

    private Alternatives() {
    }

    public static List<Estimate> of(CompareReport report, long volumeBytes) {
        int bs = report.blockSize();
        int targets = Math.max(1, report.devices().size() - 1);
        List<BlockRange> named = new ArrayList<>();
        for (DiffRange r : report.ranges()) {
            named.add(r.range());
        }
        List<Estimate> out = new ArrayList<>();
        out.add(new Estimate("tags", report.bytesToCopy(),
                "per-write tags: only blocks whose data differs, to the devices that lack it"));
        out.add(new Estimate("bitmap-4KiB", distinctUnits(named, bs, 4096) * 4096 * targets,
                "write-intent bitmap with one bit per 4 KiB: every 4 KiB unit of a write not yet known durable"
                        + " everywhere (the ranges the tag tables name) is copied to each other device"));
        out.add(new Estimate("bitmap-64MiB", Math.min(distinctUnits(named, bs, MD_BITMAP_REGION) * MD_BITMAP_REGION,
                roundUp(volumeBytes, MD_BITMAP_REGION)) * targets,
                "write-intent bitmap with 64 MiB regions (md's default): every region touched by a named range is"
                        + " copied whole to each other device"));
        long extents = distinctUnits(named, bs, DRBD_EXTENT);
        long volumeExtents = roundUp(volumeBytes, DRBD_EXTENT) / DRBD_EXTENT;
        if (named.isEmpty()) {
            // No write was in flight: no host crash to recover from, and no bitmap bit set either.
            out.add(new Estimate("activity-log-4MiB", 0, "an activity log of " + DRBD_AL_EXTENTS + " extents of 4 MiB"
                    + " (DRBD's default) resyncs its active extents after a host crash; the tag tables name no write"
                    + " in flight, so there is nothing to resync"));
            return out;
        }
        if (!report.intents().extents().isEmpty()) {
            // The real figure: the intent sets these devices kept are an activity log's active extents.
            long volumeBlocks = volumeBytes / bs;
            long blocks = 0;
            for (BlockRange x : report.intents().extents()) {
                blocks += Math.max(0, Math.min(x.endBlock(), volumeBlocks) - x.firstBlock());
            }
            long outside = distinctUnits(outside(named, report.intents().extents()), bs, DRBD_EXTENT) * DRBD_EXTENT;
            out.add(new Estimate("activity-log", (blocks * bs + Math.min(outside, volumeBytes)) * targets,
                    "an activity log of the intent extents these devices kept (" + report.intents().extents().size()
                            + " runs, " + ByteSize.format(blocks * bs) + ") resyncs each of them whole, as DRBD does after"
                            + " a crash, plus the 4 MiB extents of the ranges the entries name outside them; tags copied"
                            + " only the blocks that differ"));
            return out;
        }
        long active = Math.min(DRBD_AL_EXTENTS, volumeExtents);
        out.add(new Estimate("activity-log-4MiB", active * DRBD_EXTENT * targets,
                "after a host crash, an activity log of " + DRBD_AL_EXTENTS + " extents of 4 MiB (DRBD's default) resyncs"
                        + " every active extent; assumes the log is full, as it is after a steady workload (at least the "
                        + extents + " extents the named ranges touch, at most " + DRBD_AL_EXTENTS + " or the whole volume)"));
        return out;
    }

    /** The parts of {@code ranges} (sorted) outside every range of {@code cover} (sorted, merged). */
    private static List<BlockRange> outside(List<BlockRange> ranges, List<BlockRange> cover) {
        List<BlockRange> out = new ArrayList<>();
        for (BlockRange r : ranges) {
            long pos = r.firstBlock();
            for (BlockRange c : cover) {
                if (c.endBlock() <= pos || c.firstBlock() >= r.endBlock()) {
                    continue;
                }
                if (c.firstBlock() > pos) {
                    out.add(new BlockRange(pos, c.firstBlock() - pos));
                }
                pos = Math.max(pos, c.endBlock());
            }
            if (pos < r.endBlock()) {
                out.add(new BlockRange(pos, r.endBlock() - pos));
            }
        }
        return out;
    }

    private static long roundUp(long value, long unit) {
        return (value + unit - 1) / unit * unit;
    }

    /** Number of distinct {@code unit}-sized pieces of the volume the ranges touch (ranges sorted by block). */
    static long distinctUnits(List<BlockRange> ranges, int blockSize, long unit) {
        long count = 0;
        long lastUnit = -1;
        for (BlockRange r : ranges) {
            long firstUnit = r.firstBlock() * blockSize / unit;
            long endUnit = (r.endBlock() * blockSize - 1) / unit;
            long from = Math.max(firstUnit, lastUnit + 1);
            if (endUnit >= from) {
                count += endUnit - from + 1;
            }
            lastUnit = Math.max(lastUnit, endUnit);
        }
        return count;
    }
}
