package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mirror delete}: says what it would delete, deletes only with --yes, and refuses a name it does not know. */
class MirrorDeleteCommandTest {
    @TempDir
    Path tmp;

    @Test
    void withoutYesItSaysWhatGoesAndChangesNothingWithYesTheMirrorIsGone() throws IOException {
        CliRunner cli = new CliRunner(tmp.resolve("ws"));
        String a = tmp.resolve("a").toString();
        String b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "lab", "--size", "1MiB", a, b, "--json");
        Path object;
        try (Stream<Path> objects = Files.list(Path.of(a, "objects"))) {
            object = objects.findFirst().orElseThrow();
        }

        assertThat(cli.run("mirror", "delete", "lab")).isZero();
        assertThat(cli.out).startsWith("Deleting mirror lab (1 MiB, 2 devices) deletes:\n")
                .contains(object + ": the mirror's data on this device")
                .endsWith("nothing was changed: run again with --yes\n");
        assertThat(object).exists();

        JsonNode deleted = cli.json("mirror", "delete", "lab", "--yes", "--json");

        assertThat(deleted.get("mirror").asText()).isEqualTo("lab");
        assertThat(object).doesNotExist();
        assertThat(cli.json("mirror", "list", "--json").get("mirrors")).isEmpty();
        assertThat(cli.run("mirror", "delete", "lab", "--yes")).isEqualTo(1);
        assertThat(cli.err).contains("lab");
    }
}
