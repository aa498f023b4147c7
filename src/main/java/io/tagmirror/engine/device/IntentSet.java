package io.tagmirror.engine.device;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.TagEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A device's intent set (DESIGN §3, "Power-safe without a sync per write"): the extents power-safe
 * data may reach before the entries naming it are durable, kept durably in {@link IntentSlots}.
 *
 * <p>The rule it keeps: no data is issued to an extent before the extent is in the durable set
 * ({@link #cover}, called before each batch's data), and an extent leaves the set only when the
 * entries of every write this device made to it are durable here ({@link #entriesDurable}), so those
 * entries name whatever may differ. Extents read back at open may hold writes of the run before a
 * power cut that no durable entry names: they stay ("pinned") until a repair of every member has made
 * the members agree over them ({@link #settle}).
 *
 * <p>Threading: every method takes this object's lock. {@link #cover} and {@link #appended} are the
 * device's pipeline thread's; the others may come from any thread.
 */
final class IntentSet implements AutoCloseable {
    /** The last batch of an extent a batch is being written to: not retirable until that batch is appended. */
    private static final long IN_USE = Long.MAX_VALUE;

    /** Makes the entries appended so far durable; the pipeline's, handed to {@link #cover}. */
    @FunctionalInterface
    interface EntrySync {
        void sync() throws IOException;
    }

    private static final class Extent {
        long lastBatch;
        boolean pinned;

        Extent(long lastBatch, boolean pinned) {
            this.lastBatch = lastBatch;
            this.pinned = pinned;
        }
    }

    /** One object's extents, least recently written first. */
    private static final class ObjectSet {
        final long extentBlocks;
        final int capacity;
        final LinkedHashMap<Long, Extent> extents = new LinkedHashMap<>(16, 0.75f, true);
        boolean missedWrites;

        ObjectSet(long extentBlocks, int capacity) {
            this.extentBlocks = extentBlocks;
            this.capacity = capacity;
        }
    }

    private final IntentSlots slots;
    private final Function<String, IntentExtents> settings;
    private final int blockSize;
    private final Map<String, ObjectSet> sets = new HashMap<>();
    private long durableBatch;
    private long misses;
    private long records;

    private IntentSet(IntentSlots slots, Function<String, IntentExtents> settings, int blockSize) {
        this.slots = slots;
        this.settings = settings;
        this.blockSize = blockSize;
    }

    /** Reads the set stored in {@code slots}; every extent in it is pinned until a repair settles it. */
    static IntentSet open(IntentSlots slots, Function<String, IntentExtents> settings, int blockSize) throws IOException {
        IntentSet set = new IntentSet(slots, settings, blockSize);
        for (Map.Entry<String, IntentSlots.ObjectExtents> e : slots.read().objects().entrySet()) {
            IntentExtents wanted = settings.apply(e.getKey());
            ObjectSet o = new ObjectSet(e.getValue().extentBlocks(), wanted.count());
            for (long x : e.getValue().extents()) {
                o.extents.put(x, new Extent(0, true));
            }
            o.missedWrites = e.getValue().missedWrites();
            set.sets.put(e.getKey(), o);
        }
        return set;
    }

    private ObjectSet set(String objectId) {
        return sets.computeIfAbsent(objectId, id -> {
            IntentExtents s = settings.apply(id);
            return new ObjectSet(s.extentBlocks(blockSize), s.count());
        });
    }

    /**
     * Before a batch's data is issued: puts every extent the batch writes into the durable set, adding
     * the missing ones in one synced record (which also retires extents whose entries are durable, making
     * the entries durable first through {@code sync} when none is). Returns false when an object of the
     * batch keeps no intent set, or the set cannot hold the batch's extents: the caller then makes the
     * batch's entries durable before its data instead.
     */
    synchronized boolean cover(List<TagEntry> entries, EntrySync sync) throws IOException {
        Map<String, Set<Long>> needed = new LinkedHashMap<>();
        int total = 0;
        for (TagEntry e : entries) {
            ObjectSet o = set(e.objectId());
            long last = (e.endBlock() - 1) / o.extentBlocks;
            if (o.capacity == 0 || last - e.firstBlock() / o.extentBlocks >= o.capacity) {
                return false;
            }
            for (long x = e.firstBlock() / o.extentBlocks; x <= last; x++) {
                Extent ex = o.extents.get(x); // a get moves it to the recently written end
                if (ex != null) {
                    ex.lastBatch = IN_USE;
                } else if (needed.computeIfAbsent(e.objectId(), id -> new LinkedHashSet<>()).add(x)) {
                    total++;
                }
            }
        }
        if (total == 0) {
            return true;
        }
        if (!roomWithoutSync(needed)) {
            // Every extent in use has entries not yet durable: one sync of the entries lets them all go.
            sync.sync();
        }
        for (Map.Entry<String, Set<Long>> n : needed.entrySet()) {
            ObjectSet o = sets.get(n.getKey());
            int excess = o.extents.size() + n.getValue().size() - o.capacity;
            for (Iterator<Extent> it = o.extents.values().iterator(); it.hasNext() && excess > 0; ) {
                if (retirable(it.next())) {
                    it.remove();
                    excess--;
                }
            }
        }
        for (Map.Entry<String, Set<Long>> n : needed.entrySet()) {
            ObjectSet o = sets.get(n.getKey());
            for (long x : n.getValue()) {
                o.extents.put(x, new Extent(IN_USE, false));
            }
        }
        Map<String, IntentSlots.ObjectExtents> stored = stored();
        if (IntentSlots.payloadBytes(stored) > IntentSlots.MAX_PAYLOAD) {
            for (Map.Entry<String, Set<Long>> n : needed.entrySet()) {
                sets.get(n.getKey()).extents.keySet().removeAll(n.getValue());
            }
            return false;
        }
        slots.write(stored);
        misses += total;
        records++;
        return true;
    }

    private boolean roomWithoutSync(Map<String, Set<Long>> needed) {
        for (Map.Entry<String, Set<Long>> n : needed.entrySet()) {
            ObjectSet o = sets.get(n.getKey());
            int excess = o.extents.size() + n.getValue().size() - o.capacity;
            for (Extent ex : o.extents.values()) {
                if (excess <= 0) {
                    break;
                }
                if (retirable(ex)) {
                    excess--;
                }
            }
            if (excess > 0) {
                return false;
            }
        }
        return true;
    }

    private boolean retirable(Extent ex) {
        return !ex.pinned && ex.lastBatch <= durableBatch;
    }

    /** After the batch's entries were appended as batch {@code batchId}: its extents wait for that batch to be durable. */
    synchronized void appended(List<TagEntry> entries, long batchId) {
        for (TagEntry e : entries) {
            ObjectSet o = sets.get(e.objectId());
            if (o == null) {
                continue;
            }
            long last = (e.endBlock() - 1) / o.extentBlocks;
            for (long x = e.firstBlock() / o.extentBlocks; x <= last && x - e.firstBlock() / o.extentBlocks < o.capacity; x++) {
                Extent ex = o.extents.get(x);
                if (ex != null) {
                    ex.lastBatch = batchId;
                }
            }
        }
    }

    /** The entries of batches up to {@code upToBatch} are durable on this device. */
    synchronized void entriesDurable(long upToBatch) {
        durableBatch = Math.max(durableBatch, upToBatch);
    }

    /**
     * The extents of {@code objectId} read back from before this open: where a power cut may have left
     * the members different with no durable entry saying so. Extents this run added hold only writes
     * whose entries this process keeps on every member it wrote, so a compare needs only these.
     */
    synchronized List<BlockRange> pinned(String objectId) {
        ObjectSet o = sets.get(objectId);
        List<BlockRange> out = new ArrayList<>();
        if (o == null) {
            return out;
        }
        o.extents.entrySet().stream().filter(e -> e.getValue().pinned).map(Map.Entry::getKey).sorted()
                .forEach(x -> out.add(new BlockRange(x * o.extentBlocks, o.extentBlocks)));
        return out;
    }

    /**
     * A repair of every member made them agree over {@code ranges} of {@code objectId} and synced the
     * copies: the pinned extents inside them are ordinary again, and those with nothing newer leave.
     */
    synchronized void settle(String objectId, List<BlockRange> ranges) throws IOException {
        ObjectSet o = sets.get(objectId);
        if (o == null) {
            return;
        }
        boolean changed = false;
        for (Iterator<Map.Entry<Long, Extent>> it = o.extents.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Extent> e = it.next();
            BlockRange extent = new BlockRange(e.getKey() * o.extentBlocks, o.extentBlocks);
            if (e.getValue().pinned && ranges.stream().anyMatch(r -> r.firstBlock() <= extent.firstBlock()
                    && r.endBlock() >= extent.endBlock())) {
                e.getValue().pinned = false;
                if (retirable(e.getValue())) {
                    it.remove();
                    changed = true;
                }
            }
        }
        if (changed) {
            slots.write(stored());
            records++;
        }
    }

    /** At an orderly close, once every entry is durable: the extents this run added leave the set. */
    synchronized void retireSettled() throws IOException {
        boolean changed = false;
        for (ObjectSet o : sets.values()) {
            changed |= o.extents.values().removeIf(this::retirable);
        }
        if (changed) {
            slots.write(stored());
            records++;
        }
    }

    /**
     * Records durably whether this device missed writes of {@code objectId}'s mirror: after a power
     * cut, a compare must know which member came back from an outage, since only its peers' entries
     * say what it missed, and its data must not be preferred where no checksum decides.
     */
    synchronized void setMissedWrites(String objectId, boolean missed) throws IOException {
        ObjectSet o = set(objectId);
        if (o.missedWrites != missed) {
            o.missedWrites = missed;
            slots.write(stored());
            records++;
        }
    }

    synchronized boolean missedWrites(String objectId) {
        ObjectSet o = sets.get(objectId);
        return o != null && o.missedWrites;
    }

    /** Extents of {@code objectId} in the durable set now. */
    synchronized int size(String objectId) {
        ObjectSet o = sets.get(objectId);
        return o == null ? 0 : o.extents.size();
    }

    /** Extents added since the device opened, each a write that found its extent outside the set. */
    synchronized long misses() {
        return misses;
    }

    /** Intent records written since the device opened (each one sync). */
    synchronized long records() {
        return records;
    }

    private Map<String, IntentSlots.ObjectExtents> stored() {
        Map<String, IntentSlots.ObjectExtents> out = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectSet> e : sets.entrySet()) {
            if (!e.getValue().extents.isEmpty() || e.getValue().missedWrites) {
                out.put(e.getKey(), new IntentSlots.ObjectExtents(e.getValue().extentBlocks,
                        List.copyOf(e.getValue().extents.keySet()), e.getValue().missedWrites));
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        slots.close();
    }
}
