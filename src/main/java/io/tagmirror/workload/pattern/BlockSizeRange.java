package io.tagmirror.workload.pattern;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.TagMirrorException;
import java.util.Locale;

/**
 * The sizes a synthetic pattern's writes take: one size ({@code 4k}) or a range ({@code 4k-64k}), in
 * bytes, multiples of 512.
 *
 * <p>When both ends are powers of two the sizes are the powers of two between them (4k, 8k, ... 64k),
 * as block sizes usually are; otherwise they step by the mirror's block size when both ends are
 * multiples of it, and by 512 bytes when not.
 *
 * @param min the smallest size in bytes
 * @param max the largest size in bytes
 */
public record BlockSizeRange(long min, long max) {
    static final long SECTOR = 512;
    private static final long KIB = 1024;
    private static final long MIB = 1024 * 1024;
    /** The most one write carries, as {@code Replayer.MAX_WRITE_BYTES}. */
    private static final long MAX = 64 * MIB;

    public BlockSizeRange {
        if (min <= 0 || max < min || min % SECTOR != 0 || max % SECTOR != 0) {
            throw new IllegalArgumentException("sizes must be positive multiples of 512 with min <= max: "
                    + min + "-" + max);
        }
    }

    /** A range of one size. */
    public static BlockSizeRange of(long size) {
        return new BlockSizeRange(size, size);
    }

    /**
     * Reads {@code 512}, {@code 4k}, {@code 1MiB} or {@code 4k-64k}; each end is read by
     * {@link ByteSize#parse}, as every other size is.
     */
    public static BlockSizeRange parse(String text) throws TagMirrorException {
        String spec = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        int dash = spec.indexOf('-');
        String low = dash < 0 ? spec : spec.substring(0, dash).strip();
        String high = dash < 0 ? spec : spec.substring(dash + 1).strip();
        long min = size(low, text);
        long max = size(high, text);
        if (max < min) {
            throw invalid(text, "the range goes from larger to smaller");
        }
        return new BlockSizeRange(min, max);
    }

    private static long size(String token, String text) throws TagMirrorException {
        long bytes;
        try {
            bytes = ByteSize.parse(token);
        } catch (TagMirrorException e) {
            throw invalid(text, e.getMessage());
        }
        if (bytes == 0) {
            throw invalid(text, "a size must be more than 0");
        }
        if (bytes > MAX) {
            throw invalid(text, ByteSize.format(bytes) + " is more than one write may carry (64 MiB)");
        }
        if (bytes % SECTOR != 0) {
            throw invalid(text, bytes + " bytes is not a multiple of 512");
        }
        return bytes;
    }

    private static TagMirrorException invalid(String text, String why) {
        return new TagMirrorException("block size '" + text + "' is not valid: " + why
                + "; write a size such as 512, 4k or 1MiB, or a range such as 4k-64k");
    }

    /** Whether every write has the same size. */
    public boolean isFixed() {
        return min == max;
    }

    /** One size drawn from the range, for a mirror of {@code blockSize}-byte blocks. */
    long sample(SplitMix64 random, long blockSize) {
        if (min == max) {
            return min;
        }
        if (isPowerOfTwo(min) && isPowerOfTwo(max)) {
            int lowBit = Long.numberOfTrailingZeros(min);
            int highBit = Long.numberOfTrailingZeros(max);
            return 1L << (lowBit + random.nextLong(highBit - lowBit + 1));
        }
        long step = min % blockSize == 0 && max % blockSize == 0 ? blockSize : SECTOR;
        return min + random.nextLong((max - min) / step + 1) * step;
    }

    private static boolean isPowerOfTwo(long value) {
        return Long.bitCount(value) == 1;
    }

    @Override
    public String toString() {
        return min == max ? format(min) : format(min) + "-" + format(max);
    }

    private static String format(long bytes) {
        if (bytes % MIB == 0) {
            return bytes / MIB + "m";
        }
        if (bytes % KIB == 0) {
            return bytes / KIB + "k";
        }
        return Long.toString(bytes);
    }
}
