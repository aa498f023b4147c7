package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.workspace.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

/** Ctrl-C stops a compare, repair, verify or scrub at a consistent step, and the exit code says so. */
class StopRequestTest {
    @TempDir
    Path tmp;
    CliRunner cli;
    String a;
    String b;

    @BeforeEach
    void divergedMirror() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a").toString();
        b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol", "--size", "1MiB", a, b, "--json");
        Path away = tmp.resolve("b-away");
        Files.move(Path.of(b), away);
        cli.json("write", "vol", "--offset", "0", "--length", "8192", "--json");
        Files.move(away, Path.of(b));
    }

    @Test
    void aStoppedVerifyExitsSixAndIsKeptAsCancelled() throws IOException {
        cli.stop.request();
        JsonNode verify = cli.json(ExitCode.CANCELLED, "verify", "vol", "--json");
        assertThat(verify.get("cancelled").asBoolean()).isTrue();
        assertThat(cli.json("history", "vol", "--json").get("history").get(0).get("result").asText()).isEqualTo("cancelled");
    }

    @Test
    void aStoppedRepairExitsSixWithTheErrorObjectAndChangesNothing() throws IOException {
        String before = CommandLineTest.digest(Path.of(b));
        cli.stop.request();
        assertThat(cli.run("repair", "vol", "--yes", "--json")).isEqualTo(ExitCode.CANCELLED.code());
        JsonNode error = Json.MAPPER.readTree(cli.out);
        assertThat(error.get("exitCode").asInt()).isEqualTo(6);
        assertThat(error.get("error").asText()).contains("cancelled").contains("nothing was changed");
        assertThat(CommandLineTest.digest(Path.of(b))).isEqualTo(before);

        CliRunner again = new CliRunner(cli.workspace);
        assertThat(again.json("repair", "vol", "--yes", "--json").get("bytesCopied").asLong()).isEqualTo(8192);
    }

    @Test
    void aStoppedScrubExitsSix() throws IOException {
        cli.stop.request();
        JsonNode scrub = cli.json(ExitCode.CANCELLED, "verify", "vol", "--repair-from", a, "--yes", "--json");
        assertThat(scrub.get("cancelled").asBoolean()).isTrue();
        assertThat(scrub.get("blocksCopied").asLong()).isZero();
    }

    @Test
    void ctrlCWhileAnOperationListensRequestsTheStopOnce() throws Exception {
        StopRequest stop = StopRequest.onInterrupt();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try (StopRequest.Listening listening = stop.listen(new PrintStream(said, true, StandardCharsets.UTF_8))) {
            Signal.raise(new Signal("INT"));
            assertThat(stop.await(Duration.ofSeconds(30))).as("the signal reached the request").isTrue();
        }
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("stopping at the next consistent step");
        assertThat(new StopRequest().requested()).as("a request of its own per run").isFalse();
    }
}
