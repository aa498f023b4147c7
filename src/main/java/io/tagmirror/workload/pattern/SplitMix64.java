package io.tagmirror.workload.pattern;

/**
 * The SplitMix64 generator, written out here so that a seed gives the same pattern on every Java
 * version: the bounded methods of the JDK's generators are not pinned down by their specification.
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), without the bias of a plain modulo. */
    long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long mask = bound - 1;
        long r = nextLong() >>> 1;
        if ((bound & mask) == 0) {
            return r & mask;
        }
        // Reject the top, partial run of values so every residue is equally likely.
        for (long u = r; u - (r = u % bound) + mask < 0; u = nextLong() >>> 1) {
            // draw again
        }
        return r;
    }
}
