package io.tagmirror.workload.pattern;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workload.WorkloadOp;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A deterministic synthetic workload of {@code count} operations over a volume, generated one at a
 * time: the same settings and seed always give the same operations, and every write fits in the volume.
 *
 * <p>Operations carry no file name, no timing ({@code -1}) and their 1-based position as line number.
 * Each {@link #iterator()} starts the sequence afresh.
 */
public final class SyntheticPattern implements Iterable<WorkloadOp> {
    /** The Zipf skew used when none is given; close to 1, the classic hot-spot shape. */
    public static final double DEFAULT_ZIPF_SKEW = 0.99;

    private static final int MIX_RANDOM_PERCENT = 70;
    private static final int MIX_SEQUENTIAL_PERCENT = 20;

    private final PatternKind kind;
    private final long volumeBytes;
    private final long blockSize;
    private final BlockSizeRange sizes;
    private final long seed;
    private final long count;
    private final double zipfSkew;

    private SyntheticPattern(PatternKind kind, long volumeBytes, long blockSize, BlockSizeRange sizes, long seed,
            long count, double zipfSkew) {
        this.kind = kind;
        this.volumeBytes = volumeBytes;
        this.blockSize = blockSize;
        this.sizes = sizes;
        this.seed = seed;
        this.count = count;
        this.zipfSkew = zipfSkew;
    }

    /** A pattern with the default Zipf skew. */
    public static SyntheticPattern create(PatternKind kind, long volumeBytes, int blockSize, BlockSizeRange sizes,
            long seed, long count) throws TagMirrorException {
        return create(kind, volumeBytes, blockSize, sizes, seed, count, DEFAULT_ZIPF_SKEW);
    }

    /**
     * A pattern of {@code count} operations over {@code volumeBytes}, offsets aligned to the mirror's
     * {@code blockSize}; {@code zipfSkew} (0 or more, 0 is uniform) matters only for {@link PatternKind#ZIPF}.
     *
     * @throws TagMirrorException when the settings cannot make a workload that fits
     */
    public static SyntheticPattern create(PatternKind kind, long volumeBytes, int blockSize, BlockSizeRange sizes,
            long seed, long count, double zipfSkew) throws TagMirrorException {
        if (kind == null || sizes == null) {
            throw new IllegalArgumentException("kind and sizes are required");
        }
        if (blockSize <= 0) {
            throw new TagMirrorException("the block size must be more than 0 bytes, not " + blockSize);
        }
        if (volumeBytes < blockSize) {
            throw new TagMirrorException("the volume of " + volumeBytes
                    + " bytes is smaller than one block of " + blockSize + " bytes");
        }
        if (sizes.max() > volumeBytes) {
            throw new TagMirrorException("the largest write, " + sizes.max() + " bytes, does not fit in the volume of "
                    + volumeBytes + " bytes");
        }
        if (count < 0) {
            throw new TagMirrorException("the number of operations cannot be negative: " + count);
        }
        if (!(zipfSkew >= 0) || Double.isInfinite(zipfSkew)) {
            throw new TagMirrorException("the Zipf skew must be a number of 0 or more, not " + zipfSkew);
        }
        return new SyntheticPattern(kind, volumeBytes, blockSize, sizes, seed, count, zipfSkew);
    }

    @Override
    public Iterator<WorkloadOp> iterator() {
        return new Generator();
    }

    public PatternKind kind() {
        return kind;
    }

    public long volumeBytes() {
        return volumeBytes;
    }

    public long count() {
        return count;
    }

    public long seed() {
        return seed;
    }

    /** Produces the operations; all state lives here so iterators are independent. */
    private final class Generator implements Iterator<WorkloadOp> {
        private final SplitMix64 random = new SplitMix64(seed);
        private final long blocks = volumeBytes / blockSize;
        private final ZipfSampler zipf = kind == PatternKind.ZIPF ? new ZipfSampler(blocks, zipfSkew) : null;
        private final long stride = kind == PatternKind.ZIPF ? coprimeStride(blocks) : 1;
        private long produced;
        private long sequentialNext;

        @Override
        public boolean hasNext() {
            return produced < count;
        }

        @Override
        public WorkloadOp next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            produced++;
            PatternKind now = kind == PatternKind.MIX ? mixPick() : kind;
            long size = sizes.sample(random, blockSize);
            return switch (now) {
                case SEQUENTIAL -> write(sequential(size), size);
                case RANDOM -> write(random.nextLong((volumeBytes - size) / blockSize + 1) * blockSize, size);
                case ZIPF -> write(zipfOffset(size), size);
                case APPEND -> WorkloadOp.append("", size, -1, produced);
                case MIX -> throw new IllegalStateException("mix picks a concrete kind");
            };
        }

        private WorkloadOp write(long offset, long size) {
            return WorkloadOp.write("", offset, size, -1, produced);
        }

        private PatternKind mixPick() {
            long roll = random.nextLong(100);
            if (roll < MIX_RANDOM_PERCENT) {
                return PatternKind.RANDOM;
            }
            return roll < MIX_RANDOM_PERCENT + MIX_SEQUENTIAL_PERCENT ? PatternKind.SEQUENTIAL : PatternKind.APPEND;
        }

        private long sequential(long size) {
            if (sequentialNext + size > volumeBytes) {
                sequentialNext = 0;
            }
            long offset = sequentialNext;
            sequentialNext += size;
            return offset;
        }

        private long zipfOffset(long size) {
            long rank = zipf.sample(random) - 1;
            // Spread the hot ranks over the volume, as a file system's hot spots are, rather than
            // piling them at its start: multiplying by a stride coprime to the block count permutes
            // the block indexes.
            long block = mulMod(rank, stride, blocks);
            long offset = block * blockSize;
            if (offset + size > volumeBytes) {
                offset = (volumeBytes - size) / blockSize * blockSize;
            }
            return offset;
        }
    }

    /** A stride near the golden section of {@code n} sharing no factor with it, so {@code i -> i * stride mod n} is a permutation. */
    static long coprimeStride(long n) {
        long stride = Math.max(1, (long) (n * 0.6180339887498949));
        while (gcd(stride, n) != 1) {
            stride++;
        }
        return stride;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** {@code a * b mod m} for non-negative values, exact even when the product overflows. */
    static long mulMod(long a, long b, long m) {
        if (Math.multiplyHigh(a, b) == 0 && a * b >= 0) {
            return a * b % m;
        }
        long result = 0;
        a %= m;
        while (b > 0) {
            if ((b & 1) == 1) {
                result = addMod(result, a, m);
            }
            a = addMod(a, a, m);
            b >>= 1;
        }
        return result;
    }

    private static long addMod(long x, long y, long m) {
        // x, y < m, so x - (m - y) never overflows.
        return x >= m - y ? x - (m - y) : x + y;
    }
}
