package io.tagmirror.workspace.index;

import io.tagmirror.engine.CancelledException;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TaskMonitor;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Fills a fresh index file from the devices' tag tables: one streaming scan per device, entries
 * folded into one row per tag by an upsert, all in one transaction.
 *
 * <p>Nothing is held in memory per entry: a million entries per device cost a few megabytes of
 * SQLite page cache, not a list of a million records.
 */
final class IndexBuilder {

    /** Rows per JDBC batch of updates. */
    private static final int BATCH = 4096;
    /** Rows per upsert statement; SQLite allows 32766 parameters, this uses 9 per row. */
    private static final int ROWS_PER_STATEMENT = 128;
    /** Entries between progress reports and cancellation checks. */
    private static final int PROGRESS_EVERY = 16384;
    /** A tag held with different contents is rare; past this many, variants beyond it are not kept. */
    private static final int MAX_VARIANT_TAGS = 100_000;

    private final Connection connection;
    private final MirrorDefinition mirror;
    private final List<IndexSource> sources;
    private final TaskMonitor monitor;
    private final long allDevices;
    /** Kept while loading, so the summary needs no pass over every row for them. */
    private int maxBlockCount = 1;
    private long endBlock;

    IndexBuilder(Connection connection, MirrorDefinition mirror, List<IndexSource> sources, TaskMonitor monitor) {
        this.connection = connection;
        this.mirror = mirror;
        this.sources = sources;
        this.monitor = monitor;
        this.allDevices = (1L << sources.size()) - 1;
    }

