package io.tagmirror.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.cli.TagMirrorCli;
import io.tagmirror.workload.replay.Halter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativeLibraryTest {
    @TempDir
    Path tmp;

    @Test
    void theLibraryIsExtractedOnceAndThenReused() throws IOException {
        Path cache = tmp.resolve("cache");
        Optional<Path> first = SqliteNativeLibrary.extract(cache);
        assertThat(first).isPresent();
        Path library = first.get();
        assertThat(library.getParent()).isEqualTo(cache);
        assertThat(Files.size(library)).isGreaterThan(100_000);
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(library, written);

        assertThat(SqliteNativeLibrary.extract(cache)).contains(library);
        assertThat(Files.getLastModifiedTime(library)).as("reused, not written again").isEqualTo(written);
        assertThat(files(cache)).containsExactly(library);
    }

    @Test
    void aDamagedCopyIsReplacedAndOtherVersionsAreRemoved() throws IOException {
        Path cache = tmp.resolve("cache");
        Path library = SqliteNativeLibrary.extract(cache).orElseThrow();
        byte[] good = Files.readAllBytes(library);
        Files.write(library, new byte[] {1, 2, 3});
        Path older = Files.write(cache.resolve("libsqlitejdbc-0123456789abcdef.so"), new byte[] {4});

        assertThat(SqliteNativeLibrary.extract(cache)).contains(library);
        assertThat(Files.readAllBytes(library)).isEqualTo(good);
        assertThat(older).doesNotExist();
    }

    @Test
    void theCacheIsTheOneNamedElseXdgCacheHomeElseTheHomeCache() {
        assertThat(SqliteNativeLibrary.cacheDirectory("/given", Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u"))
                .isEqualTo(Path.of("/given"));
        assertThat(SqliteNativeLibrary.cacheDirectory(null, Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u"))
                .isEqualTo(Path.of("/xdg/tagmirror"));
        assertThat(SqliteNativeLibrary.cacheDirectory(null, Map.of("XDG_CACHE_HOME", "relative"), "/home/u"))
                .as("the XDG spec ignores a relative path").isEqualTo(Path.of("/home/u/.cache/tagmirror"));
        assertThat(SqliteNativeLibrary.cacheDirectory("", Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.cache/tagmirror"));
    }

    @Test
    void aKilledProcessLeavesNoLibraryInTheTemporaryDirectory() throws Exception {
        Path ws = tmp.resolve("ws");
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertThat(TagMirrorCli.run("device", "create", a.toString(), "--workspace", ws.toString())).isZero();
        assertThat(TagMirrorCli.run("device", "create", b.toString(), "--workspace", ws.toString())).isZero();
        assertThat(TagMirrorCli.run("mirror", "create", "vol", "--size", "1MiB", a.toString(), b.toString(),
                "--workspace", ws.toString())).isZero();
        Path temp = Files.createDirectories(tmp.resolve("temp"));
        Path cacheHome = tmp.resolve("cache-home");

        for (int run = 0; run < 2; run++) {
            // the injected crash halts the process: no exit hook runs, as after a kill -9
            assertThat(crashingReplay(ws, temp, cacheHome)).isEqualTo(Halter.CRASH_STATUS);
        }

        assertThat(files(temp)).as("nothing left in the temporary directory").isEmpty();
        assertThat(files(cacheHome.resolve("tagmirror"))).singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).startsWith("libsqlitejdbc-"));
    }

    private static int crashingReplay(Path ws, Path temp, Path cacheHome) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temp, "-cp", System.getProperty("java.class.path"), "io.tagmirror.Main",
                "replay", "vol", "--pattern", "random", "--count", "20", "--crash-after", "10", "--json",
                "--workspace", ws.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("XDG_CACHE_HOME", cacheHome.toString());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process child = pb.start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return child.exitValue();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
