package io.tagmirror.workspace;

import io.tagmirror.engine.DeviceKind;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.DeviceAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The console's catalog (known devices and mirrors) and history, in {@code catalog.db}.
 *
 * <p>The catalog is a cache: a mirror's definition lives on its devices, and a lost catalog is
 * rebuilt with {@code mirror import}.
 */
public final class Workspace implements AutoCloseable {
    public static final String ENVIRONMENT_VARIABLE = "TAGMIRROR_WORKSPACE";
    static final String CATALOG_FILE = "catalog.db";

    /**
     * A device the workspace knows, by uuid and where it was last seen.
     *
     * @param path where it is: the locator of {@code address}
     * @param address its kind and locator, the way to open it
     */
    public record KnownDevice(UUID uuid, Path path, String added, DeviceAddress address) {
    }

    /** One line of history: a compare, repair, verify or replay, with its figures as JSON. */
    public record HistoryEntry(long id, String time, String kind, String mirror, String result, String figures) {
    }

    private final Path dir;
    private final Connection connection;

    private Workspace(Path dir, Connection connection) {
        this.dir = dir;
        this.connection = connection;
    }

    /** The workspace directory when none is given: the environment variable when set, else the user's data directory. */
    public static Path defaultDirectory() {
        return WorkspaceLocation.resolve(null, Optional.empty()).directory();
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(CATALOG_FILE));
    }

    /** Opens the workspace in {@code dir}, creating it when missing. */
    public static Workspace open(Path dir) throws IOException {
        dir = dir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new TagMirrorException("workspace " + dir + " is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TagMirrorException("cannot create the workspace " + dir + ": " + e.getMessage());
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(CATALOG_FILE));
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=5000");
                // path holds the locator; kind came later, and a row without one is a directory device
                s.execute("CREATE TABLE IF NOT EXISTS device(uuid TEXT PRIMARY KEY, path TEXT NOT NULL, added TEXT NOT NULL,"
                        + " kind TEXT)");
                addKindColumn(c);
                s.execute("CREATE TABLE IF NOT EXISTS mirror(uuid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                        + " definition TEXT NOT NULL, added TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS history(id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL,"
                        + " kind TEXT NOT NULL, mirror TEXT, result TEXT NOT NULL, figures TEXT NOT NULL)");
                MemberOutages.createTable(s);
            }
            return new Workspace(dir, c);
        } catch (SQLException e) {
            throw new TagMirrorException("the workspace catalog " + dir.resolve(CATALOG_FILE) + " cannot be opened: "
                    + e.getMessage(), e);
        }
    }

    /** Gives a catalog made before devices had kinds the column; its rows stay directory devices. */
    private static void addKindColumn(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet columns = s.executeQuery("PRAGMA table_info(device)")) {
            while (columns.next()) {
                if ("kind".equals(columns.getString("name"))) {
                    return;
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE device ADD COLUMN kind TEXT");
        }
    }

    public Path directory() {
        return dir;
    }

    /** Records the directory device {@code uuid} at {@code path}. */
    public void addDevice(UUID uuid, Path path) throws IOException {
        addDevice(uuid, DeviceAddress.directory(path));
    }

    /** Records device {@code uuid} at {@code address}, or moves it there when known. */
    public synchronized void addDevice(UUID uuid, DeviceAddress address) throws IOException {
        update("INSERT INTO device(uuid, path, added, kind) VALUES (?, ?, ?, ?) ON CONFLICT(uuid)"
                        + " DO UPDATE SET path = excluded.path, kind = excluded.kind",
                uuid.toString(), address.locator(), Instant.now().toString(), address.kind().code());
    }

    public synchronized void forgetDevice(UUID uuid) throws IOException {
        update("DELETE FROM device WHERE uuid = ?", uuid.toString());
    }

    public synchronized List<KnownDevice> devices() throws IOException {
        List<KnownDevice> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT uuid, path, added, kind FROM device ORDER BY path");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                DeviceAddress address = new DeviceAddress(DeviceKind.fromCode(rs.getString(4)), rs.getString(2));
                out.add(new KnownDevice(UUID.fromString(rs.getString(1)), Paths.get(rs.getString(2)), rs.getString(3),
                        address));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    /** Names devices for messages: where each known one was last seen, "device UUID" for any other. */
    public Function<UUID, String> deviceNames() throws IOException {
        Map<UUID, String> paths = new HashMap<>();
        for (KnownDevice d : devices()) {
            paths.put(d.uuid(), d.path().toString());
        }
        return uuid -> paths.getOrDefault(uuid, "device " + uuid);
    }

    /** Where device {@code uuid} is, as the catalog records it: the way to open it, whatever its kind. */
    public Optional<DeviceAddress> deviceAddress(UUID uuid) throws IOException {
        return devices().stream().filter(d -> d.uuid().equals(uuid)).map(KnownDevice::address).findFirst();
    }

    public Optional<Path> devicePath(UUID uuid) throws IOException {
        return devices().stream().filter(d -> d.uuid().equals(uuid)).map(KnownDevice::path).findFirst();
    }

    public synchronized void addMirror(MirrorDefinition definition) throws IOException {
        String json = Json.MAPPER.writeValueAsString(definition);
        Optional<MirrorDefinition> same = mirror(definition.name());
        if (same.isPresent() && !same.get().uuid().equals(definition.uuid())) {
            throw new TagMirrorException("the workspace already has another mirror named " + definition.name());
        }
        update("INSERT INTO mirror(uuid, name, definition, added) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT(uuid) DO UPDATE SET definition = excluded.definition",
                definition.uuid().toString(), definition.name(), json, Instant.now().toString());
    }

    public synchronized void removeMirror(UUID uuid) throws IOException {
        update("DELETE FROM mirror WHERE uuid = ?", uuid.toString());
    }

    public synchronized List<MirrorDefinition> mirrors() throws IOException {
        List<MirrorDefinition> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT definition FROM mirror ORDER BY name");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(Json.MAPPER.readValue(rs.getString(1), MirrorDefinition.class));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    public Optional<MirrorDefinition> mirror(String name) throws IOException {
        return mirrors().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The mirror named {@code name}, or a message that says how to make it known. */
    public MirrorDefinition requireMirror(String name) throws IOException {
        return mirror(name).orElseThrow(() -> new TagMirrorException("no mirror named '" + name + "' in workspace " + dir
                + " (create it with 'mirror create' or bring it in with 'mirror import DIR')"));
    }

    /** The members an administrator took offline, or brought back and not yet resynchronised. */
    public MemberOutages outages() {
        return new MemberOutages(this, connection, dir.resolve(CATALOG_FILE).toString());
    }

    /** Keeps one operation in the history, with its figures as JSON; returns the entry's id. */
    public synchronized long recordHistory(HistoryKind kind, String mirror, Outcome outcome, Object figures) throws IOException {
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO history(time, kind, mirror, result, figures) VALUES (?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, Instant.now().toString());
            p.setString(2, kind.code());
            p.setString(3, mirror);
            p.setString(4, outcome.code());
            p.setString(5, Json.MAPPER.writeValueAsString(figures));
            p.executeUpdate();
            try (ResultSet rs = p.getGeneratedKeys()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public synchronized List<HistoryEntry> history(String mirrorOrNull, int limit) throws IOException {
        List<HistoryEntry> out = new ArrayList<>();
        String sql = "SELECT id, time, kind, mirror, result, figures FROM history"
                + (mirrorOrNull == null ? "" : " WHERE mirror = ?") + " ORDER BY id DESC LIMIT ?";
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            int i = 1;
            if (mirrorOrNull != null) {
                p.setString(i++, mirrorOrNull);
            }
            p.setInt(i, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    private void update(String sql, String... args) throws IOException {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            p.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private TagMirrorException failure(SQLException e) {
        return new TagMirrorException("workspace catalog " + dir.resolve(CATALOG_FILE) + ": " + e.getMessage(), e);
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
