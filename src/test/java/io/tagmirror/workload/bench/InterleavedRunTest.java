package io.tagmirror.workload.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InterleavedRunTest {
    private static long[] offsets(int n) {
        SplittableRandom r = new SplittableRandom(5);
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = r.nextLong(1 << 20) * 4096;
        }
        return offsets;
    }

    /** The sides in the order they wrote, as runs: "a531" is 531 writes of side a in a row. */
    private static List<String> runs(List<Character> order) {
        List<String> runs = new ArrayList<>();
        int length = 0;
        for (int i = 0; i < order.size(); i++) {
            length++;
            if (i == order.size() - 1 || order.get(i + 1) != order.get(i)) {
                runs.add(order.get(i) + "" + length);
                length = 0;
            }
        }
        return runs;
    }

    @Test
    void eachSideWritesEveryOffsetOnceAndTheSidesTakeTurnsSliceBySlice() throws IOException {
        assertThat(InterleavedRun.SLICE_WRITES).as("the slices below are cut for 500").isEqualTo(500);
        int n = 2123;
        long[] offsets = offsets(n);
        ByteBuffer[] data = {ByteBuffer.allocate(4096)};
        ConcurrentHashMap<Long, AtomicInteger> byA = new ConcurrentHashMap<>();
        ConcurrentHashMap<Long, AtomicInteger> byB = new ConcurrentHashMap<>();
        List<Character> order = Collections.synchronizedList(new ArrayList<>());
        double[] seconds = InterleavedRun.run(16, offsets, data, (offset, buf) -> {
            byA.computeIfAbsent(offset, k -> new AtomicInteger()).incrementAndGet();
            order.add('a');
        }, (offset, buf) -> {
            byB.computeIfAbsent(offset, k -> new AtomicInteger()).incrementAndGet();
            order.add('b');
        });
        assertThat(seconds).hasSize(2);
        assertThat(seconds[0]).isPositive();
        assertThat(seconds[1]).isPositive();
        // the offsets are distinct but for a few repeats: each side's count per offset is the other's
        assertThat(byA.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(n);
        assertThat(byB.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(n);
        for (long o : offsets) {
            assertThat(byA.get(o).get()).isEqualTo(byB.get(o).get());
        }
        // four slices of 531 (the last 530), never overlapping, the side that goes first swapped every
        // slice: a b, b a, a b, b a
        assertThat(runs(order)).containsExactly("a531", "b1062", "a1062", "b1061", "a530");
    }

    @Test
    void aPointOfFewerWritesThanASliceIsCutInTwoSoEachSideGoesFirstOnce() throws IOException {
        List<Character> order = Collections.synchronizedList(new ArrayList<>());
        InterleavedRun.run(4, offsets(200), new ByteBuffer[] {ByteBuffer.allocate(1)},
                (offset, buf) -> order.add('a'), (offset, buf) -> order.add('b'));
        assertThat(runs(order)).containsExactly("a100", "b200", "a100");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void anErrorInAWriterEndsTheRunInsteadOfHangingIt() {
        long[] offsets = offsets(InterleavedRun.SLICE_WRITES * 3);
        assertThatThrownBy(() -> InterleavedRun.run(4, offsets, new ByteBuffer[] {ByteBuffer.allocate(1)},
                (offset, buf) -> {
                    throw new AssertionError("a writer's bug");
                }, (offset, buf) -> {
                })).isInstanceOf(IOException.class).hasMessageContaining("a writer's bug");
    }

    @Test
    void aFailedWriteStopsTheRunAndIsThrown() {
        long[] offsets = offsets(InterleavedRun.SLICE_WRITES * 3);
        AtomicInteger writes = new AtomicInteger();
        assertThatThrownBy(() -> InterleavedRun.run(4, offsets, new ByteBuffer[] {ByteBuffer.allocate(1)},
                (offset, buf) -> {
                }, (offset, buf) -> {
                    if (writes.incrementAndGet() == 10) {
                        throw new IOException("device gone");
                    }
                })).isInstanceOf(IOException.class).hasMessage("device gone");
        assertThat(writes.get()).isLessThan(InterleavedRun.SLICE_WRITES + 16);
    }
}
