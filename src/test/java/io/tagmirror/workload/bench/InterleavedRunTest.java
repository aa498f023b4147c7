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

    @Test
    void eachSideWritesEveryOffsetOnceAndTheSidesTakeTurnsSliceBySlice() throws IOException {
        int n = InterleavedRun.SLICE_WRITES * 4 + 123;
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
        // slices never overlap, and the side that goes first swaps every slice: a b, b a, a b, b a, a b
        List<String> runs = new ArrayList<>();
        int length = 0;
        for (int i = 0; i < order.size(); i++) {
            length++;
            if (i == order.size() - 1 || order.get(i + 1) != order.get(i)) {
                runs.add(order.get(i) + "" + length);
                length = 0;
            }
        }
        int s = InterleavedRun.SLICE_WRITES;
        assertThat(runs).containsExactly("a" + s, "b" + 2 * s, "a" + 2 * s, "b" + 2 * s, "a" + (s + 123), "b123");
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
