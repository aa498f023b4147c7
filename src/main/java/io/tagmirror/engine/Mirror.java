package io.tagmirror.engine;

import io.tagmirror.engine.compare.Comparison;
import io.tagmirror.engine.compare.MirrorAccess;
import io.tagmirror.engine.compare.ReadPlanner;
import io.tagmirror.engine.compare.Pacer;
import io.tagmirror.engine.compare.Repair;
import io.tagmirror.engine.compare.Resync;
import io.tagmirror.engine.compare.ResyncTracker;
import io.tagmirror.engine.compare.Scrub;
import io.tagmirror.engine.compare.Verifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A logical volume of fixed block size made of one storage object on each of 2..N devices.
 *
 * <p>Every application write is tagged once, checksummed once, and sent to each online device as a
 * write transaction; a device records the entry before it writes the data, so any block that may
 * differ between devices is always named by some entry.
 */
public final class Mirror implements AutoCloseable {
    public static final long DEFAULT_GENERATOR = 1;
    /**
     * ASCII only, as LVM and ZFS name volumes: a name is typed into shells and scripts, suggested as a
     * file name by the console's exports, and will be a fixed-size field of a block device's superblock
     * (64 characters are then 64 bytes); Unicode would also let two names that look alike (composed
     * and decomposed accents) name two mirrors.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final MirrorDefinition definition;
    private final List<MirrorMember> members;
    private final DurabilityMode durability;
    private final BlockLocks blockLocks = new BlockLocks();
    private final MirrorAccess access = new Access();
    private final Crc32cBlocks checksums;
    /**
     * Submitting a write holds it shared; flush, offline and online take it exclusively and then wait
     * for the writes in flight, so they never see a write half done.
     */
    private final ReentrantReadWriteLock barrier = new ReentrantReadWriteLock();
    /**
     * Writes submitted and not finished on every device: a counter every write changes twice, so not
     * under a monitor (sixteen writers queued on one); a flush waiting for it to reach zero says so in
     * {@link #drainWaiters}, and only then does a write that brings it to zero take the monitor to wake it.
     */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger drainWaiters = new java.util.concurrent.atomic.AtomicInteger();
    private final Object inFlightMonitor = new Object();
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Map<Long, TagGenerator> generators = new ConcurrentHashMap<>();
    private final List<MirrorEvent.Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong lengthBlocks;
    /** Bumped whenever membership changes, so a repair can tell its compare is out of date. */
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    /**
     * The epoch whose absent members were last announced as missing writes ({@link #announceMissedWrites}).
     * Volatile, and set only once the listeners are done: a writer that reads the current epoch here
     * goes on without taking {@link #missedWritesLock}, so a degraded mirror's writers share no monitor.
     */
    private volatile long missedWritesAnnounced = -1;
    private final Object missedWritesLock = new Object();
    /** Writes between flushes for log room when a flush could not free it: bounds what they cost. */
    private static final long ROOM_FLUSH_QUIET_WRITES = 1024;
    private final java.util.concurrent.atomic.AtomicBoolean roomFlushing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long roomFlushQuietUntil;
    /** Woken when a trim for log room ends: writers that found a log nearly full meanwhile wait on it. */
    private final Object roomMonitor = new Object();
    /**
     * Held by a trim for log room for its whole run (its sync beside the writes included), and taken by
     * close and abandon before they stop the mirror, so no such trim syncs or trims a device after its
     * owner may have closed it.
     */
    private final ReentrantLock roomLock = new ReentrantLock();
    private volatile boolean stopping;
    private volatile boolean closed;

    private Mirror(MirrorDefinition definition, List<MirrorMember> members, DurabilityMode durability)
            throws IOException {
        this.definition = definition;
        this.members = List.copyOf(members);
        this.durability = durability;
        this.checksums = new Crc32cBlocks(definition.blockSize());
        long length = definition.sizeBlocks();
        for (MirrorMember m : members) {
            if (m.online) {
                length = Math.max(length, m.object.lengthBlocks());
            }
        }
        this.lengthBlocks = new AtomicLong(length);
    }

