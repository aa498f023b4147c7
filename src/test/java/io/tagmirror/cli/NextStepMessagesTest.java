package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a dry run says will happen is what happens, and a mirror with nothing to do is told so. */
class NextStepMessagesTest {
    @TempDir
    Path tmp;
    CliRunner cli;
    String a;
    String b;

    @BeforeEach
    void inSyncMirror() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a").toString();
        b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol", "--size", "1MiB", a, b, "--json");
        cli.json("write", "vol", "--offset", "0", "--length", "12k", "--json");
    }

    @Test
    void repairOnAnInSyncMirrorSaysThereIsNothingToDo() {
        assertThat(cli.run("repair", "vol")).isZero();
        assertThat(cli.out).contains("in sync").contains("nothing to repair").doesNotContain("copy 0 B")
                .doesNotContain("--yes");
    }

    @Test
    void compareOfAnInSyncMirrorCountsNothingForAnyMethod() throws IOException {
        JsonNode compare = cli.json("compare", "vol", "--json");
        assertThat(compare.get("inSync").asBoolean()).isTrue();
        assertThat(compare.get("alternatives")).isNotEmpty().allSatisfy(e -> assertThat(e.get("bytesToCopy").asLong())
                .as(e.get("method").asText()).isZero());
    }

    @Test
    void replaceSaysItCopiesOnlyTheBlocksThatDifferAndThenDoesSo() throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of(b))) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        String c = tmp.resolve("c").toString();
        cli.json("device", "create", c, "--json");

        assertThat(cli.run("mirror", "replace", "vol", "--old", b, "--new", c)).isZero();
        assertThat(cli.out).contains("compare all 1 MiB block by block").contains("copy the blocks that differ")
                .doesNotContain("copy all");

        assertThat(cli.run("mirror", "replace", "vol", "--old", b, "--new", c, "--yes")).isZero();
        assertThat(cli.out).contains("compared 1 MiB and copied the 12 KiB that differed onto it");
    }
}
