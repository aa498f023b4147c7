package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.operations.ControlClient;
import io.tagmirror.operations.ResyncOperation;
import io.tagmirror.operations.ServeOperation;
import io.tagmirror.serve.ControlSocket;
import io.tagmirror.serve.ServeSettings;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mirror resync-rate} from another terminal while the mirror is served: it reaches the serving
 * process through the control socket and holds the background resync to the new rate at once, also the
 * resync running now, without starting it over.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServedResyncRateTest {
    /** So slow that the resync's second chunk of 256 blocks would wait more than 15 minutes at it. */
    private static final long CRAWL = 1024;

    @TempDir
    Path tmp;
    private CliRunner cli;
    private String b;
    private Workspace workspace;
    private ServeOperation.Serving serving;
    private ControlSocket control;

    @BeforeEach
    void mirror() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        String a = tmp.resolve("a").toString();
        b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol1", "--size", "8MiB", a, b, "--json");
    }

    /** Serves vol1 in this process as 'tagmirror serve --resync-rate RATE' does, control socket and all. */
    private void serve(long resyncRate) throws IOException {
        workspace = Workspace.open(tmp.resolve("ws"));
        serving = ServeOperation.start(workspace, "vol1", DurabilityMode.CRASH_SAFE,
                new ServeSettings(ServeOperation.defaultSocket(workspace, "vol1"), null, null, false, false), resyncRate);
        control = ControlSocket.start(ControlClient.socketOf(workspace, "vol1"),
                new ServedCommandLine(new HeldMirror(serving, workspace.directory())));
    }

    @AfterEach
    void stop() throws IOException {
        if (control != null) {
            control.close();
        }
        if (serving != null) {
            serving.close();
        }
        if (workspace != null) {
            workspace.close();
        }
    }

    /** Writes all over the volume, as a client of the served mirror would. */
    private void clientWrites(int count, long seed) throws IOException {
        Random random = new Random(seed);
        Mirror m = serving.mirror().mirror();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[4096 * (1 + random.nextInt(4))];
            random.nextBytes(data);
            m.write(m.generator(Mirror.DEFAULT_GENERATOR), 4096L * random.nextInt(2040), ByteBuffer.wrap(data));
        }
    }

    private JsonNode device(JsonNode status, String path) {
        for (JsonNode d : status.get("devices")) {
            if (d.get("path").asText().equals(path)) {
                return d;
            }
        }
        throw new AssertionError(path + " in " + status);
    }

    @Test
    void aResyncRunningAtACrawlTakesTheNewRateAtOnceAndFinishes() throws Exception {
        serve(CRAWL);
        assertThat(cli.run("mirror", "offline", "vol1", b)).as(cli.err).isZero();
        clientWrites(400, 7);
        assertThat(cli.run("mirror", "online", "vol1", b)).as(cli.err).isZero();
        assertThat(cli.out).contains("resynchronised in the background at most 1 KiB/s");
        UUID bUuid = UUID.fromString(device(cli.json("mirror", "status", "vol1", "--json"), b).get("uuid").asText());
        CompletableFuture<ResyncOperation.Resynced> resync = serving.resyncs().start(bUuid);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> device(cli.json("mirror", "status", "vol1", "--json"), b).path("resync").has("blocksDone"));
        JsonNode status = cli.json("mirror", "status", "vol1", "--json");
        assertThat(device(status, b).path("resync").path("rateLimit").asLong()).isEqualTo(CRAWL);
        assertThat(status.path("served").path("resyncRate").asLong()).isEqualTo(CRAWL);
        assertThat(cli.run("mirror", "status", "vol1")).isZero();
        assertThat(cli.out).contains("at most 1 KiB/s");
        assertThat(resync).as("a resync at 1 KiB/s still going").isNotDone();

        assertThat(cli.run("mirror", "resync-rate", "vol1", "1GiB/s")).as(cli.err).isZero();
        assertThat(cli.out.strip()).isEqualTo("mirror vol1 is resynchronised at most 1 GiB/s from now on (it was 1 KiB/s);"
                + " the resync of " + b + " keeps to it as it goes on");
        // at the old rate the blocks left would take a quarter of an hour at least
        ResyncOperation.Resynced done = resync.get(2, TimeUnit.MINUTES);
        assertThat(done.report().completed()).as(done.report().why()).isTrue();
        assertThat(cli.json("mirror", "status", "vol1", "--json").path("served").path("resyncRate").asLong())
                .isEqualTo(1L << 30);
        assertThat(cli.run("verify", "vol1")).as(cli.err).isEqualTo(ExitCode.OK.code());
    }

    @Test
    void theRateOfAMirrorNotServedIsRefusedNamingWhereARateIsGiven() throws Exception {
        assertThat(cli.run("mirror", "resync-rate", "vol1", "50MiB/s")).isEqualTo(ExitCode.FAILED.code());
        assertThat(cli.err.strip()).isEqualTo("tagmirror: mirror vol1 is not served, and a resync rate lasts only while it"
                + " is: 'tagmirror serve vol1 --resync-rate RATE' serves it at RATE; a member brought back meanwhile is"
                + " resynchronised by 'tagmirror mirror online vol1 DEVICE --resync-rate RATE'");
        assertThat(cli.run("mirror", "resync-rate", "vol1", "0")).isEqualTo(ExitCode.USAGE.code());
        assertThat(cli.run("mirror", "resync-rate", "vol9", "50MiB/s")).isEqualTo(ExitCode.FAILED.code());
        assertThat(cli.err).contains("vol9");
    }

    @Test
    void aRateSetWhileNoResyncRunsHoldsForTheNextAndIsPrintedAsJson() throws Exception {
        serve(ResyncOperation.DEFAULT_RATE);
        assertThat(cli.run("mirror", "resync-rate", "vol1", "20MiB/s")).as(cli.err).isZero();
        assertThat(cli.out).contains("at most 20 MiB/s from now on (it was 100 MiB/s); no resync runs now");
        assertThat(serving.resyncs().bytesPerSecond()).isEqualTo(20L << 20);
        JsonNode json = cli.json("mirror", "resync-rate", "vol1", "30MiB", "--json");
        assertThat(json.get("resyncRate").asLong()).isEqualTo(30L << 20);
        assertThat(json.get("previousResyncRate").asLong()).isEqualTo(20L << 20);
        assertThat(json.get("resyncing")).isEmpty();
    }
}
