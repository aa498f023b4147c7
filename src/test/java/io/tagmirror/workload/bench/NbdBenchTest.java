package io.tagmirror.workload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nbd part without its tools: each missing one is left out with one line naming its package. */
class NbdBenchTest {
    @TempDir
    Path tmp;

    @Test
    void withoutFioThePartIsLeftOutWithOneLineNamingItsPackage() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("bin"));
        List<String> lines = new ArrayList<>();
        Map<String, Object> out = new NbdBench(tmp.resolve("nbd"), 64L << 20, BenchOptions.Nbd.QUICK, 1, lines::add,
                empty.toString()).run();

        assertThat(out.get("skipped")).isEqualTo(List.of(Map.of("id", "fio", "reason", "fio is not installed (package fio)")));
        assertThat(out).doesNotContainKeys("servers", "points", "ratios");
        assertThat(lines).containsExactly("nbd: fio is not installed (package fio)");
        assertThat(tmp.resolve("nbd")).doesNotExist();
    }

    @Test
    void eachMissingServerIsLeftOutWithOneLineNamingItsPackage() throws IOException {
        Path fio = Path.of("/usr/bin/fio");
        Assumptions.assumeTrue(Files.isExecutable(fio), "needs fio with its nbd engine (package fio)");
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("fio"), fio);
        List<String> lines = new ArrayList<>();
        Map<String, Object> out = new NbdBench(tmp.resolve("nbd"), 64L << 20, BenchOptions.Nbd.QUICK, 1, lines::add,
                bin.toString()).run();

        assertThat(out.get("servers")).isEqualTo(List.of());
        assertThat(lines).containsExactly(
                "nbd: this build of tagmirror has no serve command: TagMirror itself is left out",
                "nbd: qemu-nbd is not installed: the quorum mirror is left out (package qemu-utils)",
                "nbd: nbdkit is not installed: the one-file ceiling is left out (package nbdkit)");
        assertThat(out).doesNotContainKeys("points", "ratios");
    }
}
