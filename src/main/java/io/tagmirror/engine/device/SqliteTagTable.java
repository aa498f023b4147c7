package io.tagmirror.engine.device;

import io.tagmirror.engine.DeviceDamagedException;
import io.tagmirror.engine.DeviceNotWritableException;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.StorageObjects;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TagTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The tag table of a directory device, kept in {@code tags.db} (SQLite, WAL), one row per entry batch.
 *
 * <p>All access goes through one connection guarded by this object's monitor: SQLite serialises
 * writers anyway, and one connection keeps the prepared statements warm for the device thread.
 */
final class SqliteTagTable implements TagTable {
    static final String FILE_NAME = "tags.db";
    private static final String FORMAT = "tagmirror-tags";
    private static final int SCHEMA_VERSION = 1;

    private final Path file;
    private final Connection connection;
    private final boolean readOnly;
    private final Map<String, Integer> objectIndexes = new HashMap<>();
    private final Map<Integer, String> objectNames = new HashMap<>();
    private PreparedStatement insertBatch;
    private long lastBatchId;
    /** False for a table made before per-block checksums were kept and opened read-only (not upgraded). */
    private boolean blockChecksumColumn = true;

    private SqliteTagTable(Path file, Connection connection, boolean readOnly) {
        this.file = file;
        this.connection = connection;
        this.readOnly = readOnly;
    }

