package io.tagmirror.workload.bench;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The sizes of a benchmark run; the defaults finish in under two minutes on a small machine. */
public record BenchOptions(Path dir, long volumeBytes, int writesPerPoint, List<Integer> queueDepths,
                           List<Integer> compareEntries, List<Double> divergences, long seed, Set<Part> parts,
                           int resyncRepeats) {

    /** The parts of a run, in the order they run; a user may pick some to measure one thing again. */
    public enum Part { WRITE, COMPARE, RESYNC }

    public static BenchOptions defaults(Path dir) {
        return new BenchOptions(dir, 1L << 30, 16_000, List.of(1, 2, 4, 8, 16, 32, 64, 128, 256),
                List.of(10_000, 100_000, 1_000_000), List.of(0.001, 0.01, 0.1), 1, EnumSet.allOf(Part.class), 3);
    }

    /** A first look: fewer depths and writes, each resync point timed once. */
    public static BenchOptions quick(Path dir) {
        return new BenchOptions(dir, 1L << 30, 8_000, List.of(1, 16, 128),
                List.of(10_000, 100_000, 1_000_000), List.of(0.001, 0.01, 0.1), 1, EnumSet.allOf(Part.class), 1);
    }
}
