package io.tagmirror.cli;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workload.bench.BenchOptions;
import io.tagmirror.workload.bench.Benchmark;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tagmirror bench}: the figures behind TagMirror's claims, measured on the user's own drive. */
@Command(name = "bench", description = "Measure tagged vs. untagged writes, compare and resync on a drive.",
        mixinStandardHelpOptions = true)
final class BenchCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Option(names = "--dir", description = "where to make the benchmark's two devices (default: a new directory under the system temp dir); it must not exist")
    Path dir;
    @Option(names = "--quick", description = "fewer points and writes (under a minute)")
    boolean quick;
    @Option(names = "--volume", description = "volume size (default 1GiB)")
    String volume;
    @Option(names = "--writes", description = "writes per write-path point")
    Integer writes;
    @Option(names = "--compare-entries", split = ",", description = "entry counts for the compare part (default 10000,100000,1000000)")
    java.util.List<Integer> compareEntries;

    @Override
    public Integer call() throws Exception {
        Path root = dir != null ? dir.toAbsolutePath().normalize() : Files.createTempDirectory("tagmirror-bench-");
        if (dir != null) {
            if (Files.exists(root)) {
                throw new TagMirrorException(root + " exists; the benchmark makes (and removes) a directory of its own");
            }
        }
        BenchOptions o = quick ? BenchOptions.quick(root) : BenchOptions.defaults(root);
        long volumeBytes = volume == null ? o.volumeBytes() : ByteSize.parse(volume);
        if (volumeBytes < (64L << 20) || volumeBytes % (1 << 20) != 0) {
            throw new TagMirrorException("--volume must be a whole number of MiB, at least 64MiB");
        }
        o = new BenchOptions(root, volumeBytes, writes == null ? o.writesPerPoint() : writes, o.queueDepths(),
                compareEntries == null ? o.compareEntries() : compareEntries, o.divergences(), o.seed());
        java.io.PrintWriter err = spec.commandLine().getErr();
        try {
            Map<String, Object> result = new Benchmark(o, line -> {
                if (!common.json) {
                    spec.commandLine().getOut().println(line);
                } else {
                    err.println(line);
                }
            }).run();
            if (common.json) {
                common.print(spec.commandLine().getOut(), result, "");
            }
        } finally {
            deleteTree(root);
        }
        return 0;
    }

    /** Removes the benchmark's own directory (it made it and nothing else lives there). */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