    /** Creates a new, empty table for the device {@code deviceUuid}. */
    static SqliteTagTable create(Path file, UUID deviceUuid) throws IOException {
        if (Files.exists(file)) {
            throw new TagMirrorException(file + " already exists; formatting never overwrites a tag table");
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                s.execute("CREATE TABLE object_name(idx INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
                // Batch ids are given by this class, not by AUTOINCREMENT (one more page written per commit):
                // they must never be reused after trims, so the highest id ever deleted is kept in meta.
                // block_checksums: per entry, a flag and the CRC32C of each of its blocks, so compare can
                // check one block of an entry whose other blocks a later write changed
                s.execute("CREATE TABLE entry_batch(id INTEGER PRIMARY KEY,"
                        + " entry_count INTEGER NOT NULL, entries BLOB NOT NULL, block_checksums BLOB)");
                s.execute("CREATE TABLE generator(id INTEGER PRIMARY KEY, reserved_until INTEGER NOT NULL)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO meta(key, value) VALUES (?, ?)")) {
                for (String[] kv : new String[][] {{"format", FORMAT}, {"schema", Integer.toString(SCHEMA_VERSION)},
                        {"device", deviceUuid.toString()}}) {
                    p.setString(1, kv[0]);
                    p.setString(2, kv[1]);
                    p.executeUpdate();
                }
            }
            SqliteTagTable table = new SqliteTagTable(file, c, false);
            table.prepare();
            return table;
        } catch (SQLException e) {
            throw new TagMirrorException("cannot create the tag table " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens the table of device {@code deviceUuid}, refusing a corrupt or foreign file. */
    static SqliteTagTable open(Path file, UUID deviceUuid, boolean readOnly) throws IOException {
        // On a read-only location SQLite cannot make the -shm file a write-ahead-logged database needs
        // even to be read, and nobody can have written since the log was last checkpointed: with no log
        // left, the file holds everything and is read as immutable, so the device can still be inspected.
        boolean immutable = readOnly && !Files.isWritable(file.getParent())
                && !Files.exists(file.resolveSibling(FILE_NAME + "-wal"));
        return open(file, deviceUuid, readOnly, immutable);
    }

    /**
     * Checks that {@code file} is the tag table of device {@code deviceUuid} without changing anything
     * next to it: with no write-ahead log present, everything is in the file itself, and SQLite reads it
     * as immutable instead of making its {@code -wal} and {@code -shm} files (a refused device must be
     * left exactly as it was). With a log present (a crash, or another process using the device), it
     * reads through the log as usual, and those files were there already.
     */
    static void check(Path file, UUID deviceUuid) throws IOException {
        boolean snapshot = !Files.exists(file.resolveSibling(FILE_NAME + "-wal"));
        open(file, deviceUuid, true, snapshot).close();
    }

    /**
     * Opens {@code file} to read it without changing anything on disk: as a snapshot (no -wal or -shm
     * file made) unless a -wal file shows a writer may have entries there.
     */
    static SqliteTagTable inspect(Path file, UUID deviceUuid) throws IOException {
        return open(file, deviceUuid, true, !Files.exists(file.resolveSibling(FILE_NAME + "-wal")));
    }

    private static SqliteTagTable open(Path file, UUID deviceUuid, boolean readOnly, boolean immutable)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DeviceDamagedException(file.getParent() + " has no tag table (" + FILE_NAME + " is missing);"
                    + " the device cannot be used until it is rebuilt, see the recovery guide");
        }
        if (Files.size(file) < 512) {
            throw new DeviceDamagedException(file + " is corrupt (truncated to " + Files.size(file) + " bytes)");
        }
        Connection c = null;
        try {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setReadOnly(readOnly);
            c = config.createConnection(immutable ? "jdbc:sqlite:file:" + file.toUri().getRawPath() + "?immutable=1"
                    : "jdbc:sqlite:" + file);
            Map<String, String> meta = new HashMap<>();
            try (Statement s = c.createStatement()) {
                if (!readOnly) {
                    s.execute("PRAGMA journal_mode=WAL");
                }
                try (ResultSet rs = s.executeQuery("SELECT key, value FROM meta")) {
                    while (rs.next()) {
                        meta.put(rs.getString(1), rs.getString(2));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM entry_batch WHERE id < 0")) {
                    rs.next();
                }
            }
            if (!FORMAT.equals(meta.get("format"))) {
                throw new DeviceDamagedException(file + " is not a TagMirror tag table");
            }
            if (!Integer.toString(SCHEMA_VERSION).equals(meta.get("schema"))) {
                throw new DeviceDamagedException(file + " has tag table schema " + meta.get("schema")
                        + "; this TagMirror reads schema " + SCHEMA_VERSION + " (upgrade TagMirror)");
            }
            if (!deviceUuid.toString().equals(meta.get("device"))) {
                throw new DeviceDamagedException(file + " belongs to device " + meta.get("device")
                        + ", not to device " + deviceUuid + " (a tag table copied from another device?)");
            }
            SqliteTagTable table = new SqliteTagTable(file, c, readOnly);
            table.loadObjectNames();
            table.loadLastBatchId();
            table.upgradeBlockChecksums();
            if (!readOnly) {
                table.prepare();
            }
            return table;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new DeviceDamagedException(file + " is corrupt or not a tag table: " + TagMirrorException.firstLine(e.getMessage()), e);
        } catch (TagMirrorException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private void prepare() throws SQLException {
        connection.setAutoCommit(false);
        insertBatch = connection.prepareStatement(
                "INSERT INTO entry_batch(id, entry_count, entries, block_checksums) VALUES (?, ?, ?, ?)");
        connection.commit();
    }

    /** Tables made before per-block checksums existed get the column (writable) or are read without it. */
    private void upgradeBlockChecksums() throws SQLException {
        boolean present = false;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA table_info(entry_batch)")) {
            while (rs.next()) {
                present |= "block_checksums".equals(rs.getString("name"));
            }
        }
        if (!present && !readOnly) {
            try (Statement s = connection.createStatement()) {
                s.execute("ALTER TABLE entry_batch ADD COLUMN block_checksums BLOB");
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            present = true;
        }
        blockChecksumColumn = present;
    }

    private void loadLastBatchId() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(coalesce((SELECT max(id) FROM entry_batch), 0),"
                     + " coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'batch_floor'), 0))")) {
            rs.next();
            lastBatchId = rs.getLong(1);
        }
    }

    /** Records that no batch id up to the current one may be given again, inside the caller's transaction. */
    private void keepBatchFloor() throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO meta(key, value) VALUES ('batch_floor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            p.setString(1, Long.toString(lastBatchId));
            p.executeUpdate();
        }
    }

    private void loadObjectNames() throws SQLException, TagMirrorException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT idx, name FROM object_name")) {
            while (rs.next()) {
                String name = rs.getString(2);
                if (!StorageObjects.isValidObjectId(name)) {
                    // A name with a path in it would let a damaged or forged table point outside the device.
                    throw new DeviceDamagedException(file + " is corrupt: it names an object '" + name
                            + "', which is not a valid object id");
                }
                objectIndexes.put(name, rs.getInt(1));
                objectNames.put(rs.getInt(1), name);
            }
        }
    }

    private int objectIndex(String name) {
        Integer idx = objectIndexes.get(name);
        if (idx != null) {
            return idx;
        }
        // A new object name is rare (once per object); it joins the batch's own transaction.
        int next = objectIndexes.size() + 1;
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO object_name(idx, name) VALUES (?, ?)")) {
            p.setInt(1, next);
            p.setString(2, name);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        objectIndexes.put(name, next);
        objectNames.put(next, name);
        return next;
    }

    private String objectName(int index) {
        String name = objectNames.get(index);
        if (name == null) {
            throw new IllegalStateException("tag table " + file + " names unknown object index " + index);
        }
        return name;
    }

    @Override
    public long append(List<TagEntry> entries) throws IOException {
        return append(entries, null);
    }

    @Override
    public synchronized long append(List<TagEntry> entries, List<int[]> blockChecksums) throws IOException {
        checkWritable();
        try {
            long id = lastBatchId + 1;
            insertBatch.setLong(1, id);
            insertBatch.setInt(2, entries.size());
            insertBatch.setBytes(3, EntryCodec.encode(entries, this::objectIndex));
            insertBatch.setBytes(4, blockChecksums == null ? null : EntryCodec.encodeBlockChecksums(entries, blockChecksums));
            insertBatch.executeUpdate();
            connection.commit();
            lastBatchId = id;
            return id;
        } catch (SQLException | IllegalStateException e) {
            rollbackQuietly();
            throw new TagMirrorException("cannot record entries in " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        }
    }

    @Override
    public synchronized void scan(EntryVisitor visitor) throws IOException {
        try (PreparedStatement p = connection.prepareStatement("SELECT id, entries FROM entry_batch ORDER BY id")) {
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    for (TagEntry e : EntryCodec.decode(rs.getBytes(2), this::objectName)) {
                        if (!visitor.visit(id, e)) {
                            return;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new TagMirrorException("cannot read the tag table " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw corrupt(e);
        } finally {
            endReadTransaction();
        }
    }

    /** A batch that does not decode: the table was damaged outside TagMirror. */
    private TagMirrorException corrupt(RuntimeException e) {
        return new DeviceDamagedException(file + " is corrupt: " + TagMirrorException.firstLine(e.getMessage())
                + "; compare cannot trust this tag table (see the recovery guide: verify is the fallback)", e);
    }

    /** Decodes the packed batches straight to the visitor: no {@link TagEntry} per entry. */
    @Override
    public synchronized void scanPacked(String objectId, long upToBatch, long fromBlock, long toBlock,
                                        PackedEntryVisitor visitor) throws IOException {
        Integer objectIndex = objectIndexes.get(objectId);
        if (objectIndex == null) {
            return; // no entry names the object
        }
        int[] arrival = {0};
        scanBatches(upToBatch, (batch, blob, blockChecksums) -> {
            int read = EntryCodec.decodeInto(blob, blockChecksums, objectIndex, fromBlock, toBlock, visitor, arrival[0]);
            arrival[0] += read;
            return visitor.read(read);
        });
    }

    /** Receives whole packed batches. */
    @FunctionalInterface
    interface BatchVisitor {
        boolean visit(long batchId, byte[] entries, byte[] blockChecksums) throws IOException;
    }

    /** Visits the packed batches with ids up to {@code upToBatch}, in order. */
    private void scanBatches(long upToBatch, BatchVisitor visitor) throws IOException {
        try (PreparedStatement p = connection.prepareStatement("SELECT id, entries, "
                + (blockChecksumColumn ? "block_checksums" : "NULL") + " FROM entry_batch WHERE id <= ? ORDER BY id")) {
            p.setLong(1, upToBatch);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    byte[] blob = rs.getBytes(2);
                    if (blob == null || blob.length % EntryCodec.ENTRY_BYTES != 0) {
                        // Never skip what cannot be read: lost entries would hide divergent blocks.
                        throw corrupt(new IllegalStateException("entry batch " + rs.getLong(1) + " of "
                                + (blob == null ? 0 : blob.length) + " bytes is not a whole number of entries"));
                    }
                    if (!visitor.visit(rs.getLong(1), blob, rs.getBytes(3))) {
                        return;
                    }
                }
            }
        } catch (SQLException e) {
            throw new TagMirrorException("cannot read the tag table " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        } finally {
            endReadTransaction();
        }
    }

    /** Visits every batch as stored: how a log is carried over from this table. */
    synchronized void forEachBatch(BatchVisitor visitor) throws IOException {
        scanBatches(Long.MAX_VALUE, visitor);
    }

    /** The object names by the index entries use. */
    synchronized Map<Integer, String> objectNamesByIndex() {
        return new HashMap<>(objectNames);
    }

    /** Every generator's reservation. */
    synchronized Map<Long, Long> generators() throws IOException {
        Map<Long, Long> out = new HashMap<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT id, reserved_until FROM generator");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new TagMirrorException("cannot read generators from " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        } finally {
            endReadTransaction();
        }
    }

    @Override
    public synchronized long deleteUpTo(long upToBatch, java.util.function.Predicate<TagEntry> keep) throws IOException {
        checkWritable();
        long deleted = 0;
        try {
            List<Long> emptied = new ArrayList<>();
            List<Object[]> rewritten = new ArrayList<>();
            try (PreparedStatement p = connection.prepareStatement(
                    "SELECT id, entries FROM entry_batch WHERE id <= ? ORDER BY id")) {
                p.setLong(1, upToBatch);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        List<TagEntry> batch = EntryCodec.decode(rs.getBytes(2), this::objectName);
                        List<TagEntry> kept = new ArrayList<>();
                        for (TagEntry e : batch) {
                            if (keep.test(e)) {
                                kept.add(e);
                            }
                        }
                        deleted += batch.size() - kept.size();
                        if (kept.isEmpty()) {
                            emptied.add(id);
                        } else if (kept.size() != batch.size()) {
                            rewritten.add(new Object[] {id, kept});
                        }
                    }
                }
            }
            try (PreparedStatement del = connection.prepareStatement("DELETE FROM entry_batch WHERE id >= ? AND id <= ?");
                 PreparedStatement upd = connection.prepareStatement(
                         "UPDATE entry_batch SET entry_count = ?, entries = ?, block_checksums = NULL WHERE id = ?")) {
                // emptied ids come in order and mostly in one run (a whole settled backlog): one
                // statement per run of consecutive ids, not one per batch
                for (int i = 0; i < emptied.size(); ) {
                    int j = i + 1;
                    while (j < emptied.size() && emptied.get(j) == emptied.get(j - 1) + 1) {
                        j++;
                    }
                    del.setLong(1, emptied.get(i));
                    del.setLong(2, emptied.get(j - 1));
                    del.executeUpdate();
                    i = j;
                }
                for (Object[] row : rewritten) {
                    @SuppressWarnings("unchecked")
                    List<TagEntry> kept = (List<TagEntry>) row[1];
                    upd.setInt(1, kept.size());
                    upd.setBytes(2, EntryCodec.encode(kept, this::objectIndex));
                    upd.setLong(3, (Long) row[0]);
                    upd.executeUpdate();
                }
            }
            keepBatchFloor();
            connection.commit();
            return deleted;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new TagMirrorException("cannot delete entries from " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        }
    }

    @Override
    public synchronized long trim(long afterBatch, long upToBatch) throws IOException {
        checkWritable();
        if (upToBatch <= afterBatch) {
            return 0;
        }
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT coalesce(sum(entry_count), 0) FROM entry_batch WHERE id > ? AND id <= ?");
             PreparedStatement del = connection.prepareStatement("DELETE FROM entry_batch WHERE id > ? AND id <= ?")) {
            count.setLong(1, afterBatch);
            count.setLong(2, upToBatch);
            long n;
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                n = rs.getLong(1);
            }
            del.setLong(1, afterBatch);
            del.setLong(2, upToBatch);
            del.executeUpdate();
            keepBatchFloor();
            connection.commit();
            return n;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new TagMirrorException("cannot trim " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        }
    }

    @Override
    public int entryBytes(int blockCount) {
        return DirectoryDevice.packedEntryBytes(blockCount);
    }

    @Override
    public synchronized long count() throws IOException {
        return queryLong("SELECT coalesce(sum(entry_count), 0) FROM entry_batch");
    }

    @Override
    public synchronized long lastBatchId() throws IOException {
        if (readOnly) {
            try {
                loadLastBatchId(); // another process may be appending
            } catch (SQLException e) {
                throw new TagMirrorException("cannot read the tag table " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
            } finally {
                endReadTransaction();
            }
        }
        return lastBatchId;
    }

    @Override
    public synchronized OptionalLong reservedSequence(long generatorId) throws IOException {
        try (PreparedStatement p = connection.prepareStatement("SELECT reserved_until FROM generator WHERE id = ?")) {
            p.setLong(1, generatorId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new TagMirrorException("cannot read generators from " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        } finally {
            endReadTransaction();
        }
    }

    @Override
    public synchronized void reserveSequence(long generatorId, long until) throws IOException {
        checkWritable();
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO generator(id, reserved_until) VALUES (?, ?) ON CONFLICT(id)"
                        + " DO UPDATE SET reserved_until = max(reserved_until, excluded.reserved_until)")) {
            p.setLong(1, generatorId);
            p.setLong(2, until);
            p.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new TagMirrorException("cannot reserve tags in " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        }
    }

    @Override
    public synchronized boolean needsScrub() throws IOException {
        try (PreparedStatement p = connection.prepareStatement("SELECT value FROM meta WHERE key = 'needs_scrub'");
             ResultSet rs = p.executeQuery()) {
            return rs.next() && "1".equals(rs.getString(1));
        } catch (SQLException e) {
            throw new TagMirrorException("cannot read the tag table " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        } finally {
            endReadTransaction();
        }
    }

    @Override
    public synchronized void setNeedsScrub(boolean needed) throws IOException {
        checkWritable();
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO meta(key, value) VALUES ('needs_scrub', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            p.setString(1, needed ? "1" : "0");
            p.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new TagMirrorException("cannot update the tag table " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        }
    }

    private DurabilityMode durability = DurabilityMode.POWER_SAFE;
    private long syncs;

    @Override
    public synchronized void sync() throws IOException {
        if (readOnly || durability == DurabilityMode.POWER_SAFE) {
            return; // every commit was synced
        }
        try {
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                // A commit under FULL fsyncs the WAL, and with it every frame the commits under OFF wrote
                // before it; the row changes at each sync, so the commit always writes a frame.
                s.execute("PRAGMA synchronous=FULL");
                s.execute("INSERT INTO meta(key, value) VALUES ('syncs', '" + (++syncs) + "')"
                        + " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
                s.execute("PRAGMA synchronous=OFF");
            }
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new TagMirrorException("cannot sync the tag table " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        }
    }

    @Override
    public synchronized void setDurability(DurabilityMode mode) throws IOException {
        if (readOnly) {
            return;
        }
        durability = mode;
        try {
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                // WAL + FULL fsyncs the log at every commit; OFF leaves it in the page cache,
                // which a process crash cannot lose but a power cut can.
                s.execute(mode == DurabilityMode.POWER_SAFE ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF");
            }
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new TagMirrorException("cannot set durability on " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        }
    }

    private long queryLong(String sql) throws IOException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new TagMirrorException("cannot read the tag table " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        } finally {
            endReadTransaction();
        }
    }

    /** Ends the implicit read transaction so the WAL can be checkpointed past it. */
    private void endReadTransaction() {
        try {
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException ignored) {
            // nothing was written; a failed commit of a read leaves nothing behind
        }
    }

    private void checkWritable() throws TagMirrorException {
        if (readOnly) {
            throw new DeviceNotWritableException("the tag table " + file + " is open read-only");
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the failure being reported is the one that matters
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (!readOnly && !connection.getAutoCommit()) {
                connection.commit();
            }
            connection.close();
        } catch (SQLException e) {
            throw new TagMirrorException("cannot close the tag table " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        }
    }
}
