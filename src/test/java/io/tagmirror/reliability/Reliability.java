package io.tagmirror.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Settings shared by the reliability tests: the default run is sized for {@code mvn verify};
 * {@code -Dtagmirror.reliability.long=true} runs the long profile, and {@code -Dtagmirror.reliability.seed=S}
 * changes the base seed (each failure prints the seed that replays it).
 */
final class Reliability {
    static final boolean LONG = Boolean.getBoolean("tagmirror.reliability.long");

    private Reliability() {
    }

    /** {@code normal} cases in the default run, {@code longRun} in the long profile. */
    static int cases(int normal, int longRun) {
        return Integer.getInteger("tagmirror.reliability.cases", LONG ? longRun : normal);
    }

    /**
     * A generator for a case's choices. {@code new Random(seed)} gives nearly the same first numbers for
     * consecutive seeds, so the seed is mixed first (SplitMix64's finaliser).
     */
    static java.util.Random random(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new java.util.Random(z ^ (z >>> 31));
    }

    /** The base seed of a test; {@code -Dtagmirror.reliability.seed} overrides it. */
    static long baseSeed(long defaultSeed) {
        return Long.getLong("tagmirror.reliability.seed", defaultSeed);
    }

    /**
     * A digest of every directory and file under {@code dir} (names and contents), to prove an operation
     * that was refused touched nothing. Nothing is left out, not even the lock file.
     */
    static String digest(Path dir) {
        return digest(dir, true);
    }

    /**
     * As {@link #digest(Path)}; without {@code lockContent} a device's {@code lock} file counts by its
     * presence only, since every open writes the holder's name into it (an operation refused after the
     * device was opened, such as a malformed trace, cannot help that).
     */
    static String digest(Path dir, boolean lockContent) {
        try (Stream<Path> files = Files.walk(dir)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path p : files.sorted(Comparator.comparing(Path::toString)).toList()) {
                md.update(dir.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                if (Files.isRegularFile(p)) {
                    md.update((byte) 'f');
                    if (lockContent || !p.getFileName().toString().equals("lock")) {
                        md.update(ByteBuffer.wrap(Files.readAllBytes(p)));
                    }
                } else {
                    md.update((byte) 'd');
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names under {@code dir}, for a failure message that says what changed. */
    static List<String> listing(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p) + (Files.isDirectory(p) ? "/" : " " + size(p))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Removes a directory tree (scratch copies of crash states). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Copies a directory tree. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.sorted(Comparator.comparing(Path::toString)).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
