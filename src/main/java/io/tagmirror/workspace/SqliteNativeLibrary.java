package io.tagmirror.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Keeps SQLite's native library in a per-user cache directory, extracted once and reused by every
 * TagMirror process, and points sqlite-jdbc at it.
 *
 * <p>Left alone, sqlite-jdbc copies its 1.1 MB library into the temporary directory under a new
 * random name at every start and deletes it at a normal exit; a process that is killed (or halts,
 * as a replay's injected crash does) leaves it there with its {@code .lck} file, which its own
 * clean-up then never removes: 109 had piled up on one machine. sqlite-jdbc loads the library from
 * {@code org.sqlite.lib.path}/{@code org.sqlite.lib.name} when that file exists, and falls back to its
 * own extraction when it does not or cannot be loaded (a cache on a {@code noexec} mount), so nothing
 * here can keep SQLite from starting.
 */
public final class SqliteNativeLibrary {
    /** Names the cache directory; for tests and packagers. */
    public static final String CACHE_PROPERTY = "tagmirror.cacheDir";
    private static final String PREFIX = "libsqlitejdbc-";

    private SqliteNativeLibrary() {
    }

    /**
     * Extracts the library into the user's cache when it is not there yet and has sqlite-jdbc load it
     * from there. Call first thing in a main method, before anything opens SQLite. Does nothing when
     * the library was placed by hand ({@code org.sqlite.lib.path} set) or none fits this machine; a
     * cache that cannot be written leaves sqlite-jdbc to do as it always did.
     */
    public static void useCache() {
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        try {
            Optional<Path> library = extract(cacheDirectory(System.getProperty(CACHE_PROPERTY), System.getenv(),
                    System.getProperty("user.home")));
            library.ifPresent(file -> {
                System.setProperty("org.sqlite.lib.path", file.getParent().toString());
                System.setProperty("org.sqlite.lib.name", file.getFileName().toString());
            });
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // sqlite-jdbc extracts it to the temporary directory itself, as before
        }
    }

    /**
     * Where the cache lives: {@code explicit} when given, else {@code $XDG_CACHE_HOME/tagmirror}, else
     * {@code ~/.cache/tagmirror}, as the workspace follows {@code XDG_DATA_HOME}.
     */
    static Path cacheDirectory(String explicit, Map<String, String> env, String home) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        // the XDG spec ignores a relative value
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "tagmirror");
        }
        return Path.of(home, ".cache", "tagmirror");
    }

    /**
     * The library for this machine in {@code cacheDir}, named by a digest of its content so that an
     * upgrade brings its own file and a damaged one is never taken for it; written through a
     * temporary file and a rename, so a process killed while writing leaves no half library that
     * another would load. Empty when sqlite-jdbc carries no library for this machine.
     */
    static Optional<Path> extract(Path cacheDir) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        byte[] library;
        try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            library = in.readAllBytes();
        }
        String digest = sha256(library).substring(0, 16);
        String name = LibraryLoaderUtil.getNativeLibName();
        int dot = name.lastIndexOf('.');
        Path target = cacheDir.resolve(PREFIX + digest + (dot < 0 ? "" : name.substring(dot)));
        if (Files.isRegularFile(target) && sha256(Files.readAllBytes(target)).startsWith(digest)) {
            return Optional.of(target);
        }
        Files.createDirectories(cacheDir);
        Path partial = Files.createTempFile(cacheDir, PREFIX, ".part");
        try {
            Files.write(partial, library);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        removeOthers(cacheDir, target);
        return Optional.of(target);
    }

    /**
     * Libraries of other versions (one loaded by a running process stays usable: it is only unlinked),
     * and pieces of writes a kill interrupted, once old enough not to be another start's write.
     */
    private static void removeOthers(Path cacheDir, Path keep) {
        Instant stale = Instant.now().minus(Duration.ofMinutes(10));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(cacheDir, PREFIX + "*")) {
            for (Path f : files) {
                boolean partial = f.getFileName().toString().endsWith(".part");
                if (!f.equals(keep) && (!partial || Files.getLastModifiedTime(f).toInstant().isBefore(stale))) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        // open elsewhere on a system that refuses to delete open files: next time
                    }
                }
            }
        } catch (IOException e) {
            // the cache works without the clean-up
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