    /** Checks a mirror name an administrator typed. */
    public static void checkName(String name) throws TagMirrorException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TagMirrorException("mirror name '" + name
                    + "' is not allowed: use ASCII letters (a-z, A-Z), digits, '.', '_' and '-' (at most 64 characters,"
                    + " starting with a letter or digit)");
        }
    }

    /** Makes a new mirror of {@code sizeBytes} on the given devices and records it on each of them. */
    public static Mirror create(String name, long sizeBytes, List<? extends Device> devices, DurabilityMode durability)
            throws IOException {
        return create(name, sizeBytes, devices, durability, IntentExtents.DEFAULT);
    }

    /**
     * As {@link #create(String, long, List, DurabilityMode)}, with the size of the intent set its
     * power-safe writes keep on each member, stored with the mirror.
     */
    public static Mirror create(String name, long sizeBytes, List<? extends Device> devices, DurabilityMode durability,
                                IntentExtents intents) throws IOException {
        checkName(name);
        if (devices.size() < 2) {
            throw new TagMirrorException("a mirror needs at least two devices, got " + devices.size());
        }
        Set<UUID> uuids = new HashSet<>();
        Set<String> locations = new HashSet<>();
        int blockSize = devices.get(0).blockSize();
        for (Device d : devices) {
            if (!uuids.add(d.uuid()) || !locations.add(d.location())) {
                throw new TagMirrorException("device " + d.location() + " is given twice; a mirror needs distinct devices");
            }
            if (d.blockSize() != blockSize) {
                throw new TagMirrorException("devices have different block sizes (" + devices.get(0).location() + ": "
                        + blockSize + ", " + d.location() + ": " + d.blockSize() + "); a mirror needs one block size");
            }
            if (d.descriptor().mirror(name).isPresent()) {
                throw new TagMirrorException("device " + d.location() + " already belongs to a mirror named " + name);
            }
            if (d.isReadOnly()) {
                throw new TagMirrorException("device " + d.location() + " is open read-only");
            }
        }
        if (sizeBytes <= 0 || sizeBytes % blockSize != 0) {
            throw new TagMirrorException("mirror size " + sizeBytes + " bytes is not a positive multiple of the block size "
                    + blockSize);
        }
        if (sizeBytes / blockSize > (1L << 40)) {
            throw new TagMirrorException("mirror size " + sizeBytes + " bytes is larger than TagMirror supports");
        }
        // before any device is written: a refusal changes nothing
        DataRegions.checkFits(name, sizeBytes, devices);
        UUID uuid = UUID.randomUUID();
        IntentExtents checked = IntentExtents.of(intents.extentBytes(), intents.count(), blockSize);
        MirrorDefinition def = new MirrorDefinition(name, uuid, blockSize, sizeBytes / blockSize,
                "mirror-" + uuid, devices.stream().map(Device::uuid).toList(), MirrorDefinition.FIRST_GENERATION,
                checked);
        // Objects first, descriptors after: a crash in between leaves an orphan object, never a
        // device that claims a mirror whose object is missing.
        List<Device> made = new ArrayList<>();
        try {
            for (Device d : devices) {
                d.createObject(def.objectId(), def.sizeBlocks());
                made.add(d);
            }
        } catch (IOException | RuntimeException e) {
            // a refused create leaves no member changed: the objects made so far are new and empty
            for (Device d : made) {
                try {
                    d.deleteObject(def.objectId());
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        for (Device d : devices) {
            d.updateDescriptor(d.descriptor().withMirror(def));
        }
        return open(def, devices, durability);
    }

    /**
     * Assembles a mirror from the devices that are available; members missing from {@code available}
     * are offline (the mirror is degraded). Refused when a device was replaced since it last took part
     * (it is retired), or when {@code def} is older than what the devices record. A member that missed
     * a membership change rejoins stale, and learns the current definition unless opened read-only.
     */
    public static Mirror open(MirrorDefinition def, List<? extends Device> available, DurabilityMode durability)
            throws IOException {
        return open(def, available, Map.of(), durability);
    }

    /**
     * As {@link #open(MirrorDefinition, List, DurabilityMode)}, with where each member missing from
     * {@code available} was and why, when the caller knows, so every refusal that follows can name it.
     * A device whose object is missing or truncated is offline too, with the reason, until
     * {@link #rebuild} restores it or the device is replaced.
     */
    public static Mirror open(MirrorDefinition def, List<? extends Device> available,
                              Map<UUID, UnavailableDevice> unavailable, DurabilityMode durability) throws IOException {
        Map<UUID, MirrorDefinition> recorded = new HashMap<>();
        List<Device> unrecorded = new ArrayList<>();
        for (Device device : available) {
            Optional<MirrorDefinition> own = device.descriptor().mirror(def.name());
            if (own.isEmpty() && device.hasObject(def.objectId())) {
                // create() makes every object before it records the mirror on any device, so a device
                // holding this mirror's object but not its record is one a crash kept create() from reaching.
                unrecorded.add(device);
                own = Optional.of(def);
            }
            if (own.isEmpty() || !own.get().uuid().equals(def.uuid())) {
                throw new TagMirrorException("device " + device.location() + " does not belong to mirror " + def.name());
            }
            recorded.put(device.uuid(), own.get());
        }
        MirrorDefinition current = settle(def, available, recorded);
        for (Device d : available) {
            if (!def.devices().contains(d.uuid())) {
                throw new TagMirrorException("device " + d.location() + " is not a member of mirror " + def.name());
            }
        }
        List<MirrorMember> members = new ArrayList<>();
        int online = 0;
        for (UUID member : def.devices()) {
            Device device = available.stream().filter(d -> d.uuid().equals(member)).findFirst().orElse(null);
            if (device == null) {
                members.add(new MirrorMember(member, unavailable.getOrDefault(member,
                        new UnavailableDevice(member.toString(), "not found"))));
                continue;
            }
            if (device.blockSize() != def.blockSize()) {
                throw new TagMirrorException("device " + device.location() + " has block size " + device.blockSize()
                        + " but mirror " + def.name() + " uses " + def.blockSize());
            }
            boolean behind = recorded.get(member).generation() < current.generation();
            if ((behind || unrecorded.contains(device)) && !device.isReadOnly()) {
                device.updateDescriptor(device.descriptor().withMirror(current));
            }
            if (!device.isReadOnly()) {
                device.setDurability(durability);
            }
            StorageObject object;
            try {
                object = device.object(def.objectId());
            } catch (ObjectDamagedException e) {
                // its data is lost, not just behind: it takes no writes, and its table stays readable
                members.add(new MirrorMember(member, device, e, device.tagTable().lastBatchId()));
                continue;
            }
            MirrorMember joined = new MirrorMember(member, device, object, device.tagTable().lastBatchId());
            // a device whose table was recreated, or which replaced a member, has data no entry describes;
            // one that missed a membership change was away, so it missed writes too
            joined.stale = device.tagTable().needsScrub() || behind;
            members.add(joined);
            online++;
        }
        if (online == 0) {
            throw new TagMirrorException("no device of mirror " + def.name() + " is available: "
                    + offlineSummary(members));
        }
        return new Mirror(def, members, durability);
    }

    /**
     * The definition the devices' records make current: refuses a retired device, and a {@code given}
     * definition older than the devices' own (it would assemble the wrong members).
     */
    private static MirrorDefinition settle(MirrorDefinition given, List<? extends Device> available,
                                           Map<UUID, MirrorDefinition> recorded) throws TagMirrorException {
        List<Membership.Record> records = new ArrayList<>();
        records.add(new Membership.Record(null, "the definition given", given));
        for (Device d : available) {
            records.add(new Membership.Record(d.uuid(), d.location(), recorded.get(d.uuid())));
        }
        Membership.Assessment assessment = Membership.assess(records);
        if (!assessment.retired().isEmpty()) {
            throw Membership.refusal(assessment.retired().get(0), uuid -> available.stream()
                    .filter(d -> d.uuid().equals(uuid)).map(Device::location).findFirst().orElse("device " + uuid));
        }
        MirrorDefinition current = assessment.current();
        if (current.generation() != given.generation() || !current.devices().equals(given.devices())) {
            String holder = available.stream().filter(d -> recorded.get(d.uuid()).equals(current))
                    .map(Device::location).findFirst().orElse("its devices");
            String differs = current.generation() != given.generation()
                    ? holder + " records membership generation " + current.generation() + ", this one " + given.generation()
                    : holder + " records other members at the same generation " + current.generation();
            throw new TagMirrorException("the definition of mirror " + given.name() + " used here is out of date: "
                    + differs + "; import the mirror from " + holder + " again");
        }
        return current;
    }

    public MirrorDefinition definition() {
        return definition;
    }

    public String name() {
        return definition.name();
    }

    public int blockSize() {
        return definition.blockSize();
    }

    public DurabilityMode durability() {
        return durability;
    }

    /** Current length of the volume in blocks (grows with appends). */
    public long lengthBlocks() {
        return lengthBlocks.get();
    }

    public long sizeBytes() {
        return lengthBlocks.get() * definition.blockSize();
    }

    /**
     * The online members' write pipelines' counters ({@link Device#commitStatistics}), summed: batches
     * committed, entries in them, writes handed to a device's thread (a writer that waited committed
     * its own otherwise), entry syncs and intent records.
     */
    public long[] commitStatistics() {
        long[] sum = new long[0];
        for (MirrorMember m : onlineMembers()) {
            long[] s = m.device.commitStatistics();
            sum = Arrays.copyOf(sum, Math.max(sum.length, s.length));
            for (int k = 0; k < s.length; k++) {
                sum[k] += s[k];
            }
        }
        return sum;
    }

    public long writesDone() {
        return writes.get();
    }

    public void addListener(MirrorEvent.Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(MirrorEvent.Listener listener) {
        listeners.remove(listener);
    }

    private void emit(MirrorEvent.Kind kind, UUID device, String message) {
        MirrorEvent event = new MirrorEvent(kind, name(), device, message);
        for (MirrorEvent.Listener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                // a broken view must never break the write path
            }
        }
    }

    /** The generator for writer {@code id}, resuming past every sequence it may have used before. */
    public TagGenerator generator(long id) throws IOException {
        TagGenerator g = generators.get(id);
        if (g != null) {
            return g;
        }
        synchronized (generators) {
            g = generators.get(id);
            if (g == null) {
                g = new TagGenerator(id, new TagGenerator.Reservations() {
                    @Override
                    public long reserved(long generatorId) throws IOException {
                        long max = 0;
                        for (MirrorMember m : members) {
                            if (m.device != null) {
                                max = Math.max(max, m.device.tagTable().reservedSequence(generatorId).orElse(0));
                            }
                        }
                        return max;
                    }

                    @Override
                    public void reserve(long generatorId, long until) throws IOException {
                        int reserved = 0;
                        for (MirrorMember m : onlineMembers()) {
                            try {
                                m.device.tagTable().reserveSequence(generatorId, until);
                                if (durability == DurabilityMode.POWER_SAFE) {
                                    // tags must never be given twice, also after a power cut
                                    m.device.tagTable().sync();
                                }
                                reserved++;
                            } catch (IOException e) {
                                fail(m, e);
                            }
                        }
                        if (reserved == 0) {
                            throw new TagMirrorException("cannot reserve tags: no device of mirror " + name() + " is writable");
                        }
                    }
                });
                generators.put(id, g);
            }
            return g;
        }
    }

    /** One tagged write of {@code data} at byte {@code offset} with the default generator. */
    public Tag write(long offset, byte[] data) throws IOException {
        return write(generator(DEFAULT_GENERATOR), offset, ByteBuffer.wrap(data));
    }

    /**
     * One tagged write at any byte offset and length. A write that does not cover whole blocks is a
     * read-modify-write of its covering blocks; the entry names those blocks, so compare stays exact.
     */
    public Tag write(TagGenerator generator, long offset, ByteBuffer data) throws IOException {
        // The caller waits anyway, so it commits the devices' batches itself when they are idle.
        return await(write(generator, offset, data, true));
    }

    /**
     * Submits a tagged write and returns at once; the future completes when every online device has
     * recorded the entry and written the data. Writes to overlapping blocks take effect in submission
     * order. The data buffer must not change until the future completes.
     */
    public CompletableFuture<Tag> writeAsync(TagGenerator generator, long offset, ByteBuffer data) throws IOException {
        return write(generator, offset, data, false);
    }

    /** A tagged write, sent to the devices with {@link Device#submitAndWait} when {@code waits}, else {@link Device#submit}. */
    private CompletableFuture<Tag> write(TagGenerator generator, long offset, ByteBuffer data, boolean waits)
            throws IOException {
        int length = data.remaining();
        int bs = definition.blockSize();
        if (offset < 0 || length <= 0) {
            throw new TagMirrorException("a write needs offset >= 0 and length > 0 (offset " + offset + ", length " + length + ")");
        }
        long volumeBytes = lengthBlocks.get() * bs;
        // Compared without adding, so an offset near Long.MAX_VALUE cannot wrap around past the check.
        if (offset > volumeBytes - length) {
            throw new TagMirrorException("write of " + length + " bytes at offset " + offset + " runs past the end of mirror "
                    + name() + " (" + volumeBytes + " bytes)");
        }
        long end = offset + length;
        long firstBlock = offset / bs;
        long blockCount = (end + bs - 1) / bs - firstBlock;
        if (blockCount > Integer.MAX_VALUE / bs) {
            throw new TagMirrorException("a single write may not exceed " + (Integer.MAX_VALUE / bs) + " blocks");
        }
        makeLogRoom();
        barrier.readLock().lock();
        BlockLocks.Held held = null;
        try {
            checkOpen();
            checkWritable();
            held = blockLocks.lock(firstBlock, blockCount);
            ByteBuffer blocks;
            if (offset % bs == 0 && length % bs == 0) {
                blocks = data.slice();
            } else {
                // No write to these blocks is in flight (we hold their range), so what the devices
                // hold now is final: merge the new bytes into it.
                blocks = readForUpdate(firstBlock, (int) blockCount, true);
                blocks.position((int) (offset - firstBlock * bs));
                blocks.put(data.duplicate());
                blocks.clear();
            }
            Tag tag = generator.next();
            // one pass over the data gives the checksum of every block and, combined, of the whole write
            int[] blockChecksums = new int[(int) blockCount];
            int whole = checksums.checksums(blocks, blockChecksums);
            TagEntry entry = new TagEntry(tag, definition.objectId(), EntryKind.BLOCKS, firstBlock, (int) blockCount, whole);
            CompletableFuture<Tag> done = dispatch(new WriteTransaction(entry, blocks, blockChecksums), held, waits);
            held = null; // the last device to finish releases the range
            return done;
        } finally {
            if (held != null) {
                held.close();
            }
            barrier.readLock().unlock();
        }
    }

    private static Tag await(CompletableFuture<Tag> future) throws IOException {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw Devices.unwrap(e);
        }
    }

    /** Appends {@code data} (padded with zeros to whole blocks) past the volume's end: an EXTEND transaction. */
    public Tag append(TagGenerator generator, ByteBuffer data) throws IOException {
        int length = data.remaining();
        if (length <= 0) {
            throw new TagMirrorException("an append needs data");
        }
        int bs = definition.blockSize();
        int blockCount = (length + bs - 1) / bs;
        makeLogRoom();
        barrier.readLock().lock();
        appendLock.lock();
        try {
            checkOpen();
            checkWritable();
            long firstBlock = lengthBlocks.get();
            try (BlockLocks.Held held = blockLocks.lock(firstBlock, blockCount)) {
                ByteBuffer blocks = ByteBuffer.allocate(blockCount * bs);
                blocks.put(data.duplicate()).clear();
                Tag tag = generator.next();
                int[] blockChecksums = new int[blockCount];
                int whole = checksums.checksums(blocks, blockChecksums);
                TagEntry entry = new TagEntry(tag, definition.objectId(), EntryKind.EXTEND, firstBlock, blockCount, whole);
                Tag done = await(dispatch(new WriteTransaction(entry, blocks, blockChecksums), null, true));
                lengthBlocks.set(firstBlock + blockCount);
                return done;
            }
        } finally {
            appendLock.unlock();
            barrier.readLock().unlock();
        }
    }

    /**
     * Sends a transaction to every online device: each records the entry before it writes the data,
     * so a device never holds data its table does not name. A device that fails leaves the mirror;
     * the write fails only when no device took it.
     */
    private CompletableFuture<Tag> dispatch(WriteTransaction tx, BlockLocks.Held held, boolean waits) throws IOException {
        List<MirrorMember> targets = onlineMembers();
        if (targets.isEmpty()) {
            throw new TagMirrorException("no device of mirror " + name() + " is online; the write was not made");
        }
        if (targets.size() < members.size()) {
            announceMissedWrites(targets);
        }
        inFlight.incrementAndGet();
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] sent = new CompletableFuture[targets.size()];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = waits && inline() ? targets.get(i).device.submitAndWait(tx) : targets.get(i).device.submit(tx);
        }
        boolean done = true;
        for (CompletableFuture<Void> f : sent) {
            done &= f.isDone();
        }
        if (done) {
            // a waiting writer's devices have finished already: settled here, with no stage per future
            try {
                return CompletableFuture.completedFuture(settle(tx, targets, sent, held));
            } catch (java.util.concurrent.CompletionException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.allOf(sent).handle((ignored, error) -> settle(tx, targets, sent, held));
    }

    /**
     * Once every device has answered a write: fails the devices that could not take it, releases the
     * write's blocks and its count in flight (whatever else throws), and gives the tag, or a
     * CompletionException when no device took it.
     */
    private Tag settle(WriteTransaction tx, List<MirrorMember> targets, CompletableFuture<Void>[] sent, BlockLocks.Held held) {
        try {
            int written = 0;
            IOException last = null;
            for (int i = 0; i < sent.length; i++) {
                if (sent[i].isCompletedExceptionally()) {
                    try {
                        sent[i].join();
                    } catch (RuntimeException e) {
                        last = Devices.unwrap(e);
                        fail(targets.get(i), last);
                    }
                } else {
                    written++;
                }
            }
            if (written > 0) {
                writes.incrementAndGet();
                announceIncompleteLogs(targets);
            }
            if (written == 0) {
                throw new java.util.concurrent.CompletionException(new TagMirrorException(
                        "the write failed on every device of mirror " + name() + (last == null ? "" : ": " + last.getMessage()), last));
            }
            return tx.tag();
        } finally {
            if (held != null) {
                held.close();
            }
            if (inFlight.decrementAndGet() == 0 && drainWaiters.get() > 0) {
                synchronized (inFlightMonitor) {
                    inFlightMonitor.notifyAll();
                }
            }
        }
    }

    /**
     * Tells the listeners, once per membership change and before the first write that goes on without
     * them, which members miss writes from now on: whoever keeps the mirror across sessions records it
     * before any of that write's data is issued, so a member that comes back by any road (opened again
     * in a later session, its drive plugged back) is known to have missed them. Writers that come while
     * the listeners run wait here until they are done; once the epoch is announced, a writer only reads
     * a volatile field (a monitor taken by every write of a degraded mirror made its writers queue).
     */
    private void announceMissedWrites(List<MirrorMember> targets) {
        long now = epoch.get();
        if (missedWritesAnnounced == now) {
            return; // announced, and the listeners were done before it was set
        }
        synchronized (missedWritesLock) {
            if (missedWritesAnnounced == now) {
                return;
            }
            for (MirrorMember m : members) {
                if (!targets.contains(m)) {
                    emit(MirrorEvent.Kind.MISSED_WRITES, m.uuid, "device " + m.location() + " misses the writes to mirror "
                            + name() + " from now on");
                }
            }
            missedWritesAnnounced = now;
        }
    }

    /**
     * Tells the listeners of each member whose tag log stopped keeping entries (full, with no flush able
     * to trim it): the members away then need a whole-volume compare, which an administrator should
     * know before bringing them back. One volatile read per member per write; told once until the log
     * is complete again.
     */
    private void announceIncompleteLogs(List<MirrorMember> targets) {
        for (MirrorMember m : targets) {
            if (m.incompleteAnnounced || !m.device.tagTable().incomplete()) {
                continue;
            }
            synchronized (m) {
                if (m.incompleteAnnounced) {
                    continue;
                }
                m.incompleteAnnounced = true;
            }
            List<String> away = new ArrayList<>();
            for (MirrorMember other : members) {
                if (!other.online || other.stale) {
                    away.add(other.location() + (other.online ? " (back, not yet repaired)" : " (offline)"));
                }
            }
            emit(MirrorEvent.Kind.LOG_INCOMPLETE, m.uuid, "the tag log of device " + m.location() + " of mirror " + name()
                    + " is full and no longer names every write, since " + (away.isEmpty() ? "a member"
                    : String.join(", ", away)) + " missed writes; the next compare reads the whole volume:"
                    + " bring the members back and compare and repair mirror " + name());
        }
    }

    /**
     * Whether a waiting writer commits on the devices itself. Crash-safe, a commit costs microseconds,
     * about what waking a device's thread and being woken back costs, so the writer commits on every
     * device in turn, as an untagged write to two files is made. Power-safe with an intent set, a
     * commit syncs only when a write leaves the set, so it costs what a crash-safe one does. Power-safe
     * without one, each commit waits for a sync: the devices' threads sync side by side, and the
     * wake-ups are small beside a sync (measured in pairs, docs/performance.md).
     */
    private boolean inline() {
        return durability != DurabilityMode.POWER_SAFE || definition.intents().enabled();
    }

    /**
     * Whether {@link #write(TagGenerator, long, ByteBuffer)} commits on the caller's thread, with no
     * device thread woken: false power-safe without intent extents, where each commit waits for a sync
     * on the devices' threads.
     */
    public boolean commitsOnCaller() {
        return inline();
    }

    /** Waits until every submitted write has finished on every device; called holding the barrier exclusively. */
    private void awaitWritesInFlight() {
        if (inFlight.get() == 0) {
            return;
        }
        // said before the count is read under the monitor: a write that brings it to zero after that
        // sees a waiter and wakes it under the same monitor, so the wake-up cannot fall between
        drainWaiters.incrementAndGet();
        try {
            waitOn(inFlightMonitor, () -> inFlight.get() > 0);
        } finally {
            drainWaiters.decrementAndGet();
        }
    }

    /**
     * Waits on {@code monitor} while {@code condition} holds, checking it under the monitor, whoever
     * interrupts: what it waits for is a write or a trim that will end, and the caller must not go on
     * before. The interrupt is kept for the caller.
     */
    private static void waitOn(Object monitor, java.util.function.BooleanSupplier condition) {
        synchronized (monitor) {
            boolean interrupted = false;
            while (condition.getAsBoolean()) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Reads whole blocks from the best online device that holds their current data: one that missed no
     * writes, or one whose resync has passed them. A device that missed writes to them is never read: for
     * a write that merges into them ({@code forWrite}) the merged blocks would carry its old data to every
     * device and overwrite an acknowledged write there, and a reader would get data older than it wrote.
     */
    private ByteBuffer readForUpdate(long firstBlock, int count, boolean forWrite) throws IOException {
        List<MirrorMember> order = readOrder(firstBlock, count);
        if (order.isEmpty() && !onlineMembers().isEmpty()) {
            throw new NotInSyncException(forWrite
                    ? "cannot write part of blocks " + firstBlock + "+" + count + " of mirror " + name()
                    + ": every online device missed writes, so none is known to hold the rest of those blocks;"
                    + " compare and repair the mirror first (writes of whole blocks go on)"
                    : "cannot read blocks " + firstBlock + "+" + count + " of mirror " + name()
                    + ": every online device missed writes, so none is known to hold their current data;"
                    + " compare and repair the mirror first");
        }
        IOException last = null;
        for (MirrorMember m : order) {
            try {
                return m.object.read(firstBlock, count);
            } catch (IOException e) {
                last = e;
                fail(m, e);
            }
        }
        throw new TagMirrorException("cannot read blocks " + firstBlock + "+" + count + " of mirror " + name()
                + ": no device is readable", last);
    }

    /** Reads whole blocks of the volume from the best online device. */
    public ByteBuffer read(long firstBlock, int count) throws IOException {
        // A request outside the volume is the caller's mistake: refuse it before any device is read,
        // since a device whose read fails leaves the mirror.
        if (firstBlock < 0 || count <= 0 || firstBlock > lengthBlocks.get() - count
                || count > Integer.MAX_VALUE / definition.blockSize()) {
            throw new TagMirrorException("cannot read blocks " + firstBlock + "+" + count + " of mirror " + name()
                    + ": the volume has blocks 0 to " + (lengthBlocks.get() - 1));
        }
        try (BlockLocks.Held held = blockLocks.lock(firstBlock, count)) {
            return readForUpdate(firstBlock, count, false);
        }
    }

    /**
     * Decides which member each of {@code blocks} is read from: one in sync for those blocks, as a
     * compare of the entries over them decides. Refuses ({@link NotInSyncException}) while the blocks
     * differ and no member is known to hold their current data, or no member missed no writes.
     */
    public ReadPlan planRead(BlockRange blocks, TaskMonitor monitor) throws IOException {
        checkOpen();
        return new ReadPlanner(access).plan(blocks, monitor);
    }

    /**
     * Reads whole blocks from {@code firstBlock} into {@code into}, up to its limit, from the members
     * {@code plan} names. A member that went offline or was found to have missed writes since the plan
     * was made is not read: the read is refused and a new plan picks another.
     */
    public void read(ReadPlan plan, long firstBlock, ByteBuffer into) throws IOException {
        int bs = definition.blockSize();
        long end = firstBlock + into.remaining() / bs;
        if (!plan.mirror().equals(name()) || into.remaining() % bs != 0 || firstBlock < plan.blocks().firstBlock()
                || end > plan.blocks().endBlock()) {
            throw new IllegalArgumentException("blocks " + firstBlock + "-" + (end - 1) + " are not in the plan of "
                    + plan.blocks() + " of mirror " + plan.mirror());
        }
        checkOpen();
        for (ReadPlan.Source source : plan.sources()) {
            long from = Math.max(firstBlock, source.firstBlock());
            long to = Math.min(end, source.endBlock());
            if (from >= to) {
                continue;
            }
            MirrorMember m = member(source.device());
            ByteBuffer part = into.slice(into.position() + (int) (from - firstBlock) * bs, (int) (to - from) * bs);
            // Under the block locks: a write in flight is seen whole or not at all, as on every member.
            try (BlockLocks.Held held = blockLocks.lock(from, to - from)) {
                if (!m.online || m.stale) {
                    throw new NotInSyncException("device " + m.location() + " of mirror " + name()
                            + (m.online ? " was found to have missed writes" : " went offline")
                            + " during the read; read again");
                }
                try {
                    m.object.readInto(from, part);
                } catch (IOException e) {
                    fail(m, e);
                    throw new TagMirrorException("reading blocks " + from + "-" + (to - 1) + " of mirror " + name()
                            + " from device " + m.location() + " failed (" + e.getMessage()
                            + "); the device left the mirror: read again", e);
                }
            }
        }
        into.position(into.position() + (int) (end - firstBlock) * bs);
    }

    /**
     * Reads whole blocks from {@code firstBlock} into {@code into}, up to its limit, from a member in
     * sync for them (one that missed no writes, or one whose resync has passed them), never one that may
     * be behind on them: what a client of a served mirror reads. The members in sync are tried from the
     * {@code start}-th on (a hint that spreads reads over them); one whose read fails leaves the mirror
     * and the next is read. Refused ({@link NotInSyncException}) when no member in sync is left. Safe
     * from any thread.
     */
    public void readInSync(long firstBlock, ByteBuffer into, int start) throws IOException {
        int bs = definition.blockSize();
        int count = into.remaining() / bs;
        if (into.remaining() % bs != 0 || firstBlock < 0 || count <= 0 || firstBlock > lengthBlocks.get() - count) {
            throw new TagMirrorException("cannot read blocks " + firstBlock + "+" + count + " of mirror " + name()
                    + ": the volume has blocks 0 to " + (lengthBlocks.get() - 1));
        }
        checkOpen();
        IOException last = null;
        // Under the block locks: a write in flight is seen whole or not at all, as on every member, and
        // a resync cannot be copying these blocks.
        try (BlockLocks.Held held = blockLocks.lock(firstBlock, count)) {
            List<MirrorMember> inSync = new ArrayList<>(members.size());
            for (MirrorMember m : members) {
                if (m.inSyncFor(firstBlock, count)) {
                    inSync.add(m);
                }
            }
            for (int i = 0; i < inSync.size(); i++) {
                MirrorMember m = inSync.get(Math.floorMod(start + i, inSync.size()));
                if (!m.inSyncFor(firstBlock, count)) {
                    continue;
                }
                try {
                    m.object.readInto(firstBlock, into.duplicate());
                    into.position(into.limit());
                    return;
                } catch (IOException e) {
                    last = e;
                    fail(m, e);
                }
            }
        }
        throw new NotInSyncException("cannot read blocks " + firstBlock + "+" + count + " of mirror " + name()
                + ": no online device has all writes" + (last == null ? "" : " (last failure: " + last.getMessage() + ")")
                + "; compare and repair the mirror");
    }

    /**
     * The members a read of the blocks may come from: those that missed no writes first, then those whose
     * resync has passed the blocks; never one that may be behind on them.
     */
    private List<MirrorMember> readOrder(long firstBlock, long count) {
        List<MirrorMember> order = new ArrayList<>();
        for (MirrorMember m : members) {
            if (m.online && !m.stale) {
                order.add(m);
            }
        }
        for (MirrorMember m : members) {
            if (m.stale && m.inSyncFor(firstBlock, count)) {
                order.add(m);
            }
        }
        return order;
    }

    static int checksum(ByteBuffer data) {
        CRC32C crc = new CRC32C();
        crc.update(data.duplicate());
        return (int) crc.getValue();
    }

    /**
     * Makes every write acknowledged so far durable on every online device, then trims the entries
     * that thereby became durable everywhere, when no device has missed writes.
     */
    public void flush() throws IOException {
        barrier.writeLock().lock();
        try {
            checkOpen();
            awaitWritesInFlight();
            int synced = 0;
            IOException last = null;
            for (MirrorMember m : onlineMembers()) {
                try {
                    m.object.sync();
                    if (durability == DurabilityMode.POWER_SAFE) {
                        // entries are appended without a sync in power-safe mode too (the intent set
                        // covers their data meanwhile): a flush makes them durable with the data
                        m.device.syncEntries();
                    }
                    synced++;
                } catch (IOException e) {
                    // An fsync error is never retried as if the data were safe: the device leaves the mirror.
                    last = e;
                    fail(m, e);
                }
            }
            if (synced == 0) {
                throw new TagMirrorException("flush failed on every device of mirror " + name(), last);
            }
            emit(MirrorEvent.Kind.FLUSHED, null, "flushed " + synced + " devices");
            if (isWhole()) {
                long trimmed = 0;
                for (MirrorMember m : members) {
                    TagTable table = m.device.tagTable();
                    trimmed += table.trim(m.protectedUpTo, table.lastBatchId());
                }
                if (trimmed > 0) {
                    emit(MirrorEvent.Kind.TRIMMED, null, "trimmed " + trimmed + " entries");
                }
                // every member took every write and holds it durably now: what a full log did not
                // name is the same everywhere
                for (MirrorMember m : members) {
                    m.device.tagTable().clearIncomplete();
                    m.incompleteAnnounced = false; // a later fill is told again
                }
            }
        } finally {
            barrier.writeLock().unlock();
        }
    }

    /**
     * Makes room before a member's tag log of fixed room fills up (a block device's). With every member
     * in sync, a log half full is trimmed without stopping the writes for a sync of the data
     * ({@link #trimForRoom}); only a writer that finds a log nearly full before that ends waits for it.
     * With a member away nothing can be trimmed: the entries superseded by a later write to the same
     * blocks are deleted instead, each block keeping its newest entry, so a workload that writes the
     * same blocks again and again goes on being named exactly; a log still full stops keeping entries
     * (its table is then incomplete, and the next compare reads the whole volume). Called before a
     * write takes the barrier; one writer makes room while the others go on.
     */
    private void makeLogRoom() throws IOException {
        if (roomFlushing.get()) {
            awaitRoomWhileNearlyFull();
            return;
        }
        if (!anyLogHalfFull()) {
            return; // every write asks: one pass over the members, and nearly full implies half full
        }
        if (writes.get() >= roomFlushQuietUntil && !stopping && isWhole() && !anyLogIncomplete()
                && roomFlushing.compareAndSet(false, true)) {
            if (durability == DurabilityMode.POWER_SAFE) {
                startTrimForRoomBesideWrites();
                awaitRoomWhileNearlyFull();
            } else {
                try {
                    trimForRoom();
                } finally {
                    endRoomFlush();
                }
            }
            return;
        }
        if (!anyLogNearlyFull() || writes.get() < roomFlushQuietUntil || !roomFlushing.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!anyLogNearlyFull()) {
                return;
            }
            long quiet = ROOM_FLUSH_QUIET_WRITES;
            if (isWhole()) {
                flush();
            } else {
                quiet = Math.max(quiet, compactLogs() / 4);
            }
            if (anyLogNearlyFull()) {
                // what is left is kept on purpose (entries from before this session until a compare
                // settles them, or each block's newest entry while a member is away): doing it again on
                // every write would not free it; a compaction waits for a quarter of the entries it
                // kept to be written again, so its cost stays a small share of the writes'
                roomFlushQuietUntil = writes.get() + quiet;
            }
        } finally {
            endRoomFlush();
        }
    }

    private void endRoomFlush() {
        roomFlushing.set(false);
        synchronized (roomMonitor) {
            roomMonitor.notifyAll();
        }
    }

    /** The back-pressure of a trim for room: a writer waits for it only while a log is nearly full. */
    private void awaitRoomWhileNearlyFull() {
        if (anyLogNearlyFull()) {
            // roomFlushing is cleared before the monitor is taken to wake us, so the wake-up cannot fall between
            waitOn(roomMonitor, () -> roomFlushing.get() && anyLogNearlyFull());
        }
    }

    private void startTrimForRoomBesideWrites() {
        try {
            Thread t = new Thread(() -> {
                try {
                    trimForRoom();
                } finally {
                    endRoomFlush();
                }
            }, "tagmirror-log-room-" + name());
            t.setDaemon(true);
            t.start();
        } catch (RuntimeException | Error e) {
            endRoomFlush();
            throw e;
        }
    }

    /**
     * Trims the members' logs for room without stopping the writes for a sync of the data, which on a
     * large device written at random writes back most of it and takes seconds. The writes are drained
     * once to take a cut: each log's last batch, every write up to it done on every member; if a write
     * that failed on a member during the drain took it out of the mirror, nothing is trimmed (the
     * others' entries of that write are what it missed).
     *
     * <p>Power-safe, the members' data and entries are then synced on this thread while writes go on,
     * and the entries up to the cut trimmed: their data was written before the sync began, so it is
     * durable everywhere. Nothing is trimmed if membership changed meanwhile or a sync failed (that
     * member leaves the mirror, as in {@link #flush}). Crash-safe, no data is synced (the mode promises
     * to survive a process crash, and the data of every write up to the cut is in the page cache of
     * every member): the entries up to the cut are trimmed at once, under the same short drain. Either
     * way, a log the trim leaves half dead is rewritten into its other half, which is synced as always.
     *
     * <p>A log marked incomplete is left to {@link #flush}, which stops the writes: only a flush with
     * no write after it may say the table names every block again.
     */
    private void trimForRoom() {
        roomLock.lock();
        try {
            if (stopping) {
                return;
            }
            boolean syncs = durability == DurabilityMode.POWER_SAFE;
            Map<MirrorMember, Long> cut = new HashMap<>();
            long epochAtCut;
            barrier.writeLock().lock();
            try {
                if (closed || !isWhole() || anyLogIncomplete()) {
                    return;
                }
                awaitWritesInFlight();
                // again after the drain: a write in flight that failed on a member took it out of the
                // mirror meanwhile, and the entries the others keep of that write are what it missed
                if (!isWhole() || anyLogIncomplete()) {
                    return;
                }
                epochAtCut = epoch.get();
                for (MirrorMember m : members) {
                    cut.put(m, m.device.tagTable().lastBatchId());
                }
                if (!syncs) {
                    trimUpToCut(cut);
                }
            } finally {
                barrier.writeLock().unlock();
            }
            if (syncs) {
                for (MirrorMember m : cut.keySet()) {
                    try {
                        m.object.sync();
                        m.device.syncEntries();
                    } catch (IOException e) {
                        failIfUnchanged(m, e, epochAtCut);
                        return;
                    }
                }
                emit(MirrorEvent.Kind.FLUSHED, null, "flushed " + cut.size() + " devices beside the writes, to make"
                        + " room in their tag logs");
                barrier.writeLock().lock();
                try {
                    if (closed || epoch.get() != epochAtCut || !isWhole()) {
                        return;
                    }
                    trimUpToCut(cut);
                } finally {
                    barrier.writeLock().unlock();
                }
            }
            if (anyLogHalfFull()) {
                // kept on purpose (entries a compare has yet to settle) or written during the sync: the
                // next trim waits for a quarter of them to be written again, as a compaction does
                long kept = 0;
                for (MirrorMember m : onlineMembers()) {
                    kept = Math.max(kept, m.device.tagTable().count());
                }
                roomFlushQuietUntil = writes.get() + Math.max(ROOM_FLUSH_QUIET_WRITES, kept / 4);
            }
        } catch (IOException e) {
            // a table that cannot say its last batch or its count: nothing more is trimmed, and the
            // writes' own appends meet what broke it and fail that member
        } finally {
            roomLock.unlock();
        }
    }

    /** Trims each member's entries up to its cut; called holding the barrier exclusively. */
    private void trimUpToCut(Map<MirrorMember, Long> cut) {
        long trimmed = 0;
        for (Map.Entry<MirrorMember, Long> c : cut.entrySet()) {
            MirrorMember m = c.getKey();
            try {
                trimmed += m.device.tagTable().trim(m.protectedUpTo, c.getValue());
            } catch (IOException e) {
                fail(m, e); // a log that cannot take its trim mark cannot take the next entry either
            }
        }
        if (trimmed > 0) {
            emit(MirrorEvent.Kind.TRIMMED, null, "trimmed " + trimmed + " entries to make room in the tag logs");
        }
    }

    /** Fails a member whose sync failed, unless membership changed since the cut (it may have been closed). */
    private void failIfUnchanged(MirrorMember m, IOException cause, long epochAtCut) {
        barrier.writeLock().lock();
        try {
            if (!closed && epoch.get() == epochAtCut) {
                fail(m, cause);
            }
        } finally {
            barrier.writeLock().unlock();
        }
    }

    /** Lets a trim for log room end and starts no other: before the mirror stops taking writes. */
    private void stopFlushesBesideWrites() {
        stopping = true;
        roomLock.lock();
        roomLock.unlock();
    }

    /**
     * Deletes, on each online member whose log nears its end and still names every write, the entries
     * superseded by a later entry of this session (whose write is drained and, power-safe, synced
     * first: the newer data is on the media before the older entry goes). Returns the most entries a
     * log kept.
     */
    private long compactLogs() throws IOException {
        long kept = 0;
        barrier.writeLock().lock();
        try {
            checkOpen();
            awaitWritesInFlight();
            for (MirrorMember m : onlineMembers()) {
                TagTable table = m.device.tagTable();
                if (!table.nearlyFull() || table.incomplete() || m.device.isReadOnly()) {
                    continue;
                }
                try {
                    if (durability == DurabilityMode.POWER_SAFE) {
                        m.object.sync();
                    }
                    long dropped = table.compactSuperseded(m.protectedUpTo);
                    if (dropped > 0) {
                        emit(MirrorEvent.Kind.TRIMMED, m.uuid, "deleted " + dropped + " entries of device " + m.location()
                                + " that later writes to the same blocks superseded");
                    }
                    kept = Math.max(kept, table.count());
                } catch (IOException e) {
                    fail(m, e);
                }
            }
        } finally {
            barrier.writeLock().unlock();
        }
        return kept;
    }

    private boolean anyLogHalfFull() {
        for (MirrorMember m : members) {
            if (m.online && m.device.tagTable().halfFull()) {
                return true;
            }
        }
        return false;
    }

    private boolean anyLogIncomplete() {
        for (MirrorMember m : members) {
            if (m.online && m.device.tagTable().incomplete()) {
                return true;
            }
        }
        return false;
    }

    private boolean anyLogNearlyFull() {
        for (MirrorMember m : members) {
            if (m.online && m.device.tagTable().nearlyFull()) {
                return true;
            }
        }
        return false;
    }

    /** Whether every member takes writes and none has missed any: only then may flush trim. */
    boolean isWhole() {
        for (MirrorMember m : members) {
            if (!m.online || m.stale) {
                return false;
            }
        }
        return true;
    }

    private void fail(MirrorMember m, IOException cause) {
        synchronized (m) {
            if (!m.online) {
                return;
            }
            m.online = false;
            m.offlineReason = "failed: " + cause.getMessage();
            m.endResync();
        }
        epoch.incrementAndGet();
        emit(MirrorEvent.Kind.DEVICE_FAILED, m.uuid, "device " + m.location() + " failed and left mirror " + name()
                + ": " + cause.getMessage());
    }

    /** Stops sending writes to a device; the others keep their entries, which list what it misses. */
    public void takeOffline(UUID device, String reason) throws TagMirrorException {
        MirrorMember m = member(device);
        barrier.writeLock().lock();
        try {
            awaitWritesInFlight();
            if (!m.online) {
                return;
            }
            if (onlineMembers().size() == 1) {
                throw new TagMirrorException("device " + m.location() + " is the last online device of mirror " + name());
            }
            m.online = false;
            m.offlineReason = reason == null ? "taken offline" : reason;
            m.endResync();
            epoch.incrementAndGet();
        } finally {
            barrier.writeLock().unlock();
        }
        emit(MirrorEvent.Kind.DEVICE_OFFLINE, device, "device " + m.location() + " is offline");
    }

    /** Sends writes to a device again; it stays marked stale until a repair settles what it missed. */
    public void bringOnline(UUID device) throws TagMirrorException {
        MirrorMember m = member(device);
        if (m.device == null) {
            throw new TagMirrorException("device " + device + " of mirror " + name() + " is not available");
        }
        if (m.damage != null) {
            throw new TagMirrorException("device " + m.location() + " cannot come back online: " + m.offlineReason);
        }
        barrier.writeLock().lock();
        try {
            awaitWritesInFlight();
            if (m.online) {
                return;
            }
            try {
                // durably, before it takes a write: after a power cut the compare still knows it came
                // back from an outage, and does not take its data where no checksum decides
                m.device.setMissedWrites(definition.objectId(), true);
            } catch (IOException e) {
                throw new TagMirrorException("device " + m.location() + " cannot come back online: recording that it"
                        + " missed writes failed (" + e.getMessage() + ")", e);
            }
            m.online = true;
            m.stale = true;
            m.endResync();
            m.offlineReason = null;
            epoch.incrementAndGet();
        } finally {
            barrier.writeLock().unlock();
        }
        emit(MirrorEvent.Kind.DEVICE_ONLINE, device, "device " + m.location()
                + " is back; resynchronise it, or compare and repair it");
    }

    /**
     * Gives a member whose object is missing or truncated an object of the volume's length again (a
     * new empty one, or its surviving head extended with zeros) and brings it online, marked as
     * needing a scrub: none of its data can be trusted until {@link #rebuild} (or a scrub) has copied
     * the volume onto it. Does nothing to a member whose object is whole.
     */
    public void restoreObject(UUID device) throws IOException {
        MirrorMember m = member(device);
        if (m.damage == null) {
            return;
        }
        if (m.device.isReadOnly()) {
            throw new TagMirrorException("device " + m.location() + " is open read-only; its object cannot be restored");
        }
        barrier.writeLock().lock();
        try {
            checkOpen();
            awaitWritesInFlight();
            // Marked durably first: a crash once the object is back leaves a member named as needing a
            // scrub, never an empty object that a compare of the tables alone would call in sync.
            m.device.tagTable().setNeedsScrub(true);
            m.device.tagTable().sync();
            m.object = m.device.restoreObject(definition.objectId(), lengthBlocks.get());
            m.damage = null;
            m.stale = true;
            m.endResync();
            m.offlineReason = null;
            m.online = true;
            epoch.incrementAndGet();
        } finally {
            barrier.writeLock().unlock();
        }
        emit(MirrorEvent.Kind.DEVICE_ONLINE, device, "device " + m.location() + " has an object again;"
                + " its data is rebuilt from the others");
    }

    /**
     * Rebuilds member {@code target} from {@code source}: restores its object when it is missing or
     * truncated, copies every block of the volume that differs from the source onto it (a scrub of
     * that member alone), and clears its need of a scrub. The other members are left as they are:
     * where they disagree is still named by their entries, for compare and repair.
     */
    public ScrubReport rebuild(UUID target, UUID source, TaskMonitor monitor) throws IOException {
        MirrorMember to = member(target);
        MirrorMember from = member(source);
        if (to == from) {
            throw new TagMirrorException("device " + to.location() + " cannot be rebuilt from itself");
        }
        if (to.device == null) {
            throw new TagMirrorException("device " + to.location() + " is not available (" + to.offlineReason
                    + "); replace it instead");
        }
        if (!from.online) {
            throw new TagMirrorException("the source device " + from.location() + " is offline (" + from.offlineReason + ")");
        }
        if (from.device.tagTable().needsScrub()) {
            throw new TagMirrorException("the source device " + from.location() + " needs a scrub itself: no entry"
                    + " describes its data; rebuild from another device");
        }
        restoreObject(target);
        if (!to.online) {
            throw new TagMirrorException("device " + to.location() + " is offline (" + to.offlineReason
                    + "); bring it online first");
        }
        return new Scrub(access, source, Set.of(target), monitor).run();
    }

    MirrorMember member(UUID device) throws TagMirrorException {
        for (MirrorMember m : members) {
            if (m.uuid.equals(device)) {
                return m;
            }
        }
        throw new TagMirrorException("device " + device + " is not a member of mirror " + name());
    }

    List<MirrorMember> members() {
        return members;
    }

    List<MirrorMember> onlineMembers() {
        List<MirrorMember> online = new ArrayList<>(members.size());
        for (MirrorMember m : members) {
            if (m.online) {
                online.add(m);
            }
        }
        return online;
    }

    /**
     * The refusal of {@code operation} when fewer than two devices are online, naming each offline
     * device and why, so the administrator sees the way back without asking for the status.
     */
    TagMirrorException tooFewOnline(String operation) {
        int online = onlineMembers().size();
        return new TagMirrorException("mirror " + name() + " has " + online + " device" + (online == 1 ? "" : "s")
                + " online; " + operation + " needs at least two: " + offlineSummary(members));
    }

    private static String offlineSummary(List<MirrorMember> members) {
        List<String> offline = new ArrayList<>();
        for (MirrorMember m : members) {
            if (!m.online) {
                offline.add(m.location() + " is offline (" + m.offlineReason + ")");
            }
        }
        return String.join("; ", offline);
    }

    /** How many devices take writes now. */
    public int onlineCount() {
        return onlineMembers().size();
    }

    BlockLocks blockLocks() {
        return blockLocks;
    }

    /** What this mirror's compares, repairs, scrubs, verifies and read plans are given of it. */
    MirrorAccess access() {
        return access;
    }

    long epoch() {
        return epoch.get();
    }

    void growLength(long blocks) {
        lengthBlocks.accumulateAndGet(blocks, Math::max);
    }

    /** After a repair that settled everything with all devices present, flush may trim again. */
    void markWhole(Map<UUID, Long> settledUpToBatch, long compareEpoch) throws IOException {
        barrier.writeLock().lock();
        try {
            awaitWritesInFlight();
            if (compareEpoch != epoch.get()) {
                return;
            }
            for (MirrorMember m : members) {
                // a member whose data no entry describes is whole only after a scrub, whatever the tables say
                if (!m.online || m.device.tagTable().needsScrub()) {
                    return;
                }
            }
            for (MirrorMember m : members) {
                if (!m.device.isReadOnly() && m.device.missedWrites(definition.objectId())) {
                    m.device.setMissedWrites(definition.objectId(), false);
                }
                m.stale = false;
                m.protectedUpTo = Math.max(m.protectedUpTo, settledUpToBatch.getOrDefault(m.uuid, 0L));
                if (!m.device.isReadOnly()) {
                    // the compare that led here read the whole volume where a table was incomplete
                    m.device.tagTable().clearIncomplete();
                    m.incompleteAnnounced = false; // a later fill is told again
                }
            }
        } finally {
            barrier.writeLock().unlock();
        }
        emit(MirrorEvent.Kind.REPAIRED, null, "mirror " + name() + " repaired");
    }

    /**
     * Puts {@code replacement} (a device of no mirror, same block size) in the place of member
     * {@code old}, which may be gone for good. The new member needs a scrub before the mirror is whole.
     * Returns the new definition, recorded on every available member.
     */
    public static MirrorDefinition replaceMember(MirrorDefinition def, UUID old, Device replacement,
                                                 List<? extends Device> others) throws IOException {
        if (!def.devices().contains(old)) {
            throw new TagMirrorException("device " + old + " is not a member of mirror " + def.name());
        }
        if (def.devices().contains(replacement.uuid())) {
            throw new TagMirrorException("device " + replacement.location() + " is already a member of mirror " + def.name());
        }
        if (replacement.blockSize() != def.blockSize()) {
            throw new TagMirrorException("device " + replacement.location() + " has block size " + replacement.blockSize()
                    + "; mirror " + def.name() + " uses " + def.blockSize());
        }
        if (replacement.descriptor().mirror(def.name()).isPresent() || replacement.hasObject(def.objectId())) {
            throw new TagMirrorException("device " + replacement.location() + " already holds mirror " + def.name());
        }
        List<Device> peers = new ArrayList<>();
        Map<UUID, MirrorDefinition> recorded = new HashMap<>();
        for (Device d : others) {
            Optional<MirrorDefinition> own = d.descriptor().mirror(def.name());
            if (!d.uuid().equals(old) && def.devices().contains(d.uuid()) && own.isPresent()
                    && own.get().uuid().equals(def.uuid())) {
                peers.add(d);
                recorded.put(d.uuid(), own.get());
            }
        }
        // a change made from an out-of-date definition would undo the one it missed
        settle(def, peers, recorded);
        List<UUID> members = new ArrayList<>();
        for (UUID u : def.devices()) {
            members.add(u.equals(old) ? replacement.uuid() : u);
        }
        // The new generation is what retires the old member: wherever it turns up later, a peer's
        // record (or a catalog's) of a newer generation that does not list it refuses it.
        MirrorDefinition next = def.withMembers(members);
        replacement.createObject(def.objectId(), def.sizeBlocks());
        replacement.tagTable().setNeedsScrub(true);
        replacement.tagTable().sync();
        // the newcomer first: a crash before the others learn of it leaves the old definition intact
        replacement.updateDescriptor(replacement.descriptor().withMirror(next));
        for (Device d : peers) {
            d.updateDescriptor(d.descriptor().withMirror(next));
        }
        return next;
    }

    /** Each device's state and its entry count for this mirror. */
    public List<MemberStatus> status() throws IOException {
        List<MemberStatus> out = new ArrayList<>();
        for (MirrorMember m : members) {
            long entries = m.device == null ? -1 : entriesOfThisMirror(m.device);
            StorageObject object = m.object;
            long length = object == null ? -1 : object.lengthBlocks();
            boolean needsScrub = m.device != null && m.device.tagTable().needsScrub();
            ResyncTracker resync = m.resync;
            IntentStatus intents = m.device == null ? IntentStatus.NONE : m.device.intentStatus(definition.objectId());
            out.add(new MemberStatus(m.uuid, m.location(), m.online, m.stale, m.offlineReason, entries, length,
                    needsScrub, m.damage != null, resync == null ? null : resync.progress(), intents,
                    m.device != null && m.device.tagTable().incomplete(),
                    m.device == null ? -1 : m.device.dataRegionBytes().orElse(-1)));
        }
        return out;
    }

    /** The entries of {@code device}'s table that name this mirror's object. */
    private long entriesOfThisMirror(Device device) throws IOException {
        if (device.descriptor().mirrors().size() <= 1) {
            return device.tagTable().count(); // a device of one mirror: no scan needed
        }
        String objectId = definition.objectId();
        long[] entries = {0};
        device.tagTable().scan((batch, e) -> {
            if (e.objectId().equals(objectId)) {
                entries[0]++;
            }
            return true;
        });
        return entries[0];
    }

    /**
     * In sync when every device is online, none missed writes, and no entry from before this session
     * (a crash, an outage) is left: entries of writes in flight now do not count.
     */
    public MirrorState state() throws IOException {
        boolean diverged = false;
        boolean resyncing = false;
        for (MirrorMember m : members) {
            if (!m.online) {
                return MirrorState.DEGRADED;
            }
            if (m.stale) {
                diverged = true;
                resyncing |= m.resync != null;
            }
        }
        if (resyncing) {
            return MirrorState.REPAIRING;
        }
        if (!diverged) {
            for (MirrorMember m : members) {
                // extents left from before a power cut may differ with no entry saying so
                if (hasEntriesUpTo(m.device.tagTable(), m.protectedUpTo)
                        || !m.device.intentExtentsToCompare(definition.objectId()).isEmpty()) {
                    diverged = true;
                    break;
                }
            }
        }
        return diverged ? MirrorState.DIVERGED : MirrorState.IN_SYNC;
    }

    /** Whether the table holds an entry of this mirror's object in a batch up to {@code batch}. */
    private boolean hasEntriesUpTo(TagTable table, long batch) throws IOException {
        if (batch <= 0) {
            return false;
        }
        String objectId = definition.objectId();
        boolean[] found = {false};
        // a device may carry several mirrors: only this mirror's entries say it diverged
        table.scan((id, e) -> {
            if (id > batch) {
                return false;
            }
            found[0] = e.objectId().equals(objectId);
            return !found[0];
        });
        return found[0];
    }

    /** Merges the tag tables of the online devices, and the data of the ranges they name, into a report. */
    public CompareReport compare(TaskMonitor monitor) throws IOException {
        return new Comparison(access, monitor).run();
    }

    /** Applies a compare report: copies ranges, then deletes the entries it settled. */
    public RepairReport repair(CompareReport report, RepairPolicy policy, TaskMonitor monitor) throws IOException {
        return new Repair(access, report, policy, monitor).run();
    }

    /**
     * Makes every online device identical to {@code source} block by block, independent of tags: the
     * fallback when a tag table was lost, and how a replacement device is filled.
     */
    public ScrubReport scrub(UUID source, TaskMonitor monitor) throws IOException {
        return new Scrub(access, source, monitor).run();
    }

    /**
     * Brings {@code device}, which came back after missing writes, in sync while the mirror stays in use:
     * copies onto it, at most {@code bytesPerSecond}, the blocks the entries name that differ from a
     * member that missed nothing, then marks it in sync and flushes (which trims the entries). Reads
     * use it for the blocks the resync has passed, never for the others. Blocks the calling thread until
     * done, cancelled (through {@code monitor}), or stopped because the device left again; a member that
     * missed nothing has nothing to do.
     */
    public ResyncReport resync(UUID device, long bytesPerSecond, TaskMonitor monitor) throws IOException {
        return resync(device, bytesPerSecond, Pacer.SYSTEM, monitor);
    }

    /** As {@link #resync(UUID, long, TaskMonitor)}, with the clock that paces it (tests move their own). */
    ResyncReport resync(UUID device, long bytesPerSecond, Pacer.Clock clock, TaskMonitor monitor) throws IOException {
        MirrorMember m = member(device);
        if (bytesPerSecond <= 0) {
            throw new TagMirrorException("a resync rate must be positive, not " + bytesPerSecond + " bytes per second");
        }
        ResyncTracker tracker = new ResyncTracker(bytesPerSecond, blockSize());
        barrier.writeLock().lock();
        try {
            checkOpen();
            awaitWritesInFlight();
            if (!m.online) {
                throw new TagMirrorException("device " + m.location() + " of mirror " + name() + " is offline ("
                        + m.offlineReason + "); bring it online first");
            }
            if (!m.stale) {
                return new ResyncReport(name(), m.location(), true, false, 0, 0, 0, 0, null);
            }
            if (m.resync != null) {
                throw new TagMirrorException("device " + m.location() + " of mirror " + name()
                        + " is being resynchronised already");
            }
            m.resync = tracker;
        } finally {
            barrier.writeLock().unlock();
        }
        emit(MirrorEvent.Kind.RESYNC_STARTED, device, "resynchronising device " + m.location() + " of mirror " + name());
        ResyncReport report = null;
        try {
            report = new Resync(access, device, tracker, clock, monitor).run(bytesPerSecond);
        } finally {
            if (report == null || !report.completed()) {
                // what it passed stays in sync only while it runs: later writes might not reach the member
                detachResync(m, tracker);
            }
        }
        if (!report.completed()) {
            return report;
        }
        if (markResynced(m, tracker)) {
            flush();
            forgetMissedWrites(m);
            // after the flush: whoever keeps the member's outage (the workspace's catalog) forgets it
            // only once what the resync copied is durable
            emit(MirrorEvent.Kind.RESYNCED, device, "device " + m.location() + " of mirror " + name() + " is in sync again");
            return report;
        }
        detachResync(m, tracker);
        return new ResyncReport(report.mirror(), report.device(), false, false, report.blocksExamined(), report.blocksCopied(),
                report.bytesCopied(), report.seconds(),
                "device " + m.location() + " went offline or missed writes again at the end of the resync");
    }

    private void detachResync(MirrorMember m, ResyncTracker tracker) {
        barrier.writeLock().lock();
        try {
            tracker.supersede();
            if (m.resync == tracker) {
                m.resync = null;
            }
        } finally {
            barrier.writeLock().unlock();
        }
    }

    /** Marks the member in sync, with every write drained, unless its resync was superseded meanwhile. */
    private boolean markResynced(MirrorMember m, ResyncTracker tracker) throws IOException {
        barrier.writeLock().lock();
        try {
            awaitWritesInFlight();
            if (m.resync != tracker || tracker.superseded() || !m.online) {
                return false;
            }
            if (m.device.tagTable().needsScrub()) {
                m.device.tagTable().setNeedsScrub(false);
            }
            m.stale = false;
            m.resync = null;
            settleResynced(tracker);
            return true;
        } finally {
            barrier.writeLock().unlock();
        }
    }

    /**
     * Clears the mark {@link #bringOnline} left on a member that came back, once its resync is done and
     * flushed: a compare would otherwise go on taking it for a member that missed writes (and, after a
     * reopening, prefer another member's data to its newer data). Not when it left or missed writes
     * again meanwhile: the mark is what a later session knows of that.
     */
    private void forgetMissedWrites(MirrorMember m) throws IOException {
        barrier.writeLock().lock();
        try {
            awaitWritesInFlight();
            if (m.online && !m.stale && !m.device.isReadOnly() && m.device.missedWrites(definition.objectId())) {
                m.device.setMissedWrites(definition.objectId(), false);
            }
        } finally {
            barrier.writeLock().unlock();
        }
    }

    /**
     * Deletes the entries a resync went through when they name nothing left to settle: with two members,
     * both online, the resync made the one that came back equal to the other on every block those
     * entries name, including entries an earlier session left. With more members two of the others may
     * still disagree there, which only a compare can tell: their entries stay for it. Called with every
     * write drained, so each entry up to the snapshot describes a write that reached every member.
     */
    private void settleResynced(ResyncTracker tracker) throws IOException {
        if (members.size() != 2 || !isWhole() || !tracker.snapshot().keySet().containsAll(
                members.stream().map(x -> x.uuid).toList())) {
            return;
        }
        if (durability == DurabilityMode.POWER_SAFE) {
            // on the media before the entries that name them go (invariant 1 across a power cut)
            for (MirrorMember x : members) {
                x.object.sync();
            }
        }
        String objectId = definition.objectId();
        for (MirrorMember x : members) {
            x.device.tagTable().deleteUpTo(tracker.snapshot().get(x.uuid), e -> !e.objectId().equals(objectId));
        }
    }

    /** Compares every block of every online device, independent of tags. */
    public VerifyReport verify(TaskMonitor monitor) throws IOException {
        return new Verifier(access, monitor).run();
    }

    private void checkOpen() throws TagMirrorException {
        if (closed) {
            throw new TagMirrorException("mirror " + name() + " is closed");
        }
    }

    /**
     * Refuses a write, before any tag is taken, while an online member is open read-only (only inspected
     * here, e.g. because another process holds it): every device would refuse it, and each refusal would
     * be taken for a device that failed and left the mirror, though nothing was written anywhere.
     */
    private void checkWritable() throws TagMirrorException {
        for (MirrorMember m : members) {
            if (m.online && m.device.isReadOnly()) {
                throw new TagMirrorException("mirror " + name() + " cannot be written here: device " + m.location()
                        + " is open read-only (another process holds it, or its drive is read-only); close that"
                        + " process or make the drive writable, then open the mirror again");
            }
        }
    }

    /**
     * Stops taking writes without flushing or trimming, leaving the devices as a host crash would
     * (for fault injection in a process that must live on, such as the console). Writes in flight
     * are waited for, and so is a trim for log room syncing beside the writes (seconds, on a large
     * device); nothing else is made durable.
     */
    public void abandon() {
        stopFlushesBesideWrites();
        barrier.writeLock().lock();
        try {
            awaitWritesInFlight();
            closed = true;
        } finally {
            barrier.writeLock().unlock();
        }
    }

    /**
     * Marks a device as having missed writes (its data is suspect, e.g. after a torn write was
     * injected into it): flush keeps every entry until a repair settles them.
     */
    public void markStale(UUID device, String reason) throws TagMirrorException {
        MirrorMember m = member(device);
        barrier.writeLock().lock();
        try {
            awaitWritesInFlight();
            m.stale = true;
            m.endResync();
            epoch.incrementAndGet();
        } finally {
            barrier.writeLock().unlock();
        }
        emit(MirrorEvent.Kind.DEVICE_ONLINE, device, "device " + m.location() + " may hold damaged data (" + reason
                + "); compare and repair it");
    }

    /**
     * Flushes (an orderly close leaves the mirror trimmed and in sync) and stops taking writes.
     * The devices stay open: they belong to whoever opened them.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        stopFlushesBesideWrites();
        try {
            if (!onlineMembers().isEmpty() && members.stream().allMatch(m -> m.device == null || !m.device.isReadOnly())) {
                flush();
            }
        } finally {
            closed = true;
        }
    }
    /** Hands the engine's own work what it needs of this mirror, without making it part of the public face. */
    private final class Access implements MirrorAccess {
        @Override
        public String name() {
            return Mirror.this.name();
        }

        @Override
        public MirrorDefinition definition() {
            return Mirror.this.definition();
        }

        @Override
        public int blockSize() {
            return Mirror.this.blockSize();
        }

        @Override
        public DurabilityMode durability() {
            return Mirror.this.durability();
        }

        @Override
        public long lengthBlocks() {
            return Mirror.this.lengthBlocks();
        }

        @Override
        public long epoch() {
            return Mirror.this.epoch();
        }

        @Override
        public List<Member> members() {
            return Collections.unmodifiableList(Mirror.this.members());
        }

        @Override
        public List<Member> onlineMembers() {
            return Collections.unmodifiableList(Mirror.this.onlineMembers());
        }

        @Override
        public Member member(UUID device) throws TagMirrorException {
            return Mirror.this.member(device);
        }

        @Override
        public HeldBlocks lockBlocks(long firstBlock, long blockCount) {
            return blockLocks.lock(firstBlock, blockCount);
        }

        @Override
        public TagMirrorException tooFewOnline(String operation) {
            return Mirror.this.tooFewOnline(operation);
        }

        @Override
        public void markWhole(Map<UUID, Long> settledUpToBatch, long compareEpoch) throws IOException {
            Mirror.this.markWhole(settledUpToBatch, compareEpoch);
        }

        @Override
        public void memberFailed(UUID device, IOException cause) throws TagMirrorException {
            fail(Mirror.this.member(device), cause);
        }

        @Override
        public void growLength(long blocks) {
            Mirror.this.growLength(blocks);
        }
    }
}
