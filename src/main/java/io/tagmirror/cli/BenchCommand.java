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
    @Option(names = "--resync-sizes", split = ",", converter = SizeOptions.Bytes.class,
            description = "volume sizes in which the same 262 scattered blocks are resynced (default 1GiB,64GiB; sparse files)")
    java.util.List<Long> resyncSizes;
    @Option(names = "--drop-caches", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "as root, also measure resync from a cold page cache (drops the kernel's caches; default: yes)")
    boolean dropCaches;
    @Option(names = "--nbd-seconds", description = "length of each fio job of the nbd part (default 5; --quick 3)")
    Integer nbdSeconds;
    @Option(names = "--nbd-rounds", description = "rounds of every fio job on every server in the nbd part (default 3; --quick 1)")
    Integer nbdRounds;
    @Option(names = "--device-kind", split = ",", paramLabel = "KIND",
            description = "devices the write part runs on: directory, block (two image files in the run's directory), or"
                    + " both side by side as directory,block (default directory); the other parts use directories")
    java.util.List<String> deviceKinds;
    @Option(names = "--parts", split = ",", description = "which parts to run: write, compare, resync, nbd"
            + " (default write,compare,resync; nbd needs fio, and takes minutes)")
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
        if (resyncSizes != null && resyncSizes.stream().anyMatch(b -> b < (64L << 20) || b % (1 << 20) != 0)) {
            throw new TagMirrorException("--resync-sizes must be whole numbers of MiB, at least 64MiB");
        }
        if ((nbdSeconds != null && nbdSeconds < 1) || (nbdRounds != null && nbdRounds < 1)) {
            throw new TagMirrorException("--nbd-seconds and --nbd-rounds must be at least 1");
        }
        java.util.Set<BenchOptions.Part> chosen = parseParts(parts, base.parts());
        BenchOptions.Nbd nbd = new BenchOptions.Nbd(nbdSeconds == null ? base.nbd().secondsPerJob() : nbdSeconds,
                nbdRounds == null ? base.nbd().rounds() : nbdRounds, serveCommand());
        java.util.List<io.tagmirror.engine.DeviceKind> kinds = deviceKinds == null ? null : parseKinds(deviceKinds);
        // made only once the options are known good, so a refused run leaves nothing behind
        Path root = dir != null ? dir.toAbsolutePath().normalize() : Files.createTempDirectory("tagmirror-bench-");
        BenchOptions o = new BenchOptions(root, volumeBytes, writes == null ? base.writesPerPoint() : writes,
                queueDepths == null ? base.queueDepths() : queueDepths,
                compareEntries == null ? base.compareEntries() : compareEntries,
                divergences == null ? base.divergences() : divergences, base.seed(), chosen, base.resyncRepeats(),
                resyncSizes == null ? base.resyncSizes() : resyncSizes, dropCaches && Benchmark.mayDropCaches(), nbd);
        if (kinds != null) {
            o = o.withDeviceKinds(kinds);
        }
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (dropCaches && !o.dropCaches() && chosen.contains(BenchOptions.Part.RESYNC)) {
            err.println("resync from a cold page cache left out: emptying the kernel's caches needs root");
        }
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

    /**
     * This build's command line in a new Java process (the same Java and class path), for the nbd
     * part to serve mirrors with; empty when this build has no {@code serve}.
     */
    private java.util.List<String> serveCommand() {
        if (!spec.root().subcommands().containsKey("serve")) {
            return java.util.List.of();
        }
        String javaCommand = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return java.util.List.of(javaCommand, "-cp", System.getProperty("java.class.path"), "io.tagmirror.Main");
    }

    private static java.util.List<io.tagmirror.engine.DeviceKind> parseKinds(java.util.List<String> names)
            throws TagMirrorException {
        java.util.List<io.tagmirror.engine.DeviceKind> out = new java.util.ArrayList<>();
        for (String n : names) {
            io.tagmirror.engine.DeviceKind k = switch (n.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "directory", "dir" -> io.tagmirror.engine.DeviceKind.DIRECTORY;
                case "block" -> io.tagmirror.engine.DeviceKind.BLOCK;
                default -> throw new TagMirrorException("unknown device kind '" + n + "': choose directory, block or both"
                        + " (directory,block)");
            };
            if (!out.contains(k)) {
                out.add(k);
            }
        }
        return out;
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
                throw new TagMirrorException("unknown part '" + n + "': choose from write, compare, resync, nbd");
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
