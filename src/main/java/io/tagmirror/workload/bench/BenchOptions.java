package io.tagmirror.workload.bench;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The sizes of a benchmark run; the defaults finish in a few minutes on a small machine, {@code quick} in about one. */
public record BenchOptions(Path dir, long volumeBytes, int writesPerPoint, List<Integer> queueDepths,
                           List<Integer> compareEntries, List<Double> divergences, long seed, Set<Part> parts,
                           int resyncRepeats, List<Long> resyncSizes, boolean dropCaches, Nbd nbd,
                           List<io.tagmirror.engine.DeviceKind> deviceKinds) {

    /** Options whose write part runs on directory devices only. */
    public BenchOptions(Path dir, long volumeBytes, int writesPerPoint, List<Integer> queueDepths,
                        List<Integer> compareEntries, List<Double> divergences, long seed, Set<Part> parts,
                        int resyncRepeats, List<Long> resyncSizes, boolean dropCaches, Nbd nbd) {
        this(dir, volumeBytes, writesPerPoint, queueDepths, compareEntries, divergences, seed, parts, resyncRepeats,
                resyncSizes, dropCaches, nbd, List.of(io.tagmirror.engine.DeviceKind.DIRECTORY));
    }

    /**
     * The same options with the write part run on each kind of device given (image files in the run's
     * directory for the block kind), side by side; the other parts run on directory devices.
     */
    public BenchOptions withDeviceKinds(List<io.tagmirror.engine.DeviceKind> kinds) {
        return new BenchOptions(dir, volumeBytes, writesPerPoint, queueDepths, compareEntries, divergences, seed, parts,
                resyncRepeats, resyncSizes, dropCaches, nbd, List.copyOf(kinds));
    }

    /** The volume sizes of {@code resync.sizeIndependence}: the same divergence in 1 GiB and 64 GiB. */
    public static final List<Long> RESYNC_SIZES = List.of(1L << 30, 64L << 30);
    /** {@code --quick}: the full scan of 2 × 64 GiB alone takes minutes, so 1 GiB against 4 GiB. */
    public static final List<Long> QUICK_RESYNC_SIZES = List.of(1L << 30, 4L << 30);

    /**
     * The parts of a run, in the order they run; a user may pick some to measure one thing again.
     * NBD runs only when asked: it needs fio and the reference servers, and takes minutes.
     */
    public enum Part { WRITE, COMPARE, RESYNC, NBD }

    /**
     * The NBD part: each fio job's length, how many rounds of every job on every server, and the
     * command that runs this build's command line in a new process (empty when it has no
     * {@code serve}: TagMirror is then left out and only the reference servers run).
     */
    public record Nbd(int secondsPerJob, int rounds, List<String> tagmirror) {
        public static final Nbd DEFAULTS = new Nbd(5, 3, List.of());
        public static final Nbd QUICK = new Nbd(3, 1, List.of());
    }

    private static final Set<Part> DEFAULT_PARTS = EnumSet.of(Part.WRITE, Part.COMPARE, Part.RESYNC);

    public static BenchOptions defaults(Path dir) {
        return new BenchOptions(dir, 1L << 30, 16_000, List.of(1, 2, 4, 8, 16, 32, 64, 128, 256),
                List.of(10_000, 100_000, 1_000_000), List.of(0.001, 0.01, 0.1), 1, DEFAULT_PARTS, 3,
                RESYNC_SIZES, false, Nbd.DEFAULTS);
    }

    /** A first look: fewer depths and writes, each resync point timed once. */
    public static BenchOptions quick(Path dir) {
        return new BenchOptions(dir, 1L << 30, 8_000, List.of(1, 16, 128),
                List.of(10_000, 100_000, 1_000_000), List.of(0.001, 0.01, 0.1), 1, DEFAULT_PARTS, 1,
                QUICK_RESYNC_SIZES, false, Nbd.QUICK);
    }
}
