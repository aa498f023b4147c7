package io.tagmirror.engine.block;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A real disk that can be made to vanish without device-mapper or nbd kernel modules: a loop device
 * over the file an nbdfuse mount shows, served by an nbdkit memory disk that nbdfuse runs (and that ends
 * with it). {@link #vanish()} kills the FUSE server with SIGKILL: from then on every read, write and
 * sync that reaches the loop device's backing file fails, as they do on a disk pulled from its bus.
 * {@link #close()} detaches the loop device, unmounts the FUSE mount and waits for the process it
 * started; it ends no other process. Root only; missing tools skip the test naming their package.
 */
final class FuseLoopDisk implements AutoCloseable {
    private final Path mountPoint;
    private final Process server;
    private String loop;

    private FuseLoopDisk(Path mountPoint, Process server) {
        this.mountPoint = mountPoint;
        this.server = server;
    }

    /** Skips the test (one line naming the package) unless root with losetup, nbdfuse, nbdkit and FUSE. */
    static void assumeAvailable() throws IOException, InterruptedException {
        assumeTrue(isRoot(), "a loop device needs root (losetup)");
        require("losetup", "util-linux");
        require("umount", "mount");
        require("nbdfuse", "libnbd-bin");
        require("nbdkit", "nbdkit");
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is missing (the fuse kernel module, package fuse3)");
    }

    /** Starts the server on a memory disk of {@code bytes} mounted under {@code dir}, and attaches a loop device. */
    static FuseLoopDisk start(Path dir, long bytes) throws IOException, InterruptedException {
        Path mountPoint = Files.createDirectories(dir.resolve("fuse"));
        Path pidFile = dir.resolve("nbdfuse.pid");
        Process server = new ProcessBuilder("nbdfuse", "-P", pidFile.toString(), mountPoint.resolve("disk").toString(),
                "--command", "nbdkit", "-s", "--exit-with-parent", "memory", Long.toString(bytes))
                .redirectErrorStream(true).redirectOutput(dir.resolve("nbdfuse.log").toFile()).start();
        FuseLoopDisk disk = new FuseLoopDisk(mountPoint, server);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(pidFile)) { // nbdfuse writes it once its mount is ready
                if (!server.isAlive()) {
                    throw new IllegalStateException("nbdfuse ended before its mount was ready: "
                            + Files.readString(dir.resolve("nbdfuse.log")));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nbdfuse's mount was not ready within 60 s");
                }
                Thread.sleep(20);
            }
            disk.loop = output("losetup", "--find", "--show", mountPoint.resolve("disk").toString());
            return disk;
        } catch (IOException | InterruptedException | RuntimeException e) {
            disk.close();
            throw e;
        }
    }

    /** The loop device, /dev/loopN. */
    Path loopDevice() {
        return Path.of(loop);
    }

    /** Kills the FUSE server (SIGKILL, by its own handle) and waits for it: the disk is gone. */
    void vanish() throws InterruptedException {
        server.destroyForcibly();
        server.waitFor();
    }

    /** Whether the loop device is still attached (its sysfs entry names a backing file). */
    boolean attached() {
        return loop != null && Files.exists(Path.of("/sys/block", loopDevice().getFileName().toString(), "loop",
                "backing_file"));
    }

    /** Whether the FUSE file system is still mounted. */
    boolean mounted() throws IOException {
        String where = " " + mountPoint.toAbsolutePath() + " ";
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(where));
    }

    /**
     * Detaches the loop device, unmounts the FUSE file system (a dead one as well) and waits for the
     * server; killed by its own handle only if it does not end once unmounted.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (loop != null) {
                run("losetup", "-d", loop);
            }
        } finally {
            try {
                if (mounted()) {
                    run("umount", mountPoint.toString());
                }
            } finally {
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                    server.waitFor();
                }
            }
        }
    }

    private static void require(String tool, String debianPackage) {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
        assumeTrue(found, tool + " is not installed (apt-get install " + debianPackage + ")");
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        return output("id", "-u").equals("0");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        output(command);
    }

    /** Runs a tool to its end and returns its output; a failure says the command and what it printed. */
    private static String output(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new IOException(String.join(" ", command) + " did not end in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }
}
