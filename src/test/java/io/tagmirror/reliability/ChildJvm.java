package io.tagmirror.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Child JVMs for kill -9 tests, started as fast as this machine allows: the class directories packed
 * into jars once, a class-data-sharing archive made by one warm-up run, and SQLite's native library
 * unpacked once (sqlite-jdbc would unpack it again in every child). Each speed-up is optional: when
 * one cannot be set up, children start the plain way.
 */
final class ChildJvm {
    /** The lines a child printed, and whether it had to be killed (or ended by itself with {@code exitCode}). */
    record Result(List<String> lines, boolean killed, int exitCode, Path stderr) {
        String stderrTail() {
            try {
                List<String> all = Files.readAllLines(stderr);
                return String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
            } catch (IOException e) {
                return "(no stderr: " + e.getMessage() + ")";
            }
        }
    }

    private static final long TIMEOUT_SECONDS = 120;
    private static volatile Setup setup;

    private record Setup(String classPath, List<String> flags) {
    }

    private ChildJvm() {
    }

    /**
     * Runs {@code main} with {@code args} and kills it with SIGKILL once it has printed {@code killAt}
     * lines that {@code counted} accepts; then reads what it printed until the pipe closes.
     */
    static Result runAndKill(Class<?> main, List<String> args, Predicate<String> counted, int killAt, Path stderr)
            throws IOException, InterruptedException {
        return runAndKill(main, args, counted, killAt, 0, stderr);
    }

    /**
     * As {@link #runAndKill(Class, List, Predicate, int, Path)}, with the kill sent {@code delayNanos}
     * after the line: a step shorter than the pipe's latency (formatting a device) is then hit at a
     * seeded point inside, not only at its start. The delay places the fault; nothing waits on it.
     */
    static Result runAndKill(Class<?> main, List<String> args, Predicate<String> counted, int killAt, long delayNanos,
                             Path stderr) throws IOException, InterruptedException {
        Process child = start(main, args, stderr);
        List<String> lines = new ArrayList<>();
        int seen = 0;
        boolean killed = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (!killed && counted.test(line) && ++seen >= killAt) {
                    if (delayNanos > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(delayNanos);
                    }
                    // SIGKILL through the handle: the pipe stays open, so lines already written are still read.
                    child.toHandle().destroyForcibly();
                    killed = true;
                }
            }
        }
        if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("child " + main.getSimpleName() + " did not end");
        }
        return new Result(lines, killed, child.exitValue(), stderr);
    }

    /** Starts {@code main}; a watchdog kills it if it runs longer than any test should. */
    static Process start(Class<?> main, List<String> args, Path stderr) throws IOException {
        Setup s = setup();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(s.flags());
        command.add("-cp");
        command.add(s.classPath());
        command.add(main.getName());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        p.onExit().orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).exceptionally(e -> {
            p.destroyForcibly();
            return null;
        });
        return p;
    }

    private static Setup setup() {
        Setup s = setup;
        if (s == null) {
            synchronized (ChildJvm.class) {
                s = setup;
                if (s == null) {
                    s = makeSetup();
                    setup = s;
                }
            }
        }
        return s;
    }

    private static Setup makeSetup() {
        List<String> flags = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=error:stderr"));
        String classPath = System.getProperty("java.class.path");
        Path dir;
        try {
            dir = Files.createTempDirectory("tagmirror-children");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Reliability.deleteTree(dir);
                } catch (IOException ignored) {
                    // a temp directory left behind is harmless
                }
            }, "tagmirror-children-cleanup"));
        } catch (IOException e) {
            return new Setup(classPath, flags);
        }
        try {
            Path nativeLib = unpackSqlite(dir);
            if (nativeLib != null) {
                flags.add("-Dorg.sqlite.lib.path=" + nativeLib.getParent());
                flags.add("-Dorg.sqlite.lib.name=" + nativeLib.getFileName());
            }
        } catch (IOException e) {
            // sqlite-jdbc unpacks its library itself
        }
        try {
            classPath = jarDirectories(classPath, dir);
            Path archive = dir.resolve("children.jsa");
            List<String> dump = new ArrayList<>();
            dump.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            dump.addAll(flags);
            dump.add("-XX:ArchiveClassesAtExit=" + archive);
            dump.addAll(List.of("-cp", classPath, CrashChild.class.getName(), "warmup", dir.resolve("warmup").toString()));
            Process p = new ProcessBuilder(dump).redirectErrorStream(true).redirectOutput(dir.resolve("warmup.log").toFile())
                    .start();
            if (p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(archive) > 0) {
                flags.add("-XX:SharedArchiveFile=" + archive);
            } else {
                p.destroyForcibly();
            }
        } catch (IOException | RuntimeException e) {
            // children start without the archive
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Setup(classPath, flags);
    }

    private static Path unpackSqlite(Path dir) throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return null;
        }
        try (InputStream in = ChildJvm.class.getClassLoader().getResourceAsStream(
                "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so")) {
            if (in == null) {
                return null;
            }
            Path lib = dir.resolve("native").resolve("libsqlitejdbc.so");
            Files.createDirectories(lib.getParent());
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            return lib;
        }
    }

    /** Class sharing needs jars: each class directory of the path becomes one. */
    private static String jarDirectories(String classPath, Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path jar = dir.resolve("classes-" + n++ + ".jar");
                writeJar(p, jar);
                out.add(jar.toString());
            } else {
                out.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    private static void writeJar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(java.io.File.separatorChar, '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
