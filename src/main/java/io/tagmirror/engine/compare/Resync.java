package io.tagmirror.engine.compare;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.NotInSyncException;
import io.tagmirror.engine.ResyncReport;
import io.tagmirror.engine.TagTable;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.compare.MirrorAccess.Member;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Brings a member that came back (it takes writes again, but missed some while it was away) in sync
 * while the mirror stays in use: it goes through the block ranges the members' entries name, in block
 * order, and under the block locks copies onto it each block that differs from a member that missed
 * nothing.
 *
 * <p>Why this is safe with writes going on: since the member came back every write reaches it too, so
 * a block it holds is behind only when it was written while the member was away, and then the entries
 * of the members that stayed name it (flush trims nothing while a member is stale). Copying the current
 * data of a member that missed nothing, under the locks writes take, can only bring the block up to
 * date: a write to it waits for the copy, or the copy waits for the write and copies what it wrote.
 * Blocks no entry names are the same on every member (invariant 1), so as the resync passes them they
 * are in sync too: the tracker's watermark rises behind it, and reads of blocks below it may use the
 * member.
 *
 * <p>A member whose data no entry describes (its table was reset, it replaced a member, its object was
 * restored) is gone through over the whole volume instead, as a scrub would.
 */
public final class Resync {
    private static final int CHUNK_BLOCKS = 256;
    /**
     * Runs of blocks held while the resync goes through them (16 bytes each): past this many, neighbours
     * are joined across their gap. Joined gaps are only read, never copied unless they differ, so this
     * bounds memory at some extra reading for an outage of millions of scattered writes.
     */
    static final int MAX_RUNS = 1 << 20;

    private final MirrorAccess mirror;
    private final UUID target;
    private final ResyncTracker tracker;
    private final Pacer.Clock clock;
    private final TaskMonitor monitor;
    private final Path spillDir;

    public Resync(MirrorAccess mirror, UUID target, ResyncTracker tracker, Pacer.Clock clock, TaskMonitor monitor) {
        this(mirror, target, tracker, clock, monitor, Path.of(System.getProperty("java.io.tmpdir")));
    }

    Resync(MirrorAccess mirror, UUID target, ResyncTracker tracker, Pacer.Clock clock, TaskMonitor monitor,
           Path spillDir) {
        this.mirror = mirror;
        this.target = target;
        this.tracker = tracker;
        this.clock = clock;
        this.monitor = monitor;
        this.spillDir = spillDir;
    }

    /** Goes through the named ranges; the caller makes the member in sync when the report says completed. */
    public ResyncReport run(long rateLimit) throws IOException {
        Member to = mirror.member(target);
        Map<UUID, Long> snapshot = new LinkedHashMap<>();
        for (Member m : mirror.onlineMembers()) {
            snapshot.put(m.uuid(), m.device().tagTable().lastBatchId());
        }
        tracker.snapshot(snapshot);
        long[] runs = to.device().tagTable().needsScrub()
                ? new long[] {0, mirror.lengthBlocks()}
                : namedRuns(snapshot);
        if (monitor.isCancelled()) {
            return cancelled();
        }
        long total = 0;
        for (int i = 0; i < runs.length; i += 2) {
            total += runs[i + 1] - runs[i];
        }
        tracker.total(total);
        int bs = mirror.blockSize();
        Pacer pacer = new Pacer(rateLimit, clock);
        ByteBuffer source = ByteBuffer.allocateDirect(CHUNK_BLOCKS * bs);
        ByteBuffer held = ByteBuffer.allocateDirect(CHUNK_BLOCKS * bs);
        growToVolume(to);
        for (int i = 0; i < runs.length; i += 2) {
            // the blocks before this run are named by no entry: the same everywhere
            tracker.syncedUpTo(runs[i]);
            for (long b = runs[i]; b < runs[i + 1]; b += CHUNK_BLOCKS) {
                int count = (int) Math.min(CHUNK_BLOCKS, runs[i + 1] - b);
                if (!pacer.await((long) count * bs, monitor)) {
                    return cancelled();
                }
                String lost = copyChunk(to, b, count, source, held);
                if (lost != null) {
                    return stopped(lost);
                }
                monitor.progress("blocks resynchronised", tracker.blocksDone(), total);
            }
        }
        if (mirror.durability() == DurabilityMode.POWER_SAFE) {
            // the copies reach the media before the entries naming them can be trimmed
            to.object().sync();
        }
        return report(true, null);
    }

    /**
     * Copies the blocks of one chunk that differ from a member that missed nothing; returns why the
     * resync cannot go on, or null.
     */
    private String copyChunk(Member to, long first, int count, ByteBuffer source, ByteBuffer held) throws IOException {
        int bs = mirror.blockSize();
        try (MirrorAccess.HeldBlocks locks = mirror.lockBlocks(first, count)) {
            if (tracker.superseded() || !to.online()) {
                return "device " + to.location() + " went offline or missed writes again during the resync";
            }
            Member from = currentSource();
            if (from == null) {
                return "no other device of mirror " + mirror.name() + " holds current data any more";
            }
            source.clear().limit(count * bs);
            try {
                from.object().readInto(first, source);
            } catch (IOException e) {
                mirror.memberFailed(from.uuid(), e);
                return "reading device " + from.location() + " failed (" + e.getMessage() + ")";
            }
            held.clear().limit(count * bs);
            long copied = 0;
            try {
                to.object().readInto(first, held);
                for (int k = 0; k < count; k++) {
                    ByteBuffer block = source.slice(k * bs, bs);
                    if (block.mismatch(held.slice(k * bs, bs)) >= 0) {
                        to.object().write(first + k, block);
                        copied++;
                    }
                }
            } catch (IOException e) {
                mirror.memberFailed(to.uuid(), e);
                return "device " + to.location() + " failed during the resync (" + e.getMessage() + ")";
            }
            tracker.done(count, copied);
            tracker.syncedUpTo(first + count);
            return null;
        }
    }

