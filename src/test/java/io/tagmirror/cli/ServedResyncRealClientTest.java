package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.operations.ControlClient;
import io.tagmirror.operations.ResyncOperation;
import io.tagmirror.operations.ServeOperation;
import io.tagmirror.serve.ControlSocket;
import io.tagmirror.serve.ServeSettings;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A served mirror written by a real client (qemu-io) while a member is taken offline through the
 * control socket, brought back, and resynchronised in the background as the writing goes on; then
 * verify finds the members identical and the volume, read back by nbdcopy, holds every write.
 */
class ServedResyncRealClientTest {
    private static final int SIZE = 64 << 20;

    @TempDir
    Path tmp;

    private static void require(String tool, String debianPackage) {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
        assumeTrue(found, tool + " is not installed (apt-get install " + debianPackage + ")");
    }

    /** Runs a tool this test started; killed (by its own handle) if it overruns. */
    private String run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(tmp, "tool", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError(command.get(0) + " did not end in 180 s");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    /** One qemu-io run of {@code count} pattern writes at odd offsets, applied to {@code model} in order. */
    private void qemuWrites(String uri, byte[] model, Random random, int count) throws Exception {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        for (int i = 0; i < count; i++) {
            int length = 512 * (1 + random.nextInt(256)); // 512 B to 128 KiB, sector-aligned as qemu-io wants
            int offset = 512 * random.nextInt((SIZE - length) / 512);
            int pattern = 1 + random.nextInt(255);
            command.add("-c");
            command.add("write -P " + pattern + " " + offset + " " + length);
            Arrays.fill(model, offset, offset + length, (byte) pattern);
        }
        command.add(uri);
        String out = run(command);
        assertThat(out).doesNotContain("error").doesNotContain("failed");
    }

    @Test
    void aMemberPulledAndResynchronisedWhileQemuWritesEndsIdenticalWithEveryWrite() throws Exception {
        require("qemu-io", "qemu-utils");
        require("nbdcopy", "libnbd-bin");
        long seed = 15L;
        Random random = new Random(seed);
        CliRunner cli = new CliRunner(tmp.resolve("ws"));
        String a = tmp.resolve("a").toString();
        String b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol1", "--size", "64MiB", a, b, "--json");
        byte[] model = new byte[SIZE];

        try (Workspace ws = Workspace.open(tmp.resolve("ws"));
             ServeOperation.Serving serving = ServeOperation.start(ws, "vol1", DurabilityMode.CRASH_SAFE,
                     new ServeSettings(ServeOperation.defaultSocket(ws, "vol1"), null, null, false, false), 8L << 20);
             ControlSocket control = ControlSocket.start(ControlClient.socketOf(ws, "vol1"),
                     new ServedCommandLine(new HeldMirror(serving, ws.directory())))) {
            String uri = serving.served().uris().get(0);
            qemuWrites(uri, model, random, 100);

            assertThat(cli.run("mirror", "offline", "vol1", b)).as(cli.err).isZero();
            qemuWrites(uri, model, random, 300); // b misses these
            assertThat(cli.json("mirror", "status", "vol1", "--json").get("state").asText()).isEqualTo("degraded");

            assertThat(cli.run("mirror", "online", "vol1", b)).as(cli.err).isZero();
            for (int i = 0; i < 5; i++) {
                qemuWrites(uri, model, random, 40); // the client goes on writing during the resync
                JsonNode status = cli.json("mirror", "status", "vol1", "--json");
                assertThat(status.get("state").asText()).as("seed %d", seed).isIn("repairing", "in-sync");
            }
            UUID bUuid = null;
            for (JsonNode d : cli.json("mirror", "status", "vol1", "--json").get("devices")) {
                if (d.get("path").asText().equals(b)) {
                    bUuid = UUID.fromString(d.get("uuid").asText());
                }
            }
            ResyncOperation.Resynced resynced = serving.resyncs().start(bUuid).join();
            assertThat(resynced.report().completed()).as("seed %d: %s", seed, resynced.report().why()).isTrue();

            assertThat(cli.run("verify", "vol1")).as(cli.err).isEqualTo(ExitCode.OK.code());
            assertThat(cli.out).contains("identical");
            assertThat(cli.json("mirror", "status", "vol1", "--json").get("state").asText()).isEqualTo("in-sync");
            Path image = tmp.resolve("image.raw");
            run(List.of("nbdcopy", uri, image.toString()));
            assertThat(Arrays.mismatch(Files.readAllBytes(image), model)).as("seed %d: first byte that differs", seed)
                    .isEqualTo(-1);
        }
    }
}
