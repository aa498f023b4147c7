package io.tagmirror.engine.compare;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.CancelledException;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.PhaseTimings;
import io.tagmirror.engine.ConflictSide;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.IntentFigures;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TagTable;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.Verdict;
import io.tagmirror.engine.compare.MirrorAccess.Member;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The merge of a mirror's tag tables, and of the data of the ranges they name, into a report.
 *
 * <p>Only blocks named by some entry are read: the cost follows the number of entries, not the size
 * of the volume. Entries are sorted by block (in runs on disk when there are many) and swept in that
 * order, held as primitive arrays only while the sweep is over them; each block's verdict
 * follows DESIGN §3, and consecutive blocks with the same verdict, source and targets become one range.
 */
public final class Comparison {
    /** Blocks read per device at a time; bounds memory whatever the size of a region. */
    private static final int WINDOW_BLOCKS = 256;
    /** Regions this close are read in one go: one larger read costs less than several system calls. */
    private static final int GAP_BLOCKS = 4;

    /** The decision for one block, compared with its neighbour's to coalesce ranges. */
    private record BlockVerdict(Verdict verdict, int source, List<Integer> targets, boolean verified, Tag newest,
                                List<ConflictSide> sides) {
        boolean sameRangeAs(BlockVerdict o) {
            return verdict == o.verdict && source == o.source && targets.equals(o.targets) && verified == o.verified
                    && sides.equals(o.sides);
        }
    }

    private static final BlockVerdict IN_SYNC = new BlockVerdict(Verdict.IN_SYNC, -1, List.of(), true, null, List.of());

    /** Entries sorted in memory (some 11 MiB of arrays); past that, each full chunk goes to disk as a sorted run. */
    static final int CHUNK_ENTRIES = 1 << 18;
    /** Entries the sweep has passed that may stay in memory before the live ones are copied aside. */
    static final int COMPACT_SLACK = 1024;

    private final MirrorAccess mirror;
    private final TaskMonitor monitor;

    private final Path spillDir;
    private final int chunkEntries;
    private final int compactSlack;
    /** The entries the sweep has taken and not yet let go. */
    private EntryStore live = new EntryStore();
    private EntryStore spare = new EntryStore();
    private int[] active = new int[16];
    private int activeSize;
    // per decided block: each device's last entry, and which devices' newest follow which (n x n)
    private int[] lastOn = new int[0];
    private boolean[] follows = new boolean[0];
    private final CRC32C crc = new CRC32C();
    private List<Member> online;
    private String objectId;
    private int bs;
    private long bytesRead;
    private long examined;
    // the window of data currently read, per device
    private ByteBuffer[] window;
    private long windowStart;
    private int windowBlocks;
    // the range being built
    private final List<DiffRange> ranges = new ArrayList<>();
    private BlockVerdict current;
    private long currentStart;
    /**
     * When a table is incomplete, the device a block no entry decides is copied from (the one that kept
     * the writes, {@link #newestData}); else -1.
     */
    private int wholeVolumeSource = -1;
    /** The blocks entries named, as [first, end) pairs in order: the intent pass skips them. */
    private final LongList namedRanges = new LongList();
    /** Only entries overlapping these blocks are compared; all when null. */
    private BlockRange scope;

    public Comparison(MirrorAccess mirror, TaskMonitor monitor) {
        this(mirror, monitor, Path.of(System.getProperty("java.io.tmpdir")), CHUNK_ENTRIES, COMPACT_SLACK);
    }

    /** With where and by how many entries to sort in runs, and how many passed entries to keep: for tests. */
    Comparison(MirrorAccess mirror, TaskMonitor monitor, Path spillDir, int chunkEntries, int compactSlack) {
        this.mirror = mirror;
        this.monitor = monitor;
        this.spillDir = spillDir;
        this.chunkEntries = chunkEntries;
        this.compactSlack = compactSlack;
    }

    /**
     * Compares only what the entries overlapping {@code blocks} name: what a read of those blocks needs
     * to know, at the cost of the entries over them (the tables are still scanned once).
     */
    public Comparison within(BlockRange blocks) {
        this.scope = blocks;
        return this;
    }

