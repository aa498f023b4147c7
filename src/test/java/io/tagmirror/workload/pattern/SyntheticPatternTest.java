package io.tagmirror.workload.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workload.WorkloadOp;
import io.tagmirror.workload.WorkloadOp.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticPatternTest {
    private static final int BLOCK = 4096;
    private static final long MIB = 1024 * 1024;

    @ParameterizedTest
    @EnumSource(PatternKind.class)
    void sameSeedGivesTheSameSequence(PatternKind kind) throws TagMirrorException {
        BlockSizeRange sizes = BlockSizeRange.parse("4k-64k");

        List<WorkloadOp> first = take(SyntheticPattern.create(kind, 64 * MIB, BLOCK, sizes, 7, 2000));
        List<WorkloadOp> second = take(SyntheticPattern.create(kind, 64 * MIB, BLOCK, sizes, 7, 2000));

        assertThat(first).hasSize(2000).isEqualTo(second);
    }

    @ParameterizedTest
    @EnumSource(PatternKind.class)
    void differentSeedsGiveDifferentSequences(PatternKind kind) throws TagMirrorException {
        BlockSizeRange sizes = BlockSizeRange.parse("4k-64k");

        assertThat(take(SyntheticPattern.create(kind, 64 * MIB, BLOCK, sizes, 1, 500)))
                .isNotEqualTo(take(SyntheticPattern.create(kind, 64 * MIB, BLOCK, sizes, 2, 500)));
    }

    @ParameterizedTest
    @EnumSource(PatternKind.class)
    void everyWriteFitsInTheVolume(PatternKind kind) throws TagMirrorException {
        long volume = 10 * MIB + 3 * 512;
        SyntheticPattern pattern = SyntheticPattern.create(kind, volume, BLOCK, BlockSizeRange.parse("4k-1m"), 3, 20_000);

        List<WorkloadOp> ops = take(pattern);

        assertThat(ops).hasSize(20_000).allSatisfy(op -> {
            assertThat(op.length()).isBetween(4096L, MIB);
            assertThat(op.timestampNanos()).isEqualTo(-1);
            assertThat(op.file()).isEmpty();
            if (op.kind() == Kind.WRITE) {
                assertThat(op.offset()).isNotNegative();
                assertThat(op.end()).isLessThanOrEqualTo(volume);
            }
        });
        assertThat(ops).extracting(WorkloadOp::lineNumber).startsWith(1L, 2L, 3L).endsWith(20_000L);
    }

    @Test
    void randomOffsetsAreAlignedToTheMirrorBlockSize() throws TagMirrorException {
        List<WorkloadOp> ops = take(SyntheticPattern.create(PatternKind.RANDOM, 64 * MIB, BLOCK,
                BlockSizeRange.parse("512-64k"), 11, 5000));

        assertThat(ops).allSatisfy(op -> assertThat(op.offset() % BLOCK).isZero());
        assertThat(ops).extracting(WorkloadOp::length).contains(512L, 65536L);
    }

    @Test
    void sequentialWritesFollowOneAnotherAndWrapAtTheEnd() throws TagMirrorException {
        List<WorkloadOp> ops = take(SyntheticPattern.create(PatternKind.SEQUENTIAL, 10 * BLOCK, BLOCK,
                BlockSizeRange.of(3 * BLOCK), 1, 5));

        assertThat(ops).extracting(WorkloadOp::offset).containsExactly(0L, 3L * BLOCK, 6L * BLOCK, 0L, 3L * BLOCK);
        assertThat(ops).extracting(WorkloadOp::kind).containsOnly(Kind.WRITE);
    }

    @Test
    void appendPatternProducesOnlyAppends() throws TagMirrorException {
        List<WorkloadOp> ops = take(SyntheticPattern.create(PatternKind.APPEND, 64 * MIB, BLOCK,
                BlockSizeRange.parse("4k-16k"), 5, 100));

        assertThat(ops).allSatisfy(op -> {
            assertThat(op.kind()).isEqualTo(Kind.APPEND);
            assertThat(op.offset()).isEqualTo(-1);
        });
    }

    @Test
    void mixIsMostlyRandomWithSomeSequentialAndAppends() throws TagMirrorException {
        List<WorkloadOp> ops = take(SyntheticPattern.create(PatternKind.MIX, 1024 * MIB, BLOCK,
                BlockSizeRange.of(BLOCK), 9, 20_000));
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        ops.forEach(op -> counts.merge(op.kind(), 1, Integer::sum));

        // Appends are 10 %; writes (random and sequential) the other 90 %.
        assertThat(counts.get(Kind.APPEND)).isBetween(1600, 2400);
        assertThat(counts.get(Kind.WRITE)).isBetween(17_600, 18_400);
        long sequentialRuns = 0;
        long previousEnd = -1;
        for (WorkloadOp op : ops) {
            if (op.kind() == Kind.WRITE) {
                sequentialRuns += op.offset() == previousEnd ? 1 : 0;
                previousEnd = op.end();
            }
        }
        assertThat(sequentialRuns).isPositive();
    }

    @Test
    void zipfConcentratesWritesOnFewBlocks() throws TagMirrorException {
        int blocks = 10_000;
        int total = 200_000;
        List<WorkloadOp> zipf = take(SyntheticPattern.create(PatternKind.ZIPF, (long) blocks * BLOCK, BLOCK,
                BlockSizeRange.of(BLOCK), 13, total));
        List<WorkloadOp> uniform = take(SyntheticPattern.create(PatternKind.RANDOM, (long) blocks * BLOCK, BLOCK,
                BlockSizeRange.of(BLOCK), 13, total));

        assertThat(shareOfTopTenthOfBlocks(zipf, blocks)).isGreaterThan(0.5);
        assertThat(shareOfTopTenthOfBlocks(uniform, blocks)).isLessThan(0.2);
    }

    @Test
    void zipfHotBlocksAreSpreadOverTheVolume() throws TagMirrorException {
        int blocks = 10_000;
        List<WorkloadOp> ops = take(SyntheticPattern.create(PatternKind.ZIPF, (long) blocks * BLOCK, BLOCK,
                BlockSizeRange.of(BLOCK), 13, 50_000));

        assertThat(ops).anySatisfy(op -> assertThat(op.offset()).isGreaterThan(blocks / 2L * BLOCK));
    }

    @Test
    void zipfWithSkewZeroIsUniform() throws TagMirrorException {
        int blocks = 10_000;
        List<WorkloadOp> ops = take(SyntheticPattern.create(PatternKind.ZIPF, (long) blocks * BLOCK, BLOCK,
                BlockSizeRange.of(BLOCK), 13, 200_000, 0.0));

        assertThat(shareOfTopTenthOfBlocks(ops, blocks)).isLessThan(0.2);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void zipfOverBillionsOfBlocksNeedsNoTable() throws TagMirrorException {
        long volume = 16L << 40;
        SyntheticPattern pattern = SyntheticPattern.create(PatternKind.ZIPF, volume, BLOCK,
                BlockSizeRange.parse("4k-64k"), 17, 200_000);

        long hottest = 0;
        Map<Long, Integer> hits = new HashMap<>();
        for (WorkloadOp op : pattern) {
            assertThat(op.end()).isLessThanOrEqualTo(volume);
            hottest = Math.max(hottest, hits.merge(op.offset(), 1, Integer::sum));
        }
        // Rank 1 alone draws several percent of all writes even over 4 billion blocks.
        assertThat(hottest).isGreaterThan(2_000);
    }

    @Test
    void iteratorsAreIndependentAndEndCleanly() throws TagMirrorException {
        SyntheticPattern pattern = SyntheticPattern.create(PatternKind.RANDOM, 64 * MIB, BLOCK,
                BlockSizeRange.of(BLOCK), 21, 3);
        Iterator<WorkloadOp> first = pattern.iterator();
        first.next();

        assertThat(take(pattern)).hasSize(3).startsWith(pattern.iterator().next());
        first.next();
        first.next();
        assertThat(first.hasNext()).isFalse();
        assertThatThrownBy(first::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void writesLargerThanTheVolumeAreRefused() throws TagMirrorException {
        BlockSizeRange sizes = BlockSizeRange.parse("4k-1m");

        assertThatThrownBy(() -> SyntheticPattern.create(PatternKind.RANDOM, 512 * 1024, BLOCK, sizes, 1, 10))
                .isInstanceOf(TagMirrorException.class)
                .hasMessage("the largest write, 1048576 bytes, does not fit in the volume of 524288 bytes");
    }

    @Test
    void impossibleSettingsAreRefused() throws TagMirrorException {
        BlockSizeRange sizes = BlockSizeRange.of(512);

        assertThatThrownBy(() -> SyntheticPattern.create(PatternKind.RANDOM, 1024, BLOCK, sizes, 1, 10))
                .hasMessageContaining("smaller than one block");
        assertThatThrownBy(() -> SyntheticPattern.create(PatternKind.RANDOM, MIB, BLOCK, sizes, 1, -1))
                .hasMessageContaining("cannot be negative");
        assertThatThrownBy(() -> SyntheticPattern.create(PatternKind.ZIPF, MIB, BLOCK, sizes, 1, 1, -0.5))
                .hasMessageContaining("Zipf skew");
        assertThatThrownBy(() -> SyntheticPattern.create(PatternKind.ZIPF, MIB, 0, sizes, 1, 1))
                .hasMessageContaining("block size");
    }

    @Test
    void strideMakesAPermutationOfBlockIndexes() {
        for (long n : new long[] {1, 2, 10, 97, 1000, 4096}) {
            long stride = SyntheticPattern.coprimeStride(n);
            boolean[] seen = new boolean[(int) n];
            for (long i = 0; i < n; i++) {
                seen[(int) SyntheticPattern.mulMod(i, stride, n)] = true;
            }
            assertThat(seen).doesNotContain(false);
        }
    }

    @Test
    void mulModIsExactWhenTheProductOverflows() {
        long m = (1L << 62) + 57;
        long a = (1L << 61) + 12_345;
        long b = (1L << 61) + 678_901;

        long expected = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(BigInteger.valueOf(m)).longValueExact();
        assertThat(SyntheticPattern.mulMod(a, b, m)).isEqualTo(expected);
    }

    private static double shareOfTopTenthOfBlocks(List<WorkloadOp> ops, int blocks) {
        int[] counts = new int[blocks];
        ops.forEach(op -> counts[(int) (op.offset() / BLOCK)]++);
        Arrays.sort(counts);
        long top = 0;
        for (int i = blocks - blocks / 10; i < blocks; i++) {
            top += counts[i];
        }
        return (double) top / ops.size();
    }

    private static List<WorkloadOp> take(SyntheticPattern pattern) {
        List<WorkloadOp> ops = new ArrayList<>();
        pattern.forEach(ops::add);
        return ops;
    }
}
