package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine prints nothing; the command line prints a compare's and a repair's phases when asked. */
class PhaseTraceTest {
    @TempDir
    Path tmp;
    CliRunner cli;

    @BeforeEach
    void mirror() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        String a = tmp.resolve("a").toString();
        String b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol", "--size", "1MiB", a, b, "--json");
        cli.json("write", "vol", "--offset", "0", "--length", "12k", "--json");
    }

    @AfterEach
    void clear() {
        System.clearProperty(PhaseTrace.PROPERTY);
    }

    @Test
    void withTheTracePropertyCompareAndRepairPrintTheirPhasesOnStandardError() {
        System.setProperty(PhaseTrace.PROPERTY, "true");

        assertThat(cli.run("compare", "vol")).isZero();
        assertThat(cli.err).containsPattern("compare: gather \\d+\\.\\d{3} s, sort \\d+\\.\\d{3} s, sweep \\d+\\.\\d{3} s, \\d+ entries, \\d+ MiB read");
        assertThat(cli.out).doesNotContain("gather");
        assertThat(cli.run("repair", "vol", "--yes")).isZero();
        assertThat(cli.err).contains("compare: gather").containsPattern("repair: copy \\d+\\.\\d{3} s, sync \\d+\\.\\d{3} s, delete \\d+\\.\\d{3} s");
    }

    @Test
    void withoutItNothingIsPrintedOnStandardError() {
        assertThat(cli.run("compare", "vol")).isZero();
        assertThat(cli.run("repair", "vol", "--yes")).isZero();
        assertThat(cli.err).isEmpty();
    }
}
