package io.tagmirror.cli;

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
    @Option(names = "--volume", converter = SizeOptions.Bytes.class, description = "volume size (default 1GiB)")
    Long volume;
    @Option(names = "--writes", description = "writes per write-path point")
    Integer writes;
    @Option(names = "--compare-entries", split = ",", description = "entry counts for the compare part (default 10000,100000,1000000)")
    java.util.List<Integer> compareEntries;
    @Option(names = "--queue-depths", split = ",", description = "queue depths of the write part (default 1,2,4,...,256; --quick 1,16,128)")
    java.util.List<Integer> queueDepths;
    @Option(names = "--divergences", split = ",", description = "fractions of divergent blocks for the resync part (default 0.001,0.01,0.1)")
    java.util.List<Double> divergences;
    @Option(names = "--parts", split = ",", description = "which parts to run: write, compare, resync (default all)")
    java.util.List<String> parts;

    @Override
    public Integer call() throws Exception {
        if (dir != null && Files.exists(dir)) {
            throw new TagMirrorException(dir.toAbsolutePath().normalize()
                    + " exists; the benchmark makes (and removes) a directory of its own");
        }
        Path parent = dir == null ? null : dir.toAbsolutePath().normalize().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            // as for a device: a missing parent is often a drive that is not mounted
            throw new TagMirrorException(parent + " does not exist (is its drive mounted?); the benchmark makes only the"
                    + " last folder of --dir");
        }
        BenchOptions base = quick ? BenchOptions.quick(null) : BenchOptions.defaults(null);
        long volumeBytes = volume == null ? base.volumeBytes() : volume;
        if (volumeBytes < (64L << 20) || volumeBytes % (1 << 20) != 0) {
            throw new TagMirrorException("--volume must be a whole number of MiB, at least 64MiB");
        }
        if (writes != null && writes < 100) {
            throw new TagMirrorException("--writes must be at least 100");
        }
        if (queueDepths != null && queueDepths.stream().anyMatch(q -> q < 1 || q > 4096)) {
            throw new TagMirrorException("--queue-depths must be between 1 and 4096");
        }
        if (compareEntries != null && compareEntries.stream().anyMatch(n -> n < 1)) {
            throw new TagMirrorException("--compare-entries must be positive");
        }
        if (divergences != null && divergences.stream().anyMatch(f -> !(f > 0 && f <= 1))) {
            throw new TagMirrorException("--divergences must be fractions above 0 and at most 1 (0.001 is 0.1 %)");
        }
        java.util.Set<BenchOptions.Part> chosen = parseParts(parts, base.parts());
        // made only once the options are known good, so a refused run leaves nothing behind
        Path root = dir != null ? dir.toAbsolutePath().normalize() : Files.createTempDirectory("tagmirror-bench-");
        BenchOptions o = new BenchOptions(root, volumeBytes, writes == null ? base.writesPerPoint() : writes,
                queueDepths == null ? base.queueDepths() : queueDepths,
                compareEntries == null ? base.compareEntries() : compareEntries,
                divergences == null ? base.divergences() : divergences, base.seed(), chosen, base.resyncRepeats());
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

    private static java.util.Set<BenchOptions.Part> parseParts(java.util.List<String> names,
                                                             java.util.Set<BenchOptions.Part> defaults) throws TagMirrorException {
        if (names == null) {
            return defaults;
        }
        java.util.Set<BenchOptions.Part> out = java.util.EnumSet.noneOf(BenchOptions.Part.class);
        for (String n : names) {
            try {
                out.add(BenchOptions.Part.valueOf(n.trim().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new TagMirrorException("unknown part '" + n + "': choose from write, compare, resync");
            }
        }
        return out;
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
