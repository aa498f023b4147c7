package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.operations.ControlClient;
import io.tagmirror.operations.ResyncOperation;
import io.tagmirror.operations.ServeOperation;
import io.tagmirror.serve.ControlSocket;
import io.tagmirror.serve.FioAndFilesystemTest;
import io.tagmirror.serve.ServeSettings;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ext4 filesystem on a served mirror (a loop device over nbdfuse's file) while a tree is copied onto it:
 * a member is taken offline through the control socket between parts of the copy, brought back, and
 * resynchronised in the background while the copy goes on; then verify finds the members identical,
 * e2fsck finds the filesystem clean and every file reads back.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ServedFilesystemOutageTest {
    @TempDir
    Path tmp;

    private static void require(String tool, String debianPackage) {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
        assumeTrue(found, tool + " is not installed (apt-get install " + debianPackage + ")");
    }

    /** Runs a tool this test started; killed (by its own handle) if it overruns. */
    private String run(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(tmp, "tool", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError(command[0] + " did not end in 180 s");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u").start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return uid.equals("0");
    }

    /** Copies a seeded tree into {@code mnt/part} and syncs the filesystem, so its writes reach the server. */
    private TreeMap<String, String> copyPart(Path mnt, String part, long seed) throws Exception {
        Path tree = FioAndFilesystemTest.seededTree(tmp.resolve("src").resolve(part), seed, 15);
        run("cp", "-a", tree.toString(), mnt.resolve(part).toString());
        run("sync", "-f", mnt.toString());
        TreeMap<String, String> sums = new TreeMap<>();
        FioAndFilesystemTest.checksums(tree).forEach((k, v) -> sums.put(part + "/" + k, v));
        return sums;
    }

    @Test
    void aMemberPulledAndResynchronisedDuringACopyOntoExt4LeavesItCleanAndTheMembersIdentical() throws Exception {
        require("nbdfuse", "libnbd-bin (nbdfuse)");
        require("fusermount3", "fuse3");
        require("mkfs.ext4", "e2fsprogs");
        assumeTrue(isRoot(), "needs root (losetup and mount)");
        CliRunner cli = new CliRunner(tmp.resolve("ws"));
        String a = tmp.resolve("a").toString();
        String b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol1", "--size", "64MiB", a, b, "--json");
        TreeMap<String, String> expected = new TreeMap<>();
        Path fuse = Files.createDirectory(tmp.resolve("fuse"));
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));

        try (Workspace ws = Workspace.open(tmp.resolve("ws"));
             ServeOperation.Serving serving = ServeOperation.start(ws, "vol1", DurabilityMode.CRASH_SAFE,
                     new ServeSettings(ServeOperation.defaultSocket(ws, "vol1"), null, null, false, false), 4L << 20);
             ControlSocket control = ControlSocket.start(ControlClient.socketOf(ws, "vol1"),
                     new ServedCommandLine(new HeldMirror(serving, ws.directory())))) {
            String uri = serving.served().uris().get(0);
            Path pidFile = tmp.resolve("nbdfuse.pid");
            Process nbdfuse = new ProcessBuilder("nbdfuse", "-P", pidFile.toString(), fuse.resolve("disk").toString(), uri)
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("nbdfuse.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(pidFile)) { // nbdfuse writes it once its mount is ready
                    assertThat(nbdfuse.isAlive()).as("nbdfuse ended before its mount was ready").isTrue();
                    assertThat(System.nanoTime()).as("nbdfuse ready within 60 s").isLessThan(deadline);
                    Thread.sleep(20);
                }
                String loop = run("losetup", "--find", "--show", fuse.resolve("disk").toString()).strip();
                try {
                    run("mkfs.ext4", "-q", "-F", loop);
                    run("mount", loop, mnt.toString());
                    try {
                        expected.putAll(copyPart(mnt, "before", 1));
                        assertThat(cli.run("mirror", "offline", "vol1", b)).as(cli.err).isZero();
                        expected.putAll(copyPart(mnt, "offline", 2)); // b misses these
                        assertThat(cli.json("mirror", "status", "vol1", "--json").get("state").asText())
                                .isEqualTo("degraded");
                        assertThat(cli.run("mirror", "online", "vol1", b)).as(cli.err).isZero();
                        expected.putAll(copyPart(mnt, "resync", 3)); // written while b is resynchronised
                        assertThat(cli.json("mirror", "status", "vol1", "--json").get("state").asText())
                                .isIn("repairing", "in-sync");
                        CompletableFuture<ResyncOperation.Resynced> resync = serving.resyncs().start(uuidOf(cli, b));
                        ResyncOperation.Resynced resynced = resync.get(120, TimeUnit.SECONDS);
                        assertThat(resynced.report().completed()).as(resynced.report().why()).isTrue();
                    } finally {
                        run("umount", mnt.toString());
                    }
                    run("e2fsck", "-fn", loop);
                    assertThat(cli.run("verify", "vol1")).as(cli.err).isEqualTo(ExitCode.OK.code());
                    assertThat(cli.out).contains("identical");
                    run("mount", "-o", "ro", loop, mnt.toString());
                    try {
                        assertThat(FioAndFilesystemTest.checksums(mnt)).isEqualTo(expected);
                    } finally {
                        run("umount", mnt.toString());
                    }
                } finally {
                    run("losetup", "-d", loop);
                }
            } finally {
                new ProcessBuilder("fusermount3", "-u", fuse.toString()).start().waitFor(60, TimeUnit.SECONDS);
                if (!nbdfuse.waitFor(30, TimeUnit.SECONDS)) {
                    nbdfuse.destroyForcibly();
                    nbdfuse.waitFor();
                }
            }
        }
    }

    private static UUID uuidOf(CliRunner cli, String path) throws IOException {
        for (JsonNode d : cli.json("mirror", "status", "vol1", "--json").get("devices")) {
            if (d.get("path").asText().equals(path)) {
                return UUID.fromString(d.get("uuid").asText());
            }
        }
        throw new AssertionError(path + " is not a member of vol1");
    }
}