    /** Builds everything and returns the summary; the caller commits. */
    IndexSummary build(IndexStamp stamp) throws IOException, SQLException {
        long started = System.nanoTime();
        createSchema();
        List<IndexedDevice> devices = loadRows();
        fillVariants();
        checkCancelled();
        monitor.progress("Indexing blocks", 0, 1);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE INDEX tag_row_block ON tag_row(first_block)");
            // Partial: the "unmatched only" view pages through this index alone, in tag order.
            s.execute("CREATE INDEX tag_row_unmatched ON tag_row(gen, seq) WHERE state != 0");
        }
        markCrossGeneratorConflicts();
        monitor.progress("Summarising", 0, 1);
        IndexSummary summary = summarise(devices, stamp, started);
        writeMeta(summary);
        return summary;
    }

    private void createSchema() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("CREATE TABLE device(position INTEGER PRIMARY KEY, uuid TEXT NOT NULL, label TEXT NOT NULL,"
                    + " scanned INTEGER NOT NULL, entries INTEGER NOT NULL, reason TEXT)");
            // One row per tag. The entry fields are those of the first device that held the tag;
            // "differs" has a bit for every device that holds it with other contents.
            s.execute("CREATE TABLE tag_row(gen INTEGER NOT NULL, seq INTEGER NOT NULL, kind INTEGER NOT NULL,"
                    + " first_block INTEGER NOT NULL, block_count INTEGER NOT NULL, end_block INTEGER NOT NULL,"
                    + " checksum INTEGER NOT NULL, presence INTEGER NOT NULL, differs INTEGER NOT NULL,"
                    + " state INTEGER NOT NULL, PRIMARY KEY(gen, seq)) WITHOUT ROWID");
            // Every device's own entry for the tags whose contents differ between devices.
            s.execute("CREATE TABLE variant(gen INTEGER NOT NULL, seq INTEGER NOT NULL, position INTEGER NOT NULL,"
                    + " kind INTEGER NOT NULL, first_block INTEGER NOT NULL, block_count INTEGER NOT NULL,"
                    + " checksum INTEGER NOT NULL, PRIMARY KEY(gen, seq, position)) WITHOUT ROWID");
        }
    }

    private List<IndexedDevice> loadRows() throws IOException, SQLException {
        long counted = 0;
        for (IndexSource source : sources) {
            if (source.table() != null) {
                counted += source.table().count();
            }
        }
        long total = counted;
        List<IndexedDevice> devices = new ArrayList<>();
        long[] done = {0};
        String objectId = mirror.objectId();
        try (PreparedStatement many = connection.prepareStatement(upsert(ROWS_PER_STATEMENT));
             PreparedStatement one = connection.prepareStatement(upsert(1))) {
            TagEntry[] pending = new TagEntry[ROWS_PER_STATEMENT];
            for (int position = 0; position < sources.size(); position++) {
                IndexSource source = sources.get(position);
                if (source.table() == null) {
                    devices.add(new IndexedDevice(position, source.uuid(), source.label(), false, -1, source.reason()));
                    continue;
                }
                long bit = 1L << position;
                int ownState = bit == allDevices ? 0 : 1;
                String phase = "Reading the tag table of " + source.label();
                long[] mine = {0};
                int[] held = {0};
                source.table().scan((batch, e) -> {
                    if (!e.objectId().equals(objectId)) {
                        return true;
                    }
                    pending[held[0]++] = e;
                    maxBlockCount = Math.max(maxBlockCount, e.blockCount());
                    endBlock = Math.max(endBlock, e.endBlock());
                    if (held[0] == ROWS_PER_STATEMENT) {
                        write(many, pending, 0, ROWS_PER_STATEMENT, bit, ownState);
                        held[0] = 0;
                    }
                    mine[0]++;
                    if (++done[0] % PROGRESS_EVERY == 0) {
                        checkCancelled();
                        monitor.progress(phase, done[0], total);
                    }
                    return true;
                });
                for (int i = 0; i < held[0]; i++) {
                    write(one, pending, i, 1, bit, ownState);
                }
                devices.add(new IndexedDevice(position, source.uuid(), source.label(), true, mine[0], null));
            }
        }
        return devices;
    }

    /** The SQL test that an incoming entry has the contents already stored for its tag. */
    private static final String SAME = "kind = excluded.kind AND first_block = excluded.first_block"
            + " AND block_count = excluded.block_count AND checksum = excluded.checksum";

    /**
     * An upsert of {@code rows} entries in one statement: the first device to hold a tag inserts
     * its row, later ones add their presence bit and mark the row when their contents differ.
     * Many rows per statement save most of the JDBC driver's cost per statement.
     */
    private static String upsert(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO tag_row(gen, seq, kind, first_block, block_count,"
                + " end_block, checksum, presence, differs, state) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, 0, ?)");
        }
        return sql.append(" ON CONFLICT(gen, seq) DO UPDATE SET")
                .append(" presence = presence | excluded.presence,")
                .append(" differs = differs | (CASE WHEN ").append(SAME).append(" THEN 0 ELSE excluded.presence END),")
                .append(" state = CASE WHEN differs != 0 OR NOT (").append(SAME).append(") THEN 2")
                .append(" WHEN (presence | excluded.presence) = ? THEN 0 ELSE 1 END")
                .toString();
    }

    private void write(PreparedStatement p, TagEntry[] entries, int from, int rows, long presence, int state)
            throws IOException {
        try {
            int i = 1;
            for (int r = from; r < from + rows; r++) {
                TagEntry e = entries[r];
                p.setLong(i++, e.tag().generatorId());
                p.setLong(i++, e.tag().sequence());
                p.setInt(i++, e.kind().code());
                p.setLong(i++, e.firstBlock());
                p.setInt(i++, e.blockCount());
                p.setLong(i++, e.endBlock());
                p.setInt(i++, e.checksum());
                p.setLong(i++, presence);
                p.setInt(i++, state);
            }
            p.setLong(i, allDevices);
            p.executeUpdate();
        } catch (SQLException ex) {
            throw new IOException(ex);
        }
    }

    /** A second pass, only when some tag differs between devices, to keep every device's own entry for it. */
    private void fillVariants() throws IOException, SQLException {
        Set<Tag> differing = new HashSet<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT gen, seq FROM tag_row WHERE differs != 0 LIMIT " + MAX_VARIANT_TAGS);
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                differing.add(new Tag(rs.getLong(1), rs.getLong(2)));
            }
        }
        if (differing.isEmpty()) {
            return;
        }
        String objectId = mirror.objectId();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR REPLACE INTO variant(gen, seq, position, kind, first_block, block_count, checksum)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int position = 0; position < sources.size(); position++) {
                IndexSource source = sources.get(position);
                if (source.table() == null) {
                    continue;
                }
                int pos = position;
                monitor.progress("Reading differing entries on " + source.label(), position, sources.size());
                source.table().scan((batch, e) -> {
                    if (e.objectId().equals(objectId) && differing.contains(e.tag())) {
                        try {
                            insert.setLong(1, e.tag().generatorId());
                            insert.setLong(2, e.tag().sequence());
                            insert.setInt(3, pos);
                            insert.setInt(4, e.kind().code());
                            insert.setLong(5, e.firstBlock());
                            insert.setInt(6, e.blockCount());
                            insert.setInt(7, e.checksum());
                            insert.executeUpdate();
                        } catch (SQLException ex) {
                            throw new IOException(ex);
                        }
                    }
                    return true;
                });
            }
        }
    }

    /**
     * Marks unmatched tags of different generators that overlap in blocks and that each sit on a
     * device the other does not: neither device's newest write can be ordered before the other's.
     * A sweep over the unmatched rows in block order, keeping the rows whose range is still open.
     */
    private void markCrossGeneratorConflicts() throws IOException, SQLException {
        monitor.progress("Looking for conflicts", 0, 1);
        record Open(long end, long gen, long seq, long presence) {
        }
        PriorityQueue<Open> open = new PriorityQueue<>((a, b) -> Long.compare(a.end, b.end));
        Map<Long, Integer> openPerGenerator = new HashMap<>();
        Set<Tag> conflicting = new LinkedHashSet<>();
        long seen = 0;
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT gen, seq, first_block, end_block, presence FROM tag_row INDEXED BY tag_row_unmatched"
                        + " WHERE state != 0 ORDER BY first_block");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                long gen = rs.getLong(1);
                long seq = rs.getLong(2);
                long first = rs.getLong(3);
                Open row = new Open(rs.getLong(4), gen, seq, rs.getLong(5));
                while (!open.isEmpty() && open.peek().end <= first) {
                    Open closed = open.poll();
                    openPerGenerator.merge(closed.gen, -1, (a, b) -> a + b == 0 ? null : a + b);
                }
                boolean otherGenerators = openPerGenerator.size() > 1
                        || (openPerGenerator.size() == 1 && !openPerGenerator.containsKey(gen));
                if (otherGenerators) {
                    for (Open other : open) {
                        if (other.gen != gen && (row.presence & ~other.presence) != 0
                                && (other.presence & ~row.presence) != 0) {
                            conflicting.add(new Tag(gen, seq));
                            conflicting.add(new Tag(other.gen, other.seq));
                        }
                    }
                }
                open.add(row);
                openPerGenerator.merge(gen, 1, Integer::sum);
                if (++seen % 65536 == 0) {
                    checkCancelled();
                }
            }
        }
        if (conflicting.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE tag_row SET state = 2 WHERE gen = ? AND seq = ?")) {
            int pending = 0;
            for (Tag tag : conflicting) {
                update.setLong(1, tag.generatorId());
                update.setLong(2, tag.sequence());
                update.addBatch();
                if (++pending == BATCH) {
                    update.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                update.executeBatch();
            }
        }
    }

    private IndexSummary summarise(List<IndexedDevice> devices, IndexStamp stamp, long started) throws SQLException {
        long rows = queryLong("SELECT count(*) FROM tag_row", 0);
        long[] perState = new long[3];
        // The unmatched rows are few and in the partial index; the matched ones are the rest.
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, count(*) FROM tag_row WHERE state != 0 GROUP BY state")) {
            while (rs.next()) {
                perState[rs.getInt(1)] = rs.getLong(2);
            }
        }
        perState[0] = rows - perState[1] - perState[2];
        int generators = 0;
        // A skip-scan over the primary key: one probe per generator instead of a pass over every row.
        try (PreparedStatement p = connection.prepareStatement("SELECT gen FROM tag_row WHERE gen > ? ORDER BY gen LIMIT 1")) {
            long last = 0;
            while (true) {
                p.setLong(1, last);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        break;
                    }
                    last = rs.getLong(1);
                    generators++;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new IndexSummary(mirror.name(), mirror.objectId(), devices, rows, perState[0], perState[1], perState[2],
                maxBlockCount, endBlock, generators, seconds, stamp);
    }

    private long queryLong(String sql, long fallback) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                return fallback;
            }
            long value = rs.getLong(1);
            return rs.wasNull() ? fallback : value;
        }
    }

    private void writeMeta(IndexSummary summary) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO device(position, uuid, label, scanned, entries, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (IndexedDevice d : summary.devices()) {
                p.setInt(1, d.position());
                p.setString(2, d.uuid().toString());
                p.setString(3, d.label());
                p.setInt(4, d.scanned() ? 1 : 0);
                p.setLong(5, d.entries());
                p.setString(6, d.reason());
                p.executeUpdate();
            }
        }
        Map<String, String> meta = new HashMap<>();
        meta.put("format", TagTableIndex.FORMAT);
        meta.put("mirror", summary.mirror());
        meta.put("object", summary.objectId());
        meta.put("rows", Long.toString(summary.rows()));
        meta.put("matched", Long.toString(summary.matched()));
        meta.put("only_some", Long.toString(summary.onlySome()));
        meta.put("conflicts", Long.toString(summary.conflicts()));
        meta.put("max_block_count", Integer.toString(summary.maxBlockCount()));
        meta.put("end_block", Long.toString(summary.endBlock()));
        meta.put("generators", Integer.toString(summary.generators()));
        meta.put("build_seconds", Double.toString(summary.buildSeconds()));
        meta.put("stamp", summary.stamp().encode());
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO meta(key, value) VALUES (?, ?)")) {
            for (Map.Entry<String, String> e : meta.entrySet()) {
                p.setString(1, e.getKey());
                p.setString(2, e.getValue());
                p.executeUpdate();
            }
        }
    }

    private void checkCancelled() throws CancelledException {
        if (monitor.isCancelled()) {
            throw new CancelledException("building the tag table index of mirror " + mirror.name() + " was cancelled");
        }
    }
}