    public CompareReport run() throws IOException {
        long started = System.nanoTime();
        long epoch = mirror.epoch();
        online = mirror.onlineMembers();
        if (online.size() < 2) {
            throw mirror.tooFewOnline("compare");
        }
        objectId = mirror.definition().objectId();
        bs = mirror.blockSize();
        int n = online.size();
        List<UUID> devices = online.stream().map(m -> m.uuid()).toList();
        Map<UUID, Long> snapshot = new LinkedHashMap<>();
        Map<UUID, Long> counts = new LinkedHashMap<>();
        long fromBlock = scope == null ? 0 : scope.firstBlock();
        long toBlock = scope == null ? Long.MAX_VALUE : scope.endBlock();
        try (EntrySorter sorter = new EntrySorter(spillDir, chunkEntries)) {
            // progress counts the entries read, of all the tables hold: reading them is the long part
            long total = 0;
            for (Member m : online) {
                total += m.device().tagTable().count();
            }
            GatherProgress progress = new GatherProgress(total);
            for (int i = 0; i < n; i++) {
                Member m = online.get(i);
                TagTable table = m.device().tagTable();
                long upTo = table.lastBatchId();
                snapshot.put(m.uuid(), upTo);
                int device = i;
                long before = sorter.size();
                table.scanPacked(objectId, upTo, fromBlock, toBlock, new TagTable.PackedEntryVisitor() {
                    @Override
                    public void entry(long generatorId, long sequence, byte kindCode, long firstBlock, int blockCount,
                                      int checksum, int arrival, ByteBuffer blockChecksums, int checksumsAt)
                            throws IOException {
                        EntryStore chunk = sorter.chunk();
                        chunk.add(generatorId, sequence, kindCode, firstBlock, blockCount, checksum, device, arrival);
                        if (blockChecksums != null) {
                            chunk.setBlockChecksums(chunk.size - 1, blockChecksums, checksumsAt, blockCount);
                        }
                    }

                    @Override
                    public boolean read(int entries) throws IOException {
                        sorter.added();
                        progress.read(entries);
                        return !monitor.isCancelled();
                    }
                });
                checkCancelled();
                counts.put(m.uuid(), sorter.size() - before);
                progress.report();
            }
            long scanned = System.nanoTime();
            boolean spilled = sorter.spilled();
            try (SortedEntries entries = sorter.sorted()) {
                long sorted = System.nanoTime();
                MatchedTags matched = new MatchedTags(n);
                List<UUID> incomplete = incompleteTables();
                // An incomplete table's newest entry may be older than its data (later writes found the
                // log full): the entries decide a block only where they explain that table's data there
                // (decideWholeVolume), and every block they do not name is compared as well.
                wholeVolumeSource = incomplete.isEmpty() ? -1 : newestData();
                sweep(entries, matched);
                IntentFigures intents = compareIntentExtents(fromBlock, toBlock, incomplete);
                long swept = System.nanoTime();
                double seconds = (swept - started) / 1e9;
                PhaseTimings phases = new PhaseTimings(List.of(
                        new PhaseTimings.Phase("gather", (scanned - started) / 1e9),
                        new PhaseTimings.Phase("sort", (sorted - scanned) / 1e9),
                        new PhaseTimings.Phase("sweep", (swept - sorted) / 1e9)),
                        entries.size() + " entries" + (spilled ? " (sorted in runs on disk)" : "") + ", "
                                + (bytesRead >> 20) + " MiB read" + (intents.extents().isEmpty() ? ""
                                : " (" + (intents.bytesRead() >> 20) + " MiB of them in " + intents.extents().size()
                                + " intent extent runs)"));
                List<DiffRange> all = new ArrayList<>(ranges);
                all.sort(java.util.Comparator.comparingLong(DiffRange::firstBlock));
                return new CompareReport(mirror.name(), mirror.definition().uuid(), bs, devices, List.copyOf(all),
                        counts, matched.count(), examined, bytesRead, seconds, epoch, snapshot, unscrubbed(), phases,
                        intents);
            }
        }
    }