    /** A member online that missed no writes, other than the target; null when there is none. */
    private Member currentSource() {
        for (Member m : mirror.onlineMembers()) {
            if (!m.uuid().equals(target) && !m.stale()) {
                return m;
            }
        }
        return null;
    }

    /** The member's object reaches the volume's end, so every named block can be written to it. */
    private void growToVolume(Member to) throws IOException {
        long length = mirror.lengthBlocks();
        if (to.object().lengthBlocks() < length) {
            to.object().setLengthBlocks(length);
        }
    }

    /**
     * The runs of blocks any online member's entries name, merged and in block order, as pairs
     * (first, end). Gathered through the compare's sorter, so millions of entries sort in runs on disk.
     */
    private long[] namedRuns(Map<UUID, Long> snapshot) throws IOException {
        if (currentSource() == null) {
            throw new NotInSyncException("no other device of mirror " + mirror.name()
                    + " is known to hold current data; compare and repair the mirror first");
        }
        String objectId = mirror.definition().objectId();
        Runs runs = new Runs();
        try (EntrySorter sorter = new EntrySorter(spillDir, Comparison.CHUNK_ENTRIES)) {
            for (Member m : mirror.onlineMembers()) {
                TagTable table = m.device().tagTable();
                table.scanPacked(objectId, snapshot.get(m.uuid()), 0, Long.MAX_VALUE, new TagTable.PackedEntryVisitor() {
                    @Override
                    public void entry(long generatorId, long sequence, byte kindCode, long firstBlock, int blockCount,
                                      int checksum, int arrival, ByteBuffer blockChecksums, int checksumsAt)
                            throws IOException {
                        sorter.chunk().add(generatorId, sequence, kindCode, firstBlock, blockCount, checksum, 0, arrival);
                    }

                    @Override
                    public boolean read(int entries) throws IOException {
                        sorter.added();
                        return !monitor.isCancelled();
                    }
                });
            }
            EntryStore one = new EntryStore();
            try (SortedEntries sorted = sorter.sorted()) {
                while (sorted.hasNext()) {
                    one.clear();
                    int i = sorted.moveNextInto(one);
                    runs.add(one.first[i], one.end(i));
                }
            }
        }
        return runs.toArray(mirror.lengthBlocks());
    }

    private ResyncReport stopped(String why) {
        return report(false, false, why);
    }

    private ResyncReport cancelled() {
        return report(false, true, "cancelled");
    }

    private ResyncReport report(boolean completed, String why) {
        return report(completed, false, why);
    }

    private ResyncReport report(boolean completed, boolean cancelled, String why) {
        long copied = tracker.blocksCopied();
        return new ResyncReport(mirror.name(), locationOfTarget(), completed, cancelled, tracker.blocksDone(), copied,
                copied * mirror.blockSize(), tracker.seconds(), why);
    }

    private String locationOfTarget() {
        try {
            return mirror.member(target).location();
        } catch (IOException e) {
            return target.toString();
        }
    }

    /** Merged runs of blocks added in order of first block, held as (first, end) pairs. */
    static final class Runs {
        private long[] pairs = new long[64];
        private int size;
        private final int maxRuns;

        Runs() {
            this(MAX_RUNS);
        }

        Runs(int maxRuns) {
            this.maxRuns = maxRuns;
        }

        /** Adds blocks [first, end); {@code first} is never below the previous run's. */
        void add(long first, long end) {
            if (size > 0 && first <= pairs[size - 1]) {
                pairs[size - 1] = Math.max(pairs[size - 1], end);
                return;
            }
            if (size / 2 == maxRuns) {
                joinNeighbours();
                add(first, end);
                return;
            }
            if (size == pairs.length) {
                pairs = Arrays.copyOf(pairs, size * 2);
            }
            pairs[size++] = first;
            pairs[size++] = end;
        }

        /** Halves the runs by joining each pair of neighbours across the gap between them. */
        private void joinNeighbours() {
            int out = 0;
            for (int i = 0; i < size; i += 4) {
                pairs[out++] = pairs[i];
                pairs[out++] = i + 2 < size ? pairs[i + 3] : pairs[i + 1];
            }
            size = out;
        }

        /** The runs, each clipped to the volume's {@code lengthBlocks}. */
        long[] toArray(long lengthBlocks) {
            long[] out = new long[size];
            int n = 0;
            for (int i = 0; i < size; i += 2) {
                long end = Math.min(pairs[i + 1], lengthBlocks);
                if (pairs[i] < end) {
                    out[n++] = pairs[i];
                    out[n++] = end;
                }
            }
            return Arrays.copyOf(out, n);
        }
    }
}
