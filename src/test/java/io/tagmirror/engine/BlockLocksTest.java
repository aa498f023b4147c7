package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Block locks: ranges that share a block wait for each other in the order they asked; no others do. */
class BlockLocksTest {
    private final BlockLocks locks = new BlockLocks();

    /** Takes {@code first}+{@code count} on another thread and gives it back at once, noting it in {@code order}. */
    private CompletableFuture<Void> takeAndRelease(long first, long count, List<String> order, String name) {
        return CompletableFuture.runAsync(() -> {
            try (BlockLocks.Held held = locks.lock(first, count)) {
                order.add(name);
            }
        });
    }

    /** Returns once {@code n} takers wait, or once {@code taker} finished without waiting. */
    private void untilWaiting(int n, CompletableFuture<Void> taker) {
        while (locks.waiting() < n && !taker.isDone()) {
            Thread.onSpinWait();
        }
    }

    @Test
    void writesSixteenMiBApartDoNotWaitForEachOther() throws Exception {
        try (BlockLocks.Held first = locks.lock(0, 1)) {
            // 4,096 blocks of 4 KiB further: the same stripe of the striped locks this replaced
            takeAndRelease(4096, 1, new CopyOnWriteArrayList<>(), "far").get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWriteOfThirtyTwoMiBStopsNoWriteOutsideIt() throws Exception {
        try (BlockLocks.Held large = locks.lock(0, 8192)) {
            for (long block : new long[] {8192, 12_288, 1_000_000}) {
                takeAndRelease(block, 1, new CopyOnWriteArrayList<>(), "outside").get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aRangeThatSharesABlockWithAHeldOneWaitsUntilItIsGivenBack() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> taker;
        try (BlockLocks.Held held = locks.lock(10, 10)) {
            taker = takeAndRelease(19, 4, order, "taker");
            untilWaiting(1, taker);
            assertThat(taker).as("it shares block 19").isNotDone();
            order.add("released");
        }
        taker.get(30, TimeUnit.SECONDS);
        assertThat(order).containsExactly("released", "taker");
        assertThat(locks.waiting()).isZero();
    }

    @Test
    void aRangeWaitsBehindAnOverlappingOneThatAskedFirstSoALargeWriteIsNotStarved() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> large;
        CompletableFuture<Void> small;
        try (BlockLocks.Held held = locks.lock(0, 1)) {
            large = takeAndRelease(0, 64, order, "large");
            untilWaiting(1, large);
            // block 40 is free, but the large range asked for it first
            small = takeAndRelease(40, 1, order, "small");
            untilWaiting(2, small);
            assertThat(small).isNotDone();
            order.add("released");
        }
        large.get(30, TimeUnit.SECONDS);
        small.get(30, TimeUnit.SECONDS);
        assertThat(order).containsExactly("released", "large", "small");
    }

    @Test
    void aRangeGivenBackTwiceIsGivenBackOnce() throws Exception {
        BlockLocks.Held first = locks.lock(0, 4);
        BlockLocks.Held second = locks.lock(4, 4);
        first.close();
        first.close();
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> taker = takeAndRelease(3, 2, order, "taker");
        untilWaiting(1, taker);
        assertThat(taker).as("block 4 is still held by the second range").isNotDone();
        second.close();
        taker.get(30, TimeUnit.SECONDS);
    }
}