    /** Notes that an entry names {@code block}: the intent pass leaves it to the entries' verdict. */
    private void named(long block) {
        int last = namedRanges.size() - 2;
        if (last >= 0 && namedRanges.get(last + 1) == block) {
            namedRanges.set(last + 1, block + 1);
        } else {
            namedRanges.add(block);
            namedRanges.add(block + 1);
        }
    }

    /**
     * DESIGN §3, after a power cut: the extents the online devices kept in their intent sets from before
     * it may hold blocks that differ with no durable entry naming them. Every block of them the entries
     * did not name is read on every device and compared; a block that differs becomes a range of
     * verdict {@link Verdict#INTENT}, copied from the compare's pick unless the policy prefers another
     * member. Only blocks that differ are copied, not whole extents.
     */
    private IntentFigures compareIntentExtents(long fromBlock, long toBlock, List<UUID> incomplete)
            throws IOException {
        // A table that stopped keeping entries (its log was full while a member was away) does not name
        // every block that may differ: every block is compared then, never a wrong "in sync".
        long wholeEnd = Math.min(toBlock, mirror.lengthBlocks());
        List<BlockRange> extents = incomplete.isEmpty() ? intentExtents(fromBlock, toBlock)
                : wholeEnd > fromBlock ? List.of(new BlockRange(fromBlock, wholeEnd - fromBlock)) : List.of();
        if (extents.isEmpty()) {
            return IntentFigures.NONE;
        }
        long readBefore = bytesRead;
        long compared = 0;
        long differing = 0;
        int source = incomplete.isEmpty() ? firstNotStale() : wholeVolumeSource;
        if (window == null) {
            window = new ByteBuffer[online.size()];
        }
        current = null;
        int named = 0; // index into namedRanges (pairs): the first named run that may reach the extent
        long length = mirror.lengthBlocks();
        for (BlockRange whole : extents) {
            if (whole.firstBlock() >= length) {
                continue;
            }
            // past the volume's end there is nothing to read; the report keeps the whole extent, which
            // is what a repair settles
            BlockRange extent = new BlockRange(whole.firstBlock(), Math.min(whole.endBlock(), length) - whole.firstBlock());
            long pos = extent.firstBlock();
            while (pos < extent.endBlock()) {
                checkCancelled();
                while (named < namedRanges.size() && namedRanges.get(named + 1) <= pos) {
                    named += 2;
                }
                if (named < namedRanges.size() && namedRanges.get(named) <= pos) {
                    closeRange(pos);
                    pos = namedRanges.get(named + 1); // the entries decided these blocks
                    continue;
                }
                long end = Math.min(extent.endBlock(), pos + WINDOW_BLOCKS);
                if (named < namedRanges.size()) {
                    end = Math.min(end, namedRanges.get(named));
                }
                int blocks = (int) (end - pos);
                loadWindow(pos, blocks);
                for (int k = 0; k < blocks; k++) {
                    compared++;
                    BlockVerdict verdict = IN_SYNC;
                    if (!identical(k)) {
                        differing++;
                        verdict = new BlockVerdict(incomplete.isEmpty() ? Verdict.INTENT : Verdict.WHOLE_VOLUME, source,
                                differing(source, k), false, null, List.of());
                    }
                    if (verdict == IN_SYNC) {
                        closeRange(pos + k);
                    } else if (current == null || !current.sameRangeAs(verdict)) {
                        closeRange(pos + k);
                        current = verdict;
                        currentStart = pos + k;
                    }
                }
                pos = end;
                closeRangeIfGap(pos, extent.endBlock());
            }
            closeRange(extent.endBlock());
        }
        return new IntentFigures(extents, compared, bytesRead - readBefore, differing, incomplete);
    }

    private int firstNotStale() {
        for (int d = 0; d < online.size(); d++) {
            if (!online.get(d).stale()) {
                return d;
            }
        }
        return 0;
    }

    /**
     * The member holding the newest data when a table is incomplete: one whose log filled while it took
     * writes (it missed none since), else any that missed no writes.
     */
    private int newestData() throws IOException {
        for (int d = 0; d < online.size(); d++) {
            if (online.get(d).device().tagTable().incomplete() && !missedWrites(d)) {
                return d;
            }
        }
        for (int d = 0; d < online.size(); d++) {
            if (!missedWrites(d)) {
                return d;
            }
        }
        return firstNotStale();
    }

