package io.tagmirror.workspace.index;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/**
 * A secondary index of a mirror's tag tables, built off the write path into a SQLite file of the
 * workspace's cache: one row per tag with each device's entry and a {@link MatchState}, keyed by
 * (generator, sequence) and indexed by first block, so that a console can page through a million
 * tags a few hundred at a time.
 *
 * <p>An index is a snapshot: {@link IndexStamp} says which state of the devices it shows. It is
 * thread-safe; queries on one instance run one at a time.
 */
public final class TagTableIndex implements AutoCloseable {

    static final String FORMAT = "tagmirror-tag-index-1";
    private static final String COLUMNS = "gen, seq, kind, first_block, block_count, checksum, presence, differs, state";

    private final Path file;
    private final Connection connection;
    private final IndexSummary summary;

    private TagTableIndex(Path file, Connection connection, IndexSummary summary) {
        this.file = file;
        this.connection = connection;
        this.summary = summary;
    }

    /**
     * Builds a new index of {@code mirror} into {@code file}, which must not exist, from the devices
     * in the mirror's order, and opens it. A failed or cancelled build leaves no file behind.
     */
    public static TagTableIndex build(Path file, MirrorDefinition mirror, List<IndexSource> sources,
                                      TaskMonitor monitor) throws IOException {
        if (sources.size() != mirror.devices().size() || sources.size() > 62) {
            throw new IllegalArgumentException("one source per member device is needed, at most 62");
        }
        for (int i = 0; i < sources.size(); i++) {
            if (!sources.get(i).uuid().equals(mirror.devices().get(i))) {
                throw new IllegalArgumentException("sources must follow the mirror's device order");
            }
        }
        if (Files.exists(file)) {
            throw new TagMirrorException("the index file " + file + " already exists");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        IndexStamp stamp = IndexStamp.of(mirror.objectId(), sources);
        boolean done = false;
        try {
            try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + file)) {
                try (Statement s = c.createStatement()) {
                    // A cache file: rebuilt from the devices whenever lost, so it needs no journal or fsync.
                    s.execute("PRAGMA journal_mode=OFF");
                    s.execute("PRAGMA synchronous=OFF");
                    s.execute("PRAGMA temp_store=MEMORY");
                    s.execute("PRAGMA cache_size=-65536");
                }
                c.setAutoCommit(false);
                new IndexBuilder(c, mirror, sources, monitor).build(stamp);
                c.commit();
            }
            TagTableIndex index = open(file);
            done = true;
            return index;
        } catch (SQLException e) {
            throw new TagMirrorException("cannot build the tag table index " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Opens an index built earlier; refuses a file that is not a complete index. */
    public static TagTableIndex open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new TagMirrorException("no tag table index at " + file);
        }
        Connection c = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            c = config.createConnection("jdbc:sqlite:" + file);
            Map<String, String> meta = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT key, value FROM meta")) {
                while (rs.next()) {
                    meta.put(rs.getString(1), rs.getString(2));
                }
            }
            if (!FORMAT.equals(meta.get("format"))) {
                throw new TagMirrorException(file + " is not a complete tag table index");
            }
            List<IndexedDevice> devices = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT position, uuid, label, scanned, entries, reason FROM device ORDER BY position")) {
                while (rs.next()) {
                    devices.add(new IndexedDevice(rs.getInt(1), UUID.fromString(rs.getString(2)), rs.getString(3),
                            rs.getInt(4) != 0, rs.getLong(5), rs.getString(6)));
                }
            }
            IndexSummary summary = new IndexSummary(meta.get("mirror"), meta.get("object"), devices,
                    Long.parseLong(meta.get("rows")), Long.parseLong(meta.get("matched")),
                    Long.parseLong(meta.get("only_some")), Long.parseLong(meta.get("conflicts")),
                    Integer.parseInt(meta.get("max_block_count")), Long.parseLong(meta.get("end_block")),
                    Integer.parseInt(meta.get("generators")),
                    Double.parseDouble(meta.get("build_seconds")), IndexStamp.decode(meta.get("stamp")));
            return new TagTableIndex(file, c, summary);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw new TagMirrorException(file + " is not a usable tag table index: " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(c);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public IndexSummary summary() {
        return summary;
    }

    /** Rows that {@code filter} lets through. */
    public synchronized long count(TagFilter filter) throws IOException {
        Where where = where(filter);
        try (PreparedStatement p = connection.prepareStatement("SELECT count(*) FROM tag_row WHERE " + where.sql)) {
            where.bind(p, 1);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * The count of {@code filter} and an anchor every {@code stride} rows, in one pass over the keys
     * (about a third of a second for a million rows), so that later pages are reached by offsets of
     * less than {@code stride}.
     */
    public synchronized Positions positions(TagFilter filter, int stride) throws IOException {
        Where where = where(filter);
        List<Tag> anchors = new ArrayList<>();
        long count = 0;
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT gen, seq FROM tag_row WHERE " + where.sql + " ORDER BY gen, seq")) {
            where.bind(p, 1);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (count % stride == 0) {
                        anchors.add(new Tag(rs.getLong(1), rs.getLong(2)));
                    }
                    count++;
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return new Positions(count, stride, anchors);
    }

    /**
     * Up to {@code limit} rows of {@code filter} in tag order, starting {@code offset} rows after
     * {@code from} (null: the first row); {@code inclusive} says whether {@code from} itself counts.
     */
    public synchronized List<IndexRow> page(TagFilter filter, Tag from, boolean inclusive, int offset, int limit)
            throws IOException {
        Where where = where(filter);
        String sql = "SELECT " + COLUMNS + " FROM tag_row WHERE " + where.sql
                + (from == null ? "" : inclusive ? " AND (gen, seq) >= (?, ?)" : " AND (gen, seq) > (?, ?)")
                + " ORDER BY gen, seq LIMIT ? OFFSET ?";
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            int i = where.bind(p, 1);
            if (from != null) {
                p.setLong(i++, from.generatorId());
                p.setLong(i++, from.sequence());
            }
            p.setInt(i++, limit);
            p.setInt(i, offset);
            return readRows(p);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The row of {@code tag}, whatever the filter. */
    public synchronized Optional<IndexRow> row(Tag tag) throws IOException {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM tag_row WHERE gen = ? AND seq = ?")) {
            p.setLong(1, tag.generatorId());
            p.setLong(2, tag.sequence());
            List<IndexRow> rows = readRows(p);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Where {@code tag} is among the rows of {@code filter}, or empty when the filter hides it. */
    public synchronized OptionalLong position(TagFilter filter, Tag tag) throws IOException {
        Where where = where(filter);
        try {
            try (PreparedStatement p = connection.prepareStatement(
                    "SELECT 1 FROM tag_row WHERE " + where.sql + " AND gen = ? AND seq = ?")) {
                int i = where.bind(p, 1);
                p.setLong(i++, tag.generatorId());
                p.setLong(i, tag.sequence());
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return OptionalLong.empty();
                    }
                }
            }
            try (PreparedStatement p = connection.prepareStatement(
                    "SELECT count(*) FROM tag_row WHERE " + where.sql + " AND (gen, seq) < (?, ?)")) {
                int i = where.bind(p, 1);
                p.setLong(i++, tag.generatorId());
                p.setLong(i, tag.sequence());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return OptionalLong.of(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * The first row of {@code filter} in tag order whose entry covers {@code block}, or failing
     * that the row whose entry starts nearest after it.
     */
    public synchronized Optional<IndexRow> rowAtBlock(TagFilter filter, long block) throws IOException {
        Where where = where(filter);
        try {
            try (PreparedStatement p = connection.prepareStatement("SELECT " + COLUMNS + " FROM tag_row WHERE "
                    + where.sql + " AND first_block >= ? AND first_block <= ? AND end_block > ? ORDER BY gen, seq LIMIT 1")) {
                int i = where.bind(p, 1);
                p.setLong(i++, Math.max(0, block - summary.maxBlockCount() + 1));
                p.setLong(i++, block);
                p.setLong(i, block);
                List<IndexRow> rows = readRows(p);
                if (!rows.isEmpty()) {
                    return Optional.of(rows.get(0));
                }
            }
            try (PreparedStatement p = connection.prepareStatement("SELECT " + COLUMNS + " FROM tag_row WHERE "
                    + where.sql + " AND first_block > ? ORDER BY first_block, gen, seq LIMIT 1")) {
                int i = where.bind(p, 1);
                p.setLong(i, block);
                List<IndexRow> rows = readRows(p);
                return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Up to {@code limit} rows whose entries overlap {@code range}, in tag order. */
    public synchronized List<IndexRow> overlapping(BlockRange range, int limit) throws IOException {
        return page(TagFilter.ALL.withBlocks(range), null, false, 0, limit);
    }

    /** The generators that wrote the tags, in order. */
    public synchronized List<Long> generators() throws IOException {
        List<Long> out = new ArrayList<>();
        // A skip-scan over the primary key: one probe per generator, not one per row.
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT gen FROM tag_row WHERE gen > ? ORDER BY gen LIMIT 1")) {
            long last = 0;
            while (true) {
                p.setLong(1, last);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        break;
                    }
                    last = rs.getLong(1);
                    out.add(last);
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Receives the block range and state of rows, for drawing a block map. */
    @FunctionalInterface
    public interface RangeVisitor {
        void visit(long firstBlock, int blockCount, MatchState state);
    }

    /**
     * Visits every row's range and state; with {@code unmatchedOnly} only the rows that are not
     * matched. Streams: nothing is kept per row.
     */
    public synchronized void forEachRange(boolean unmatchedOnly, RangeVisitor visitor) throws IOException {
        String sql = unmatchedOnly
                ? "SELECT first_block, block_count, state FROM tag_row WHERE state != 0 ORDER BY gen, seq"
                : "SELECT first_block, block_count, state FROM tag_row";
        try (PreparedStatement p = connection.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                visitor.visit(rs.getLong(1), rs.getInt(2), MatchState.ofCode(rs.getInt(3)));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private List<IndexRow> readRows(PreparedStatement p) throws SQLException {
        List<IndexRow> rows = new ArrayList<>();
        List<Integer> differing = new ArrayList<>();
        int devices = summary.devices().size();
        String objectId = summary.objectId();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                Tag tag = new Tag(rs.getLong(1), rs.getLong(2));
                TagEntry shared = new TagEntry(tag, objectId, EntryKind.fromCode(rs.getInt(3)), rs.getLong(4), rs.getInt(5),
                        rs.getInt(6));
                long presence = rs.getLong(7);
                TagEntry[] entries = new TagEntry[devices];
                for (int d = 0; d < devices; d++) {
                    if ((presence & (1L << d)) != 0) {
                        entries[d] = shared;
                    }
                }
                if (rs.getLong(8) != 0) {
                    differing.add(rows.size());
                }
                rows.add(new IndexRow(tag, MatchState.ofCode(rs.getInt(9)), entries));
            }
        }
        for (int at : differing) {
            rows.set(at, withVariants(rows.get(at)));
        }
        return rows;
    }

    /** The row with each device's own entry, for a tag whose contents differ between devices. */
    private IndexRow withVariants(IndexRow row) throws SQLException {
        TagEntry[] entries = new TagEntry[row.devices()];
        for (int d = 0; d < entries.length; d++) {
            entries[d] = row.entryOrNull(d);
        }
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT position, kind, first_block, block_count, checksum FROM variant WHERE gen = ? AND seq = ?")) {
            p.setLong(1, row.tag().generatorId());
            p.setLong(2, row.tag().sequence());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    int position = rs.getInt(1);
                    if (position < entries.length) {
                        entries[position] = new TagEntry(row.tag(), summary.objectId(), EntryKind.fromCode(rs.getInt(2)),
                                rs.getLong(3), rs.getInt(4), rs.getInt(5));
                    }
                }
            }
        }
        return new IndexRow(row.tag(), row.state(), entries);
    }

    /** A filter as SQL: a condition with its parameters, bound in order. */
    private record Where(String sql, List<Long> parameters) {
        int bind(PreparedStatement p, int first) throws SQLException {
            int i = first;
            for (long value : parameters) {
                p.setLong(i++, value);
            }
            return i;
        }
    }

    private Where where(TagFilter filter) {
        StringBuilder sql = new StringBuilder("1");
        List<Long> parameters = new ArrayList<>();
        if (filter.objectId() != null && !filter.objectId().equals(summary.objectId())) {
            // The index holds the mirror's own object only.
            return new Where("0", List.of());
        }
        if (filter.unmatchedOnly()) {
            // Written exactly as the partial index's condition, so SQLite uses that index.
            sql.append(" AND state != 0");
        }
        if (filter.generator() != 0) {
            sql.append(" AND gen = ?");
            parameters.add(filter.generator());
        }
        if (filter.blocks() != null) {
            BlockRange blocks = filter.blocks();
            // No entry is longer than maxBlockCount, which bounds the scan of the block index.
            sql.append(" AND first_block >= ? AND first_block < ? AND end_block > ?");
            parameters.add(Math.max(0, blocks.firstBlock() - summary.maxBlockCount() + 1));
            parameters.add(blocks.endBlock());
            parameters.add(blocks.firstBlock());
        }
        return new Where(sql.toString(), parameters);
    }

    private TagMirrorException failure(SQLException e) {
        return new TagMirrorException("cannot read the tag table index " + file + ": " + TagMirrorException.firstLine(e.getMessage()), e);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already reporting a failure
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure(e);
        }
    }
}
