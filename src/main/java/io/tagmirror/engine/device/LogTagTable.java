package io.tagmirror.engine.device;

import io.tagmirror.engine.DeviceDamagedException;
import io.tagmirror.engine.DeviceNotWritableException;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.StorageObjects;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TagTable;
import io.tagmirror.engine.device.io.FileObjectChannel;
import io.tagmirror.engine.device.io.ObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import io.tagmirror.engine.log.LogReader;
import io.tagmirror.engine.log.LogWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The tag table of a directory device, kept in {@code tags.log}: an append-only log of entry batches,
 * trim marks and deletions (docs/formats.md), replayed into a small index when it is opened.
 *
 * <p>An append is one write system call of one or two records (a 44-byte-and-up record per batch,
 * where a SQLite transaction cost 25–40 µs at depth 1, DESIGN §3); in power-safe mode it is synced
 * before it returns, and so before its data is issued. The index keeps, per live batch, where its
 * record lies and which of its entries are settled, not the entries themselves: a device that
 * collects millions of entries while a peer is away holds them in the file, not in the heap.
 *
 * <p>Every method holds this object's monitor: one writer (the device's pipeline) and readers (compare,
 * repair, the console) take turns, as they did on the one SQLite connection before. {@link #sync} holds
 * it only to read where the log ends, not during its fsync, so a background sync never holds up an
 * append.
 */
public final class LogTagTable implements TagTable {
    static final String FILE_NAME = "tags.log";
    /** A rewrite or an upgrade is made here, synced, then renamed over {@link #FILE_NAME}. */
    static final String NEW_FILE_NAME = FILE_NAME + ".new";
    private static final byte[] MAGIC = "TMTAGLOG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** The most a SYNCED record adds to a write: its header and payload, and a block's zero trailer. */
    private static final int SYNCED_RECORD_ROOM = 2 * io.tagmirror.engine.log.Fragment.HEADER_SIZE + 9;
    /** Below this the log is never rewritten: rewriting a few MiB costs more than keeping them. */
    static final long DEFAULT_REWRITE_MIN_BYTES = 4L << 20;
    /** Header of an entry batch record: type, id, count, checksum bytes. */
    private static final int BATCH_HEADER = 1 + 8 + 4 + 4;
    /** A batch record's id, after its type byte: set under the lock in a record encoded before it. */
    private static final java.lang.invoke.VarHandle BATCH_ID =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Where a live batch's record is, and which of its entries a repair or compare settled. */
    private static final class Batch {
        long offset;
        int count;
        int recordBytes;
        int live;
        BitSet settled;

        Batch(long offset, int count, int recordBytes) {
            this.offset = offset;
            this.count = count;
            this.recordBytes = recordBytes;
            this.live = count;
        }
    }

    private final LogPlace place;
    /** The log in messages: its file, or its region of a block device. */
    private final String file;
    private final UUID device;
    private final boolean readOnly;
    private final long rewriteMinBytes;
    private ObjectChannel channel;
    private LogWriter writer;
    /** Reads back the records the index points at (kept between reads: one read per block in order). */
    private LogReader records;
    /** How far the log has been replayed into the index: a read-only table goes on from here. */
    private long replayedTo;
    /** Whether the replay stopped before a torn tail. */
    private boolean torn;
    private Object fileKey;
    private final BatchIndex<Batch> batches = new BatchIndex<>();
    /** Read without the lock by appends encoding their batch before they take it (an index never changes once given). */
    private final Map<String, Integer> objectIndexes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Integer, String> objectNames = new HashMap<>();
    private final Map<Long, Long> generators = new HashMap<>();
    private boolean needsScrub;
    /** Set when an entry batch found no room and was not kept (a block device's log, full while not trimmed). */
    private volatile boolean incomplete;
    /** The most bytes the log may take ({@link LogPlace#capacity}). */
    private final long capacity;
    /** Where appends go next, read without the monitor by {@link #nearlyFull}. */
    private volatile long writtenEnd;
    private long lastBatchId;
    private long liveEntries;
    private long liveBytes;
    /** Bytes appended by {@link #write} since the table was opened ({@link #bytesAppended}). */
    private long appendedBytes;
    private DurabilityMode durability = DurabilityMode.POWER_SAFE;
    /** How far the log is known synced, and how far the last SYNCED record written says (guarded by the monitor). */
    private long syncedEnd;
    private long markedEnd;
    /** Where the log ended when it was opened for writing: a close that appended nothing writes nothing. */
    private long openedEnd;
    /** Calls of {@link #sync} forcing a channel outside the monitor now. */
    private int syncsInFlight;
    /** Channels a rewrite or a close replaced while a sync was forcing them: the last sync to finish closes them. */
    private final List<ObjectChannel> retired = new ArrayList<>();
    /** Set when a write failed part-way: what reached the file is unknown, so nothing more is written. */
    private IOException broken;
    /** The first engine's table this log was carried from, kept beside it until a repair settles entries. */
    private Path carriedFrom;

    private LogTagTable(LogPlace place, UUID device, boolean readOnly, long rewriteMinBytes) {
        this.place = place;
        this.file = place.name();
        this.device = device;
        this.readOnly = readOnly;
        this.rewriteMinBytes = rewriteMinBytes;
        this.capacity = place.capacity();
    }

    /** Makes a new log holding only its header, synced; refuses an existing file. */
    static void create(Path file, UUID deviceUuid) throws IOException {
        if (Files.exists(file)) {
            throw new TagMirrorException(file + " already exists; formatting never overwrites a tag table");
        }
        try (ObjectChannel ch = FileObjectChannel.open(file, ObjectIo.OpenMode.CREATE_NEW)) {
            writeHeader(ch, deviceUuid);
        }
    }

    /**
     * Makes a new log holding only its header, synced, in a region {@code place} that its caller has
     * just zeroed (a block device being formatted).
     */
    public static void create(LogPlace place, UUID deviceUuid) throws IOException {
        try (ObjectChannel ch = place.open(false)) {
            writeHeader(ch, deviceUuid);
        }
    }

    private static void writeHeader(ObjectChannel ch, UUID deviceUuid) throws IOException {
        LogWriter w = new LogWriter(ch, 0);
        w.append(header(deviceUuid));
        w.sync();
    }

    /** Opens the log of device {@code deviceUuid}; for writing, a torn tail is cut off first. */
    static LogTagTable open(Path file, UUID deviceUuid, boolean readOnly) throws IOException {
        return open(file, deviceUuid, readOnly, DEFAULT_REWRITE_MIN_BYTES);
    }

    static LogTagTable open(Path file, UUID deviceUuid, boolean readOnly, long rewriteMinBytes) throws IOException {
        return open(new FileLogPlace(file, rewriteMinBytes), deviceUuid, readOnly);
    }

    /** Opens the log at {@code place} of device {@code deviceUuid}; for writing, a torn tail is cut off first. */
    public static LogTagTable open(LogPlace place, UUID deviceUuid, boolean readOnly) throws IOException {
        LogTagTable table = new LogTagTable(place, deviceUuid, readOnly, place.rewriteMinBytes());
        try {
            table.load();
            if (!readOnly) {
                long end = table.replayedTo;
                if (table.torn) {
                    // Appends continue at the end of the last whole record; the torn bytes would
                    // otherwise sit before them and read as damage.
                    table.channel.truncate(end);
                    table.channel.force();
                }
                table.writer = new LogWriter(table.channel, end);
                table.writtenEnd = end;
                table.openedEnd = end;
            }
            return table;
        } catch (IOException | RuntimeException e) {
            table.closeChannel();
            throw e;
        }
    }

    /** Reads the whole log without changing anything on disk, refusing a damaged or foreign one. */
    static void check(Path file, UUID deviceUuid) throws IOException {
        open(file, deviceUuid, true).close();
    }

    private void load() throws IOException {
        if (!place.exists()) {
            throw new DeviceDamagedException(place.owner() + " has no tag table (" + FILE_NAME + " is missing);"
                    + " the device cannot be used until it is rebuilt, see the recovery guide");
        }
        try {
            channel = place.open(readOnly);
            fileKey = place.identity();
        } catch (NoSuchFileException e) {
            throw new DeviceDamagedException(place.owner() + " has no tag table (" + FILE_NAME + " is missing)");
        }
        LogReader reader = LogReader.of(channel, file, LogTagTable::syncedBefore);
        LogReader.Record first = reader.next();
        if (first == null) {
            throw new DeviceDamagedException(file + " is corrupt (it holds no whole header record: "
                    + channel.size() + " bytes)");
        }
        checkHeader(first.payload());
        replayFrom(reader);
        records = new LogReader(channel, file, 0, replayedTo);
    }

    private void checkHeader(byte[] payload) throws TagMirrorException {
        ByteBuffer in = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        if (payload.length < 1 + 8 + 4 + 16 || in.get() != TagLogRecordType.HEADER.code()
                || !Arrays.equals(Arrays.copyOfRange(payload, 1, 9), MAGIC)) {
            throw new DeviceDamagedException(file + " is not a TagMirror tag log");
        }
        in.position(9);
        int version = in.getInt();
        if (version != VERSION) {
            throw new DeviceDamagedException(file + " is a tag log of format " + version + "; this TagMirror reads format "
                    + VERSION + (version > VERSION ? " (made by a newer TagMirror: upgrade to open it)" : ""));
        }
        UUID owner = new UUID(in.getLong(), in.getLong());
        if (!owner.equals(device)) {
            throw new DeviceDamagedException(file + " belongs to device " + owner + ", not to device " + device
                    + " (a tag log copied from another device?)");
        }
    }

    private static byte[] header(UUID device) {
        return ByteBuffer.allocate(1 + 8 + 4 + 16).order(ByteOrder.LITTLE_ENDIAN).put(TagLogRecordType.HEADER.code())
                .put(MAGIC).putInt(VERSION).putLong(device.getMostSignificantBits())
                .putLong(device.getLeastSignificantBits()).array();
    }

    /** A {@link TagLogRecordType#SYNCED} record naming {@code position}. */
    private static byte[] syncedRecord(long position) {
        return ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put(TagLogRecordType.SYNCED.code()).putLong(position)
                .array();
    }

    /** The position a {@link TagLogRecordType#SYNCED} record names, or -1 for any other record. */
    static long syncedBefore(byte[] payload) {
        if (payload.length != 9 || payload[0] != TagLogRecordType.SYNCED.code()) {
            return -1;
        }
        return ByteBuffer.wrap(payload, 1, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    // ---------------------------------------------------------------- replay

    private void replayFrom(LogReader in) throws IOException {
        for (LogReader.Record r; (r = in.next()) != null; ) {
            apply(r);
        }
        replayedTo = in.validEnd();
        torn = in.tornTail();
    }

    /** Applies one record to the index, as it was applied when it was written. */
    private void apply(LogReader.Record r) throws TagMirrorException {
        byte[] p = r.payload();
        ByteBuffer in = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
        TagLogRecordType type = p.length == 0 ? null : TagLogRecordType.ofCode(in.get());
        try {
            if (type == null || type == TagLogRecordType.INTENT) {
                throw new DeviceDamagedException(file + " holds a record of type " + (p.length == 0 ? "(none)" : p[0])
                        + " at byte " + r.offset() + " that this TagMirror does not read (made by a newer TagMirror?"
                        + " upgrade to open it)");
            }
            switch (type) {
                case HEADER -> throw corrupt(r, "a second header");
                case OBJECT_NAME -> {
                    int index = in.getInt();
                    byte[] name = new byte[Short.toUnsignedInt(in.getShort())];
                    in.get(name);
                    nameObject(index, new String(name, java.nio.charset.StandardCharsets.UTF_8), r);
                }
                case ENTRY_BATCH -> {
                    long id = in.getLong();
                    int count = in.getInt();
                    int checksumBytes = in.getInt();
                    long expected = BATCH_HEADER + (long) count * EntryCodec.ENTRY_BYTES + Math.max(0, checksumBytes);
                    if (count <= 0 || checksumBytes < -1 || expected != p.length || id <= lastBatchId) {
                        throw corrupt(r, "an entry batch that does not add up (id " + id + " after " + lastBatchId + ", "
                                + count + " entries, " + checksumBytes + " checksum bytes in " + p.length + ")");
                    }
                    checkEntries(in, count, r);
                    addBatch(id, new Batch(r.offset(), count, p.length));
                }
                case TRIM_MARK -> removeBatches(in.getLong(), in.getLong());
                case DELETION -> {
                    int n = in.getInt();
                    for (int i = 0; i < n; i++) {
                        settle(in.getLong(), in.getInt());
                    }
                }
                case GENERATOR -> generators.merge(in.getLong(), in.getLong(), Math::max);
                case SCRUB_FLAG -> needsScrub = in.get() != 0;
                case INCOMPLETE -> incomplete = in.get() != 0;
                case SYNCED -> in.getLong(); // read by the log reader, to tell a lost page from damage
                default -> throw corrupt(r, "a record of type " + type);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw corrupt(r, "a " + type + " record cut short");
        }
    }

    /** Every entry of a batch names an object a record named and a kind this version knows. */
    private void checkEntries(ByteBuffer in, int count, LogReader.Record r) throws TagMirrorException {
        for (int k = 0; k < count; k++) {
            int at = BATCH_HEADER + k * EntryCodec.ENTRY_BYTES;
            int object = in.getInt(at + 16);
            byte kind = in.get(at + 20);
            if (!objectNames.containsKey(object)) {
                throw corrupt(r, "an entry batch whose entry " + k + " names object index " + object + ", which no record names");
            }
            if (!io.tagmirror.engine.EntryKind.isKnown(kind)) {
                throw corrupt(r, "an entry batch whose entry " + k + " is of unknown kind " + kind);
            }
        }
    }

    private DeviceDamagedException corrupt(LogReader.Record r, String problem) {
        return new DeviceDamagedException(file + " is corrupt: the record at byte " + r.offset() + " is " + problem
                + "; compare cannot trust this tag table (see the recovery guide: verify is the fallback)");
    }

    private void nameObject(int index, String name, LogReader.Record r) throws TagMirrorException {
        if (!StorageObjects.isValidObjectId(name)) {
            // A name with a path in it would let a damaged or forged log point outside the device.
            throw new DeviceDamagedException(file + " is corrupt: it names an object '" + name
                    + "', which is not a valid object id");
        }
        if (objectNames.containsKey(index) && !objectNames.get(index).equals(name)) {
            throw corrupt(r, "a second name for object index " + index);
        }
        objectIndexes.put(name, index);
        objectNames.put(index, name);
    }

    private void addBatch(long id, Batch b) {
        batches.put(id, b);
        lastBatchId = id;
        liveEntries += b.count;
        liveBytes += b.recordBytes;
    }

    /** Drops the batches with ids in {@code (after, upTo]}; returns their live entries. */
    private long removeBatches(long after, long upTo) {
        long[] removed = new long[1];
        batches.removeRange(after, upTo, b -> {
            removed[0] += b.live;
            liveEntries -= b.live;
            liveBytes -= b.recordBytes;
        });
        lastBatchId = Math.max(lastBatchId, upTo);
        return removed[0];
    }

    private void settle(long batchId, int position) {
        Batch b = batches.get(batchId);
        if (b == null || position < 0 || position >= b.count || (b.settled != null && b.settled.get(position))) {
            return;
        }
        if (b.settled == null) {
            b.settled = new BitSet(b.count);
        }
        b.settled.set(position);
        b.live--;
        liveEntries--;
        if (b.live == 0) {
            batches.remove(batchId);
            liveBytes -= b.recordBytes;
        }
    }

    /**
     * A reader in another process sees what the writer appended since: the records past where it
     * stopped, or the whole log again when the writer rewrote it (a new file under the same name).
     */
    private void refresh() throws IOException {
        if (!readOnly) {
            return;
        }
        Object key;
        try {
            key = place.identity();
        } catch (NoSuchFileException e) {
            return; // between a rewrite's rename steps: what was read stays valid
        }
        if (!Objects.equals(key, fileKey)) {
            closeChannel();
            batches.clear();
            objectIndexes.clear();
            objectNames.clear();
            generators.clear();
            needsScrub = false;
            incomplete = false;
            lastBatchId = 0;
            liveEntries = 0;
            liveBytes = 0;
            load();
            return;
        }
        long size = channel.size();
        if (size > replayedTo) {
            replayFrom(new LogReader(channel, file, replayedTo, size, LogTagTable::syncedBefore));
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public long append(List<TagEntry> entries) throws IOException {
        return append(entries, null);
    }

    /**
     * Appends a batch. Its record is encoded before the table's lock is taken, when every object it
     * names has its index already (almost always): writers at depth 16 met at this lock, and spun
     * there for as long as the holder encoded; under the lock the record only gets its batch id.
     */
    @Override
    public long append(List<TagEntry> entries, List<int[]> blockChecksums) throws IOException {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an entry batch holds at least one entry");
        }
        int[] indexes = new int[entries.size()];
        for (int i = 0; i < indexes.length; i++) {
            Integer known = objectIndexes.get(entries.get(i).objectId());
            if (known == null) {
                return appendNaming(entries, blockChecksums);
            }
            indexes[i] = known;
        }
        byte[] batch = batchRecord(0, entries, indexes, blockChecksums);
        synchronized (this) {
            checkWritable();
            long id = lastBatchId + 1;
            setBatchId(batch, id);
            return appendRecords(new byte[][] {batch}, null, id, entries.size());
        }
    }

    private static void setBatchId(byte[] batch, long id) {
        BATCH_ID.set(batch, 1, id);
    }

    /** Appends a batch that names an object the log has no index for yet: the index is given under the lock. */
    private synchronized long appendNaming(List<TagEntry> entries, List<int[]> blockChecksums) throws IOException {
        checkWritable();
        // A new object is named in the same write as the first batch that uses it, before it.
        Map<String, Integer> named = null;
        int[] indexes = new int[entries.size()];
        for (int i = 0; i < indexes.length; i++) {
            String name = entries.get(i).objectId();
            Integer known = objectIndexes.get(name);
            if (known == null) {
                named = named == null ? new LinkedHashMap<>() : named;
                known = named.get(name);
                if (known == null) {
                    known = objectIndexes.size() + named.size() + 1;
                    named.put(name, known);
                }
            }
            indexes[i] = known;
        }
        long id = lastBatchId + 1;
        byte[] batch = batchRecord(id, entries, indexes, blockChecksums);
        byte[][] all;
        if (named == null) {
            all = new byte[][] {batch};
        } else {
            all = new byte[named.size() + 1][];
            int k = 0;
            for (Map.Entry<String, Integer> n : named.entrySet()) {
                all[k++] = objectName(n.getValue(), n.getKey());
            }
            all[k] = batch;
        }
        return appendRecords(all, named, id, entries.size());
    }

    /** Appends the records of batch {@code id} (the last of them), after the names of the objects it names first. */
    private long appendRecords(byte[][] all, Map<String, Integer> named, long id, int count) throws IOException {
        if (!fits(all, reserve())) {
            makeRoom();
            if (!fits(all, reserve())) {
                // Full of entries no flush may trim (a member is away, or came back and is not yet
                // repaired): this batch is not kept, and the table says so durably before its data
                // is written, so no compare ever takes the entries for the whole story.
                markIncomplete();
                return lastBatchId;
            }
        }
        long[] starts = write(all);
        if (named != null) {
            for (Map.Entry<String, Integer> n : named.entrySet()) {
                objectIndexes.put(n.getKey(), n.getValue());
                objectNames.put(n.getValue(), n.getKey());
            }
        }
        addBatch(id, new Batch(starts[starts.length - 1], count, all[all.length - 1].length));
        return id;
    }

    private static byte[] objectName(int index, String name) {
        byte[] utf8 = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + 2 + utf8.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(TagLogRecordType.OBJECT_NAME.code()).putInt(index).putShort((short) utf8.length).put(utf8).array();
    }

    /** A batch's record, encoded straight from its entries: one array, no intermediate copies. */
    private static byte[] batchRecord(long id, List<TagEntry> entries, int[] objectIndexes, List<int[]> blockChecksums) {
        int crcBytes = blockChecksums == null ? -1 : EntryCodec.blockChecksumsBytes(entries, blockChecksums);
        byte[] record = new byte[BATCH_HEADER + entries.size() * EntryCodec.ENTRY_BYTES + Math.max(0, crcBytes)];
        ByteBuffer out = batchHeader(ByteBuffer.wrap(record), id, entries.size(), crcBytes);
        for (int i = 0; i < objectIndexes.length; i++) {
            EntryCodec.put(out, entries.get(i), objectIndexes[i]);
        }
        if (blockChecksums != null) {
            EntryCodec.putBlockChecksums(out, entries, blockChecksums);
        }
        return record;
    }

    private static byte[] batchRecord(long id, int count, ByteBuffer entries, ByteBuffer checksums) {
        int crcBytes = checksums == null ? -1 : checksums.remaining();
        ByteBuffer out = batchHeader(ByteBuffer.allocate(BATCH_HEADER + entries.remaining() + Math.max(0, crcBytes)),
                id, count, crcBytes).put(entries);
        if (checksums != null) {
            out.put(checksums);
        }
        return out.array();
    }

    /** A batch record's header ({@link #BATCH_HEADER} bytes) at the start of {@code out}, made little-endian. */
    private static ByteBuffer batchHeader(ByteBuffer out, long id, int count, int crcBytes) {
        return out.order(ByteOrder.LITTLE_ENDIAN).put(TagLogRecordType.ENTRY_BATCH.code()).putLong(id).putInt(count)
                .putInt(crcBytes);
    }

    /**
     * Room kept for records that settle or describe entries (trim marks, deletions, flags, generator
     * reservations): entry batches stop short of it, so a full log can still be trimmed.
     */
    private long reserve() {
        return capacity == Long.MAX_VALUE ? 0 : capacity / 8;
    }

    /** Whether {@code records} fit in the log, leaving {@code reserve} bytes free. */
    private boolean fits(byte[][] records, long reserve) {
        // room for the SYNCED record a write may put before them, and the block end it may push them past
        return capacity == Long.MAX_VALUE || writer.endAfter(records) + SYNCED_RECORD_ROOM <= capacity - reserve;
    }

    /** Rewrites the log when at least half of it is dead records: what a full log can give back by itself. */
    private void makeRoom() throws IOException {
        if (broken == null && liveBytes * 2 < writer.end()) {
            rewrite();
        }
    }

    private void markIncomplete() throws IOException {
        if (!incomplete) {
            write(new byte[] {TagLogRecordType.INCOMPLETE.code(), 1});
            syncWriter(); // before the data of the writes it no longer names
            incomplete = true;
        }
    }

    @Override
    public boolean incomplete() {
        return incomplete;
    }

    @Override
    public synchronized void clearIncomplete() throws IOException {
        checkWritable();
        if (incomplete) {
            write(new byte[] {TagLogRecordType.INCOMPLETE.code(), 0});
            syncWriter();
            incomplete = false;
        }
    }

    @Override
    public boolean halfFull() {
        return capacity != Long.MAX_VALUE && !readOnly && writtenEnd > capacity / 2;
    }

    @Override
    public boolean nearlyFull() {
        return capacity != Long.MAX_VALUE && !readOnly && writtenEnd > capacity - capacity / 4;
    }

    /**
     * Appends records in one write and, in power-safe mode, syncs them before returning: the caller
     * issues data only after this, which is the ordering invariant 1 rests on. A record that does not
     * fit in a bounded log is preceded by a rewrite that drops its dead records.
     */
    private long[] write(byte[]... records) throws IOException {
        if (broken != null) {
            throw broken;
        }
        if (!fits(records, 0)) {
            makeRoom();
        }
        long before = writer.end();
        try {
            long[] starts;
            if (syncedEnd > markedEnd) {
                // In the same write as the records, so it costs no system call of its own.
                byte[][] marked = new byte[records.length + 1][];
                marked[0] = syncedRecord(syncedEnd);
                System.arraycopy(records, 0, marked, 1, records.length);
                starts = Arrays.copyOfRange(writer.append(marked), 1, marked.length);
                markedEnd = syncedEnd;
            } else {
                starts = writer.append(records);
            }
            writtenEnd = writer.end();
            appendedBytes += writtenEnd - before;
            if (durability == DurabilityMode.POWER_SAFE) {
                syncWriter();
            }
            return starts;
        } catch (IOException e) {
            broken = new TagMirrorException("cannot record entries in " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
            throw broken;
        }
    }

    @Override
    public synchronized long deleteUpTo(long upToBatch, Predicate<TagEntry> keep) throws IOException {
        checkWritable();
        List<long[]> settled = new ArrayList<>();
        forEachLive(upToBatch, (id, b, record) -> {
            List<TagEntry> decoded = EntryCodec.decode(entriesOf(record, b.count), this::objectName);
            for (int k = 0; k < decoded.size(); k++) {
                if ((b.settled == null || !b.settled.get(k)) && !keep.test(decoded.get(k))) {
                    settled.add(new long[] {id, k});
                }
            }
        });
        recordDeletions(settled);
        removeCarriedTable();
        return settled.size();
    }

    /** Records that the entries {@code settled} ({batch id, position}) are deleted, and drops them from the index. */
    private void recordDeletions(List<long[]> settled) throws IOException {
        if (settled.isEmpty()) {
            return;
        }
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + settled.size() * 12).order(ByteOrder.LITTLE_ENDIAN);
        out.put(TagLogRecordType.DELETION.code()).putInt(settled.size());
        for (long[] s : settled) {
            out.putLong(s[0]).putInt((int) s[1]);
        }
        if (fits(new byte[][] {out.array()}, 0)) {
            write(out.array());
            for (long[] s : settled) {
                settle(s[0], (int) s[1]);
            }
            rewriteWhenMostlyDead();
        } else {
            // a bounded log without room for the record: the rewrite leaves the settled entries out
            for (long[] s : settled) {
                settle(s[0], (int) s[1]);
            }
            rewrite();
        }
    }

    /**
     * Walks the live entries newest first, keeping per object and generator the blocks that entries of
     * batches after {@code newerThanBatch} name: an older entry all of whose blocks are among them is
     * superseded. On one device the writes to a block arrive in the order they were made, so a later
     * entry over the same blocks is the later write. The walk holds one interval per run of named blocks
     * (at most one per live entry); it runs when a log of fixed room nears its end with a member away,
     * not on the write path. A log then an eighth dead or more is rewritten, which is what gives the room back.
     */
    @Override
    public synchronized long compactSuperseded(long newerThanBatch) throws IOException {
        checkWritable();
        Map<String, Map<Long, TreeMap<Long, Long>>> named = new HashMap<>();
        List<long[]> superseded = new ArrayList<>();
        long limit = writer.end();
        BatchIndex.Live<Batch> live = batches.descending();
        for (int i = 0; i < live.size(); i++) {
            long id = live.id(i);
            Batch b = live.value(i);
            List<TagEntry> decoded = EntryCodec.decode(entriesOf(batchAt(b, limit), b.count), this::objectName);
            for (int k = decoded.size() - 1; k >= 0; k--) {
                TagEntry entry = decoded.get(k);
                if ((b.settled != null && b.settled.get(k)) || entry.kind() != io.tagmirror.engine.EntryKind.BLOCKS) {
                    continue;
                }
                TreeMap<Long, Long> runs = named.computeIfAbsent(entry.objectId(), o -> new HashMap<>())
                        .computeIfAbsent(entry.tag().generatorId(), g -> new TreeMap<>());
                if (covers(runs, entry.firstBlock(), entry.endBlock())) {
                    superseded.add(new long[] {id, k});
                } else if (id > newerThanBatch) {
                    addRun(runs, entry.firstBlock(), entry.endBlock());
                }
            }
        }
        recordDeletions(superseded);
        long dead = writer.end() - liveBytes;
        // Deleted entries give room back only through a rewrite. In a log of fixed room, once an eighth of
        // it is dead the rewrite (of at most the live records) pays for itself; waiting for half, as an
        // append does, left a log of mostly live entries full with a quarter of it dead (measured:
        // OutageLogFigures).
        if (!superseded.isEmpty() && broken == null
                && (liveBytes * 2 < writer.end() || (capacity != Long.MAX_VALUE && dead >= capacity / 8))) {
            rewrite();
        }
        return superseded.size();
    }

    /** Whether the runs {@code start → end} hold every block of {@code [first, end)}. */
    private static boolean covers(TreeMap<Long, Long> runs, long first, long end) {
        Map.Entry<Long, Long> run = runs.floorEntry(first);
        return run != null && run.getValue() >= end;
    }

    /** Adds {@code [first, end)} to the runs, merged with those it touches. */
    private static void addRun(TreeMap<Long, Long> runs, long first, long end) {
        Map.Entry<Long, Long> before = runs.floorEntry(first);
        if (before != null && before.getValue() >= first) {
            first = before.getKey();
            end = Math.max(end, before.getValue());
        }
        for (Map.Entry<Long, Long> next = runs.ceilingEntry(first); next != null && next.getKey() <= end;
             next = runs.ceilingEntry(first)) {
            end = Math.max(end, next.getValue());
            runs.remove(next.getKey());
        }
        runs.put(first, end);
    }

    @Override
    public synchronized long trim(long afterBatch, long upToBatch) throws IOException {
        checkWritable();
        if (upToBatch <= afterBatch) {
            return 0;
        }
        boolean any = batches.anyIn(afterBatch, upToBatch);
        if (!any && upToBatch <= lastBatchId) {
            return 0; // nothing to drop and no id to keep from being reused: no record
        }
        byte[] mark = ByteBuffer.allocate(17).order(ByteOrder.LITTLE_ENDIAN).put(TagLogRecordType.TRIM_MARK.code())
                .putLong(afterBatch).putLong(upToBatch).array();
        if (!fits(new byte[][] {mark}, 0)) {
            // a bounded log without room even for the mark: the rewrite leaves the trimmed batches out
            long removed = removeBatches(afterBatch, upToBatch);
            rewrite();
            return removed;
        }
        write(mark);
        long removed = removeBatches(afterBatch, upToBatch);
        rewriteWhenMostlyDead();
        return removed;
    }

    @Override
    public synchronized void reserveSequence(long generatorId, long until) throws IOException {
        checkWritable();
        write(ByteBuffer.allocate(17).order(ByteOrder.LITTLE_ENDIAN).put(TagLogRecordType.GENERATOR.code())
                .putLong(generatorId).putLong(until).array());
        generators.merge(generatorId, until, Math::max);
    }

    @Override
    public synchronized void setNeedsScrub(boolean needed) throws IOException {
        checkWritable();
        write(new byte[] {TagLogRecordType.SCRUB_FLAG.code(), (byte) (needed ? 1 : 0)});
        syncWriter(); // rare, and a device that needs a scrub must never forget it
        needsScrub = needed;
    }

    /** Syncs the log holding the monitor, and knows how far it is synced. */
    private void syncWriter() throws IOException {
        writer.sync();
        syncedEnd = Math.max(syncedEnd, writer.end());
    }

    /**
     * Makes every record appended before this call durable. Any thread. The monitor is held only to
     * read where the log ends, not during the fsync: appends go on into the page cache meanwhile, as
     * LevelDB's and RocksDB's writers append while another thread syncs what came before (a sync held
     * under the lock made a writer at depth 1 wait for it, 4.8 ms at a time on a loaded disk;
     * docs/performance.md). What an append made during the fsync may or may not be in it: only what
     * was appended before the call is promised.
     */
    @Override
    public void sync() throws IOException {
        ObjectChannel syncing;
        long syncingEnd;
        synchronized (this) {
            if (readOnly) {
                return;
            }
            if (broken != null) {
                throw broken;
            }
            if (channel == null) {
                throw new TagMirrorException(file + " is closed");
            }
            syncing = channel;
            syncingEnd = writer == null ? 0 : writer.end();
            syncsInFlight++;
        }
        try {
            syncing.force(); // one fdatasync covers every record appended before it
            synchronized (this) {
                if (channel == syncing) { // a rewrite in between starts a log of its own, synced whole
                    syncedEnd = Math.max(syncedEnd, syncingEnd);
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                // an fsync that failed is never retried as if the records were safe
                if (broken == null) {
                    broken = new TagMirrorException("cannot sync " + file + ": "
                            + TagMirrorException.firstLine(e.getMessage()), e);
                }
                throw broken;
            }
        } finally {
            synchronized (this) {
                if (--syncsInFlight == 0) {
                    for (ObjectChannel ch : retired) {
                        closeQuietly(ch);
                    }
                    retired.clear();
                }
            }
        }
    }

    /**
     * Lets go of the channel: closes it, or leaves it to the sync forcing it now (a rewrite or a close
     * never waits for an fsync, nor pulls the channel from under one). A sync of a log a rewrite
     * replaced keeps its promise: what was appended before it is in the rewrite, synced before the
     * rename, or was dead.
     */
    private void releaseChannel() {
        if (channel != null && syncsInFlight > 0) {
            retired.add(channel);
            channel = null;
        } else {
            closeChannel();
        }
    }

    @Override
    public synchronized void setDurability(DurabilityMode mode) throws IOException {
        if (!readOnly && mode == DurabilityMode.POWER_SAFE && durability != mode && broken == null) {
            syncWriter(); // what was appended in crash-safe mode becomes durable before power-safe promises start
        }
        durability = mode;
    }

    // ---------------------------------------------------------------- rewriting

    /**
     * Rewrites the log when its live records are a quarter of it or less (half, for a log of fixed
     * room), and it is past the minimum: in steady state, flushes trim nearly everything, so the log
     * stays near the size of the entries in flight.
     */
    private void rewriteWhenMostlyDead() throws IOException {
        long size = writer.end();
        // a log of fixed room is rewritten at half dead: a flush beside the writes trims only up to its
        // cut, and the entries written during its sync must not keep the room it freed from coming back
        long share = capacity == Long.MAX_VALUE ? 4 : 2;
        if (size >= rewriteMinBytes && liveBytes * share <= size) {
            rewrite();
        }
    }

    /** Writes the live state to {@link #NEW_FILE_NAME}, syncs it and renames it over the log. */
    private void rewrite() throws IOException {
        TreeMap<Long, Batch> moved = new TreeMap<>();
        long end;
        try (ObjectChannel ch = place.beginRewrite()) {
            LogWriter w = new LogWriter(ch, 0);
            w.append(stateRecords(needsScrub, objectNames, generators, device).toArray(new byte[0][]));
            if (incomplete) {
                w.append(new byte[] {TagLogRecordType.INCOMPLETE.code(), 1});
            }
            forEachLive(Long.MAX_VALUE, (id, b, record) -> {
                byte[] kept = b.settled == null ? record : withoutSettled(record, b);
                moved.put(id, new Batch(w.append(kept)[0], b.live, kept.length));
            });
            w.append(floorRecord(lastBatchId));
            w.sync();
            end = w.end();
        }
        place.commitRewrite();
        releaseChannel();
        channel = place.open(false);
        fileKey = place.identity();
        records = new LogReader(channel, file, 0, end);
        replayedTo = end;
        writer = new LogWriter(channel, end);
        writtenEnd = end;
        syncedEnd = end; // synced whole before the rename; the next write marks it
        markedEnd = 0;
        openedEnd = 0; // changed in this session: a clean close marks it
        batches.clear();
        moved.forEach(batches::put);
        liveBytes = moved.values().stream().mapToLong(b -> b.recordBytes).sum();
    }

    /**
     * The records that start a rewritten or carried-over log: the header, the scrub flag, the object
     * names and the generators. The live batches follow, then {@link #floorRecord}.
     */
    static List<byte[]> stateRecords(boolean needsScrub, Map<Integer, String> names, Map<Long, Long> generators,
                                     UUID device) {
        List<byte[]> out = new ArrayList<>();
        out.add(header(device));
        out.add(new byte[] {TagLogRecordType.SCRUB_FLAG.code(), (byte) (needsScrub ? 1 : 0)});
        for (Map.Entry<Integer, String> n : new TreeMap<>(names).entrySet()) {
            out.add(objectName(n.getKey(), n.getValue()));
        }
        for (Map.Entry<Long, Long> g : new TreeMap<>(generators).entrySet()) {
            out.add(ByteBuffer.allocate(17).order(ByteOrder.LITTLE_ENDIAN).put(TagLogRecordType.GENERATOR.code())
                    .putLong(g.getKey()).putLong(g.getValue()).array());
        }
        return out;
    }

    /**
     * The trim mark that ends a rewritten log: it drops nothing (the range (last, last] is empty) and
     * keeps every batch id up to {@code lastBatchId} from being given again after the batches that
     * held them are gone.
     */
    static byte[] floorRecord(long lastBatchId) {
        return ByteBuffer.allocate(17).order(ByteOrder.LITTLE_ENDIAN).put(TagLogRecordType.TRIM_MARK.code())
                .putLong(lastBatchId).putLong(lastBatchId).array();
    }

    /** A batch record of the entries not settled, each with its own block checksums. */
    private static byte[] withoutSettled(byte[] record, Batch b) {
        ByteBuffer in = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        long id = in.getLong(1);
        int crcBytes = in.getInt(1 + 8 + 4);
        ByteBuffer entries = ByteBuffer.allocate(b.live * EntryCodec.ENTRY_BYTES);
        ByteBuffer crcsOut = crcBytes < 0 ? null : ByteBuffer.allocate(crcBytes).order(ByteOrder.LITTLE_ENDIAN);
        int crcAt = BATCH_HEADER + b.count * EntryCodec.ENTRY_BYTES;
        for (int k = 0; k < b.count; k++) {
            int entryAt = BATCH_HEADER + k * EntryCodec.ENTRY_BYTES;
            int span = 0;
            if (crcBytes >= 0) {
                int blocks = in.getInt(entryAt + 32);
                span = in.getInt(crcAt) == 1 ? EntryCodec.blockChecksumBytes(blocks) : 4;
            }
            if (!b.settled.get(k)) {
                entries.put(record, entryAt, EntryCodec.ENTRY_BYTES);
                if (crcsOut != null) {
                    crcsOut.put(record, crcAt, span);
                }
            }
            crcAt += span;
        }
        entries.flip();
        if (crcsOut != null) {
            crcsOut.flip();
        }
        return batchRecord(id, b.live, entries, crcsOut);
    }

    // ---------------------------------------------------------------- reading

    /** Receives a live batch and its record's bytes. */
    @FunctionalInterface
    private interface LiveBatchVisitor {
        void visit(long id, Batch batch, byte[] record) throws IOException;
    }

    /** Visits the live batches with ids up to {@code upToBatch} in order, reading each record back. */
    private void forEachLive(long upToBatch, LiveBatchVisitor visitor) throws IOException {
        BatchIndex.Live<Batch> live = batches.upTo(upToBatch);
        long limit = readOnly ? replayedTo : writer.end();
        for (int i = 0; i < live.size(); i++) {
            visitor.visit(live.id(i), live.value(i), batchAt(live.value(i), limit));
        }
    }

    private byte[] batchAt(Batch b, long limit) throws IOException {
        LogReader.Record r = records.readAt(b.offset, limit);
        if (r == null || r.payload().length != b.recordBytes || r.payload()[0] != TagLogRecordType.ENTRY_BATCH.code()) {
            throw new DeviceDamagedException(file + " changed under this TagMirror: the entry batch at byte " + b.offset
                    + " is no longer there; compare cannot trust this tag table (see the recovery guide)");
        }
        return r.payload();
    }

    private static byte[] entriesOf(byte[] record, int count) {
        return Arrays.copyOfRange(record, BATCH_HEADER, BATCH_HEADER + count * EntryCodec.ENTRY_BYTES);
    }

    private String objectName(int index) {
        String name = objectNames.get(index);
        if (name == null) {
            throw new IllegalStateException("an entry names object index " + index + ", which no record names");
        }
        return name;
    }

    @Override
    public synchronized void scan(EntryVisitor visitor) throws IOException {
        refresh();
        BatchIndex.Live<Batch> live = batches.upTo(Long.MAX_VALUE);
        long limit = readOnly ? replayedTo : writer.end();
        try {
            for (int i = 0; i < live.size(); i++) {
                Batch b = live.value(i);
                List<TagEntry> decoded = EntryCodec.decode(entriesOf(batchAt(b, limit), b.count), this::objectName);
                for (int k = 0; k < decoded.size(); k++) {
                    if ((b.settled == null || !b.settled.get(k)) && !visitor.visit(live.id(i), decoded.get(k))) {
                        return;
                    }
                }
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new DeviceDamagedException(file + " is corrupt: " + TagMirrorException.firstLine(e.getMessage())
                    + "; compare cannot trust this tag table (see the recovery guide: verify is the fallback)", e);
        }
    }

    /** Decodes the packed batches straight to the visitor: no {@link TagEntry} per entry. */
    @Override
    public synchronized void scanPacked(String objectId, long upToBatch, long fromBlock, long toBlock,
                                        PackedEntryVisitor visitor) throws IOException {
        refresh();
        Integer objectIndex = objectIndexes.get(objectId);
        if (objectIndex == null) {
            return; // no entry names the object
        }
        BatchIndex.Live<Batch> live = batches.upTo(upToBatch);
        long limit = readOnly ? replayedTo : writer.end();
        int arrival = 0;
        for (int i = 0; i < live.size(); i++) {
            Batch b = live.value(i);
            byte[] record = batchAt(b, limit);
            int crcBytes = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).getInt(1 + 8 + 4);
            int entriesEnd = BATCH_HEADER + b.count * EntryCodec.ENTRY_BYTES;
            int read = EntryCodec.decodeInto(ByteBuffer.wrap(record, BATCH_HEADER, b.count * EntryCodec.ENTRY_BYTES), b.count,
                    crcBytes < 0 ? null : ByteBuffer.wrap(record, entriesEnd, crcBytes), b.settled, objectIndex, fromBlock,
                    toBlock, visitor, arrival);
            arrival += read;
            if (!visitor.read(read)) {
                return;
            }
        }
    }

    @Override
    public synchronized long bytesAppended() {
        return appendedBytes;
    }

    @Override
    public int entryBytes(int blockCount) {
        return EntryCodec.ENTRY_BYTES + EntryCodec.blockChecksumBytes(blockCount);
    }

    @Override
    public synchronized long count() throws IOException {
        refresh();
        return liveEntries;
    }

    @Override
    public synchronized long lastBatchId() throws IOException {
        refresh();
        return lastBatchId;
    }

    @Override
    public synchronized OptionalLong reservedSequence(long generatorId) throws IOException {
        refresh();
        Long until = generators.get(generatorId);
        return until == null ? OptionalLong.empty() : OptionalLong.of(until);
    }

    @Override
    public synchronized boolean needsScrub() throws IOException {
        refresh();
        return needsScrub;
    }

    /** Every generator's reservation. */
    synchronized Map<Long, Long> generators() throws IOException {
        refresh();
        return new HashMap<>(generators);
    }

    /** Bytes of the log file as written so far. */
    synchronized long fileBytes() throws IOException {
        return readOnly ? channel.size() : writer.end();
    }

    // ---------------------------------------------------------------- the first engine's table

    /**
     * Carries the first engine's table {@code oldFile} into a new log at {@code logFile}, once: every
     * batch (with its block checksums), object name and generator, the scrub flag and the highest batch
     * id. It is written beside, synced and renamed into place, so a crash leaves either no log (the
     * old table is still the device's, and the next open carries it again) or the whole one. The old
     * table is not changed.
     */
    static void carryOver(Path oldFile, Path logFile, UUID device) throws IOException {
        Path next = logFile.resolveSibling(NEW_FILE_NAME);
        Files.deleteIfExists(next);
        try (SqliteTagTable old = SqliteTagTable.inspect(oldFile, device);
             ObjectChannel ch = FileObjectChannel.open(next, ObjectIo.OpenMode.CREATE_NEW)) {
            LogWriter w = new LogWriter(ch, 0);
            w.append(stateRecords(old.needsScrub(), old.objectNamesByIndex(), old.generators(), device)
                    .toArray(new byte[0][]));
            old.forEachBatch((id, entries, checksums) -> {
                w.append(batchRecord(id, entries.length / EntryCodec.ENTRY_BYTES, ByteBuffer.wrap(entries),
                        checksums == null ? null : ByteBuffer.wrap(checksums)));
                return true;
            });
            w.append(floorRecord(old.lastBatchId()));
            w.sync();
        }
        Files.move(next, logFile, StandardCopyOption.ATOMIC_MOVE);
        DirectoryDevice.syncDirectory(logFile.getParent());
    }

    /** Remembers the {@code tags.db} this log was carried from, to remove it once a repair settled entries. */
    synchronized void carriedFrom(Path oldTable) {
        this.carriedFrom = oldTable;
    }

    /** A repair settled entries in this log: the old table beside it is history now (docs/formats.md). */
    private void removeCarriedTable() throws IOException {
        if (carriedFrom == null) {
            return;
        }
        syncWriter(); // the deletions that made it history are durable before the old table goes
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(carriedFrom.resolveSibling(carriedFrom.getFileName() + suffix));
        }
        DirectoryDevice.syncDirectory(carriedFrom.getParent());
        carriedFrom = null;
    }

    private void checkWritable() throws TagMirrorException {
        if (readOnly) {
            throw new DeviceNotWritableException(file + " is open read-only");
        }
    }

    private void closeChannel() {
        if (channel != null) {
            closeQuietly(channel);
            channel = null;
        }
    }

    private static void closeQuietly(ObjectChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing after a failure, or a replaced log; a failure that matters is reported where it happens
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel == null) {
            return;
        }
        try {
            if (!readOnly && broken == null) {
                syncWriter(); // a clean close leaves nothing for a power cut to take
                byte[] mark = syncedRecord(syncedEnd);
                if (writer.end() > openedEnd && syncedEnd > markedEnd && fits(new byte[][] {mark}, 0)) {
                    // so damage anywhere in the log is told from a lost page when it is next opened
                    writer.append(mark);
                    markedEnd = syncedEnd;
                    writer.sync();
                }
                channel.closeAt(writer.end());
            }
        } finally {
            if (syncsInFlight > 0) {
                releaseChannel(); // the sync forcing it closes it
            } else {
                ObjectChannel ch = channel;
                channel = null;
                ch.close();
            }
        }
    }
}