    /** The online devices whose tables stopped keeping entries when their logs were full. */
    private List<UUID> incompleteTables() {
        List<UUID> out = new ArrayList<>();
        for (Member m : online) {
            if (m.device().tagTable().incomplete()) {
                out.add(m.uuid());
            }
        }
        return out;
    }

    private void closeRangeIfGap(long pos, long extentEnd) {
        if (pos >= extentEnd) {
            closeRange(extentEnd);
        }
    }

    /**
     * The online devices' intent extents of this mirror within {@code [fromBlock, toBlock)}, sorted and
     * merged.
     */
    private List<BlockRange> intentExtents(long fromBlock, long toBlock) throws IOException {
        List<BlockRange> all = new ArrayList<>();
        for (Member m : online) {
            for (BlockRange r : m.device().intentExtentsToCompare(objectId)) {
                long first = Math.max(r.firstBlock(), fromBlock);
                long end = Math.min(r.endBlock(), toBlock);
                if (first < end) {
                    all.add(new BlockRange(first, end - first));
                }
            }
        }
        all.sort(java.util.Comparator.comparingLong(BlockRange::firstBlock));
        List<BlockRange> merged = new ArrayList<>();
        for (BlockRange r : all) {
            BlockRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r.firstBlock() <= last.endBlock()) {
                merged.set(merged.size() - 1, new BlockRange(last.firstBlock(),
                        Math.max(last.endBlock(), r.endBlock()) - last.firstBlock()));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }

    /** The compared devices whose data no entry describes: the tables alone can never call them in sync. */
    private List<UUID> unscrubbed() throws IOException {
        List<UUID> out = new ArrayList<>();
        for (MirrorAccess.Member m : online) {
            if (m.device().tagTable().needsScrub()) {
                out.add(m.uuid());
            }
        }
        return List.copyOf(out);
    }

    /** Reports the entries read every 1/64 of the tables (at least every 1,024 entries, at most every 65,536). */
    private final class GatherProgress {
        private final long total;
        private final long every;
        private long read;
        private long reported;

        GatherProgress(long total) {
            this.total = total;
            this.every = Math.max(1024, Math.min(65_536, total / 64));
        }

        void read(int entries) {
            read += entries;
            if (read - reported >= every) {
                report();
            }
        }

        void report() {
            reported = read;
            // a write after the count can add entries: the total is an estimate, and never shown passed
            monitor.progress("entries merged", read, Math.max(total, read));
        }
    }

    /**
     * Walks the named blocks in order, reading a window of every device at a time. Entries are taken
     * from {@code entries} only as the window reaches them and dropped once it has passed their end,
     * so what is held is the entries over one window, whatever the size of the tables.
     */
    private void sweep(SortedEntries entries, MatchedTags matched) throws IOException {
        window = new ByteBuffer[online.size()];
        long total = entries.size();
        long taken = 0;
        int pending = 0; // the first entry taken whose block the sweep has not reached yet
        long regionStart = 0;
        long pos = 0;
        long reach = 0; // the end of the region: entries overlapping or within GAP_BLOCKS of each other
        boolean inRegion = false;
        while (true) {
            if (!inRegion || pos >= reach) {
                if (!entries.hasNext()) {
                    break;
                }
                long next = entries.nextFirst();
                if (!inRegion || next >= reach + GAP_BLOCKS) {
                    if (inRegion) {
                        closeRange(reach);
                    }
                    // every entry held ends before the new region: start afresh
                    activeSize = 0;
                    live.clear();
                    pending = 0;
                    regionStart = next;
                    pos = next;
                    reach = next;
                    inRegion = true;
                }
            }
            checkCancelled();
            // windows start at the region's start and every WINDOW_BLOCKS after it, so each block is read
            // once and an entry is checked from the window that holds it whenever one does
            long limit = regionStart + ((pos - regionStart) / WINDOW_BLOCKS + 1) * WINDOW_BLOCKS;
            while (entries.hasNext() && entries.nextFirst() < limit && entries.nextFirst() < reach + GAP_BLOCKS) {
                int i = entries.moveNextInto(live);
                matched.add(live, i);
                reach = Math.max(reach, live.end(i));
                taken++;
            }
            // What was taken starts before both the window's limit and the region's reach, so the window
            // reaches all of it. It stops at the limit when the region goes on past it (the blocks up to the
            // next entry are a gap inside the region), else where the region ends.
            boolean regionGoesOn = entries.hasNext() && entries.nextFirst() < reach + GAP_BLOCKS;
            long end = regionGoesOn ? limit : Math.min(limit, reach);
            int blocks = (int) (end - pos);
            loadWindow(pos, blocks);
            for (int k = 0; k < blocks; k++) {
                long block = pos + k;
                while (pending < live.size && live.first[pending] <= block) {
                    if (activeSize == active.length) {
                        active = Arrays.copyOf(active, activeSize * 2);
                    }
                    active[activeSize++] = pending++;
                }
                int kept = 0;
                for (int a = 0; a < activeSize; a++) {
                    if (live.end(active[a]) > block) {
                        active[kept++] = active[a];
                    }
                }
                activeSize = kept;
                if (activeSize == 0) {
                    closeRange(block); // a gap between entries: nothing names this block
                    continue;
                }
                named(block);
                examined++;
                BlockVerdict verdict = identical(k) ? IN_SYNC
                        : wholeVolumeSource >= 0 ? decideWholeVolume(active, activeSize, k) : decide(active, activeSize, k);
                if (current == null || !current.sameRangeAs(verdict)) {
                    closeRange(block);
                    current = verdict;
                    currentStart = block;
                }
            }
            pos += blocks;
            if (live.size - activeSize > Math.max(activeSize, compactSlack)) {
                pending = compact();
            }
            monitor.progress("entries compared", taken, total);
        }
        if (inRegion) {
            closeRange(reach);
        }
    }

    /**
     * Keeps only the entries still active, in their order, so a long region does not hold every entry
     * it has passed. Called between windows, when every entry taken has become active.
     */
    private int compact() throws TagMirrorException {
        spare.clear();
        for (int a = 0; a < activeSize; a++) {
            active[a] = spare.copy(live, active[a]);
        }
        EntryStore passed = live;
        live = spare;
        spare = passed;
        return live.size;
    }

    private void loadWindow(long start, int blocks) throws IOException {
        if (window[0] == null || window[0].capacity() < blocks * bs) {
            // Grown to the largest region met, not made at full size up front: a fresh direct buffer
            // costs a page fault per 4 KiB, which a compare of a few scattered blocks would mostly pay for
            // nothing. Direct, because a read into a heap array is copied through a temporary direct buffer.
            int capacity = Math.min(WINDOW_BLOCKS, Math.max(blocks, window[0] == null ? 16 : window[0].capacity() / bs * 2)) * bs;
            for (int d = 0; d < window.length; d++) {
                window[d] = ByteBuffer.allocateDirect(capacity);
            }
        }
        // Read all devices under the block locks, so a write in flight is seen on all or on none.
        try (MirrorAccess.HeldBlocks held = mirror.lockBlocks(start, blocks)) {
            for (int d = 0; d < online.size(); d++) {
                window[d].clear().limit(blocks * bs);
                online.get(d).object().readInto(start, window[d]);
                bytesRead += (long) blocks * bs;
            }
        }
        windowStart = start;
        windowBlocks = blocks;
    }

    private boolean identical(int k) {
        for (int d = 1; d < window.length; d++) {
            if (!sameBlock(0, d, k)) {
                return false;
            }
        }
        return true;
    }

    private boolean sameBlock(int a, int b, int k) {
        int from = k * bs;
        return window[a].slice(from, bs).mismatch(window[b].slice(from, bs)) < 0;
    }

    private void closeRange(long end) {
        if (current != null && end > currentStart) {
            append(toRange(currentStart, end - currentStart, current));
        }
        current = null;
    }

    /**
     * The verdict of a block whose data differs. Writes to a block are serialised, so each device
     * received the block's writes in one order, and its last entry is the newest write it got. The
     * newest write of all is the one every device's newest is known to precede (see {@link #newestDevice});
     * without one, the devices' newest writes are of several generators, with no order: a conflict.
     */
    private BlockVerdict decide(int[] active, int size, int k) throws IOException {
        int ahead = newestDevice(active, size);
        if (ahead < 0) {
            int newest = highestSequenceOfLast();
            int source = sourceFor(newest, active, size, -1, k);
            return new BlockVerdict(Verdict.CONFLICT, source, differing(source, k), verifies(newest, source, k),
                    live.tag(newest), conflictSides(active, size, k));
        }
        int newest = lastOn[ahead];
        int source = sourceFor(newest, active, size, ahead, k);
        boolean verified = verifies(newest, source, k);
        if (!verified && (live.hasBlockChecksums(newest) || !holdersAgree(newest, active, size, k))) {
            // No device's data matches the newest write: it is torn (or lost) wherever it went. With
            // per-block checksums that is certain; with a whole-range checksum, holders that still agree
            // are most likely right (a later write elsewhere in its range explains the mismatch), holders
            // that disagree leave no basis for choosing. Copying the wrong side would destroy a good write.
            return new BlockVerdict(Verdict.TORN_NEWEST, source, differing(source, k), false, live.tag(newest),
                    conflictSides(active, size, k));
        }
        Verdict verdict;
        if (live.kind[newest] == EntryKind.EXTEND.code()) {
            verdict = Verdict.EXTEND;
        } else if (heldByAll(newest, active, size)) {
            verdict = Verdict.TORN;
        } else {
            verdict = Verdict.COPY;
        }
        return new BlockVerdict(verdict, source, differing(source, k), verified, live.tag(newest), List.of());
    }

    /**
     * The verdict of a block whose data differs, named by entries, when a table is incomplete. Entries
     * decide it as in {@link #decide} where they explain the data of every member whose table is
     * incomplete (its newest entry for the block matches its data, so no write it left unrecorded came
     * after). Elsewhere that member's data is of a write no entry names: it is copied from the member
     * that kept the writes, unless another member holds an entry for the block that this one lacks, a
     * write of its own while they were apart: both sides were written, and a policy or the
     * administrator chooses, as for a conflict of the entries.
     */
    private BlockVerdict decideWholeVolume(int[] active, int size, int k) throws IOException {
        newestDevice(active, size); // fills lastOn: each device's newest entry for the block
        boolean explained = true;
        for (int d = 0; d < online.size() && explained; d++) {
            if (online.get(d).device().tagTable().incomplete()) {
                explained = lastOn[d] >= 0 && verifies(lastOn[d], d, k);
            }
        }
        if (explained) {
            return decide(active, size, k);
        }
        int source = wholeVolumeSource;
        if (!writtenElsewhere(active, size, source)) {
            return new BlockVerdict(Verdict.WHOLE_VOLUME, source, differing(source, k), false, null, List.of());
        }
        int newest = highestSequenceOfLast();
        int pick = sourceFor(newest, active, size, -1, k);
        return new BlockVerdict(Verdict.CONFLICT, pick, differing(pick, k), verifies(newest, pick, k), live.tag(newest),
                conflictSides(active, size, k));
    }

    /** Whether a device other than {@code source} holds an entry for the block that {@code source} does not. */
    private boolean writtenElsewhere(int[] active, int size, int source) {
        for (int a = 0; a < size; a++) {
            int i = active[a];
            if (live.device[i] != source && !holds(active, size, source, i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first device whose newest write for the block is known to follow every other device's newest,
     * or -1 when there is none; fills {@link #lastOn}.
     *
     * <p>Device d's newest follows device e's when d holds e's newest write or a later write of the same
     * generator (sequences order one generator's writes; d received that one, and its own newest, after e's
     * newest), or through a chain of such devices. This is the whole order the tables give: a write precedes
     * another only through a chain of "arrived before it on a device" and "lower sequence of its generator",
     * and the first link of such a chain from a device's newest is always of this kind.
     */
    private int newestDevice(int[] active, int size) {
        int n = online.size();
        if (lastOn.length < n) {
            lastOn = new int[n];
            follows = new boolean[n * n];
        }
        Arrays.fill(lastOn, 0, n, -1);
        for (int a = 0; a < size; a++) {
            int i = active[a];
            int d = live.device[i];
            if (lastOn[d] < 0 || live.arrival[i] > live.arrival[lastOn[d]]) {
                lastOn[d] = i;
            }
        }
        // follows[e * n + d]: device d's newest is known to follow (or be) device e's newest
        for (int e = 0; e < n; e++) {
            for (int d = 0; d < n; d++) {
                follows[e * n + d] = false;
            }
            if (lastOn[e] < 0) {
                continue;
            }
            long gen = live.generator[lastOn[e]];
            long seq = live.sequence[lastOn[e]];
            for (int a = 0; a < size; a++) {
                int i = active[a];
                if (live.generator[i] == gen && live.sequence[i] >= seq) {
                    follows[e * n + live.device[i]] = true;
                }
            }
        }
        for (int via = 0; via < n; via++) {
            for (int e = 0; e < n; e++) {
                if (follows[e * n + via]) {
                    for (int d = 0; d < n; d++) {
                        follows[e * n + d] |= follows[via * n + d];
                    }
                }
            }
        }
        for (int d = 0; d < n; d++) {
            if (lastOn[d] < 0) {
                continue;
            }
            boolean all = true;
            for (int e = 0; e < n && all; e++) {
                all = lastOn[e] < 0 || follows[e * n + d];
            }
            if (all) {
                return d;
            }
        }
        return -1;
    }

    /**
     * Of the devices' newest writes that no other device's newest is known to follow (none follows all
     * the others), the highest sequence: what the newest-sequence policy keeps.
     */
    private int highestSequenceOfLast() {
        int n = online.size();
        int best = -1;
        for (int d = 0; d < n; d++) {
            int i = lastOn[d];
            boolean passed = false;
            for (int e = 0; e < n && !passed; e++) {
                passed = lastOn[e] >= 0 && follows[d * n + e] && !follows[e * n + d];
            }
            if (i >= 0 && !passed && (best < 0 || live.sequence[i] > live.sequence[best]
                    || (live.sequence[i] == live.sequence[best] && live.generator[i] > live.generator[best]))) {
                best = i;
            }
        }
        return best;
    }

    /** Whether every online device has an entry with the tag of entry {@code i}. */
    private boolean heldByAll(int i, int[] active, int size) {
        for (int d = 0; d < online.size(); d++) {
            if (!holds(active, size, d, i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the devices holding entry {@code i}'s tag hold the same data for the block. */
    private boolean holdersAgree(int i, int[] active, int size, int k) {
        int first = -1;
        for (int d = 0; d < online.size(); d++) {
            if (holds(active, size, d, i)) {
                if (first < 0) {
                    first = d;
                } else if (!sameBlock(first, d, k)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether device {@code d} has an entry with the tag of entry {@code i}. */
    private boolean holds(int[] active, int size, int d, int i) {
        for (int a = 0; a < size; a++) {
            int j = active[a];
            if (live.device[j] == d && live.sameTag(i, j)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A device holding the newest entry whose data matches it ({@code preferred} first, -1 for none);
     * else any whose data matches; else a holder.
     */
    private int sourceFor(int newest, int[] active, int size, int preferred, int k) throws IOException {
        List<Integer> holders = new ArrayList<>(2);
        if (preferred >= 0) {
            holders.add(preferred);
        }
        for (int a = 0; a < size; a++) {
            int i = active[a];
            if (live.sameTag(i, newest) && !holders.contains((int) live.device[i])) {
                holders.add((int) live.device[i]);
            }
        }
        for (int d : holders) {
            if (verifies(newest, d, k)) {
                return d;
            }
        }
        for (int d = 0; d < online.size(); d++) {
            if (!holders.contains(d) && verifies(newest, d, k)) {
                return d;
            }
        }
        // No device's data matches: never a device that came back from an outage when another missed no
        // writes, since its data may predate writes flushed while it was away that only the others hold.
        for (int d : holders) {
            if (!missedWrites(d)) {
                return d;
            }
        }
        for (int d = 0; d < online.size(); d++) {
            if (!missedWrites(d)) {
                return d;
            }
        }
        return holders.get(0);
    }

    /** Whether device {@code d} came back from an outage (in this session, or recorded on it) and is not yet repaired. */
    private boolean missedWrites(int d) throws IOException {
        Member m = online.get(d);
        return m.stale() || m.device().missedWrites(objectId);
    }

    private List<Integer> differing(int source, int k) {
        List<Integer> targets = new ArrayList<>(1);
        for (int d = 0; d < window.length; d++) {
            if (d != source && !sameBlock(source, d, k)) {
                targets.add(d);
            }
        }
        return targets;
    }

    private List<ConflictSide> conflictSides(int[] active, int size, int k) throws IOException {
        List<ConflictSide> sides = new ArrayList<>();
        for (int d = 0; d < online.size(); d++) {
            List<Integer> mine = new ArrayList<>();
            for (int a = 0; a < size; a++) {
                if (live.device[active[a]] == d) {
                    mine.add(active[a]);
                }
            }
            mine.sort((x, y) -> Integer.compare(live.arrival[y], live.arrival[x]));
            Tag matches = null;
            for (int i : mine) {
                if (verifies(i, d, k)) {
                    matches = live.tag(i);
                    break;
                }
            }
            sides.add(new ConflictSide(online.get(d).uuid(), mine.stream().map(live::tag).toList(), matches));
        }
        return sides;
    }

    /**
     * Whether device {@code d}'s data matches entry {@code i}: for the block being decided when the
     * entry carries per-block checksums (exact even where a later write changed its other blocks),
     * else over the entry's whole range.
     */
    private boolean verifies(int i, int d, int k) throws IOException {
        if (live.hasBlockChecksums(i)) {
            crc.reset();
            crc.update(window[d].slice(k * bs, bs));
            return (int) crc.getValue() == live.blockChecksum(i, windowStart + k);
        }
        return verifiesWholeRange(i, d, k);
    }

    private boolean verifiesWholeRange(int i, int d, int k) throws IOException {
        long bit = d < 64 ? 1L << d : 0;
        if ((live.checkedOn[i] & bit) != 0) {
            return (live.matchesOn[i] & bit) != 0;
        }
        crc.reset();
        if (live.first[i] >= windowStart && live.end(i) <= windowStart + windowBlocks) {
            crc.update(window[d].slice((int) (live.first[i] - windowStart) * bs, live.count[i] * bs));
        } else {
            ByteBuffer data = online.get(d).object().read(live.first[i], live.count[i]);
            bytesRead += data.remaining();
            crc.update(data);
        }
        boolean ok = (int) crc.getValue() == live.checksum[i];
        live.checkedOn[i] |= bit;
        if (ok) {
            live.matchesOn[i] |= bit;
        }
        return ok;
    }

    private DiffRange toRange(long first, long count, BlockVerdict v) {
        UUID source = v.source() < 0 ? null : online.get(v.source()).uuid();
        List<UUID> targets = v.targets().stream().map(d -> online.get(d).uuid()).toList();
        return new DiffRange(objectId, first, count, v.verdict(), source, targets, v.newest(), v.verified(), v.sides());
    }

    /** Adds a range, joining it to the previous one when they touch and say the same thing. */
    private void append(DiffRange r) {
        if (!ranges.isEmpty()) {
            DiffRange last = ranges.get(ranges.size() - 1);
            if (last.endBlock() == r.firstBlock() && last.verdict() == r.verdict()
                    && Objects.equals(last.source(), r.source()) && last.targets().equals(r.targets())
                    && last.sourceVerified() == r.sourceVerified() && last.sides().equals(r.sides())) {
                ranges.set(ranges.size() - 1, new DiffRange(last.objectId(), last.firstBlock(),
                        last.blockCount() + r.blockCount(), last.verdict(), last.source(), last.targets(), last.newest(),
                        last.sourceVerified(), last.sides()));
                return;
            }
        }
        ranges.add(r);
    }

    /** A growable list of longs, without a box per value. */
    private static final class LongList {
        private long[] values = new long[16];
        private int size;

        int size() {
            return size;
        }

        long get(int i) {
            return values[i];
        }

        void set(int i, long v) {
            values[i] = v;
        }

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    private void checkCancelled() throws TagMirrorException {
        if (monitor.isCancelled()) {
            throw new CancelledException("compare of mirror " + mirror.name() + " was cancelled; nothing was changed");
        }
    }
}
