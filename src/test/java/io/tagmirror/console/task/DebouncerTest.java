package io.tagmirror.console.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A burst of triggers runs the action once, on a named thread, and a burst that never stops still runs it. */
class DebouncerTest {

    @Test
    void aBurstRunsTheActionOnceAfterItGoesQuiet() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        // Quiet for half a second: the burst's twenty triggers come far closer together than that even on a
        // busy machine (with 50 ms, a pause of the test's thread between two of them made two bursts).
        try (Debouncer debouncer = new Debouncer("test-debounce", 500, Runnable::run, () -> {
            runs.incrementAndGet();
            thread.set(Thread.currentThread().getName());
            ran.countDown();
        })) {
            for (int i = 0; i < 20; i++) {
                debouncer.trigger();
            }
            assertThat(ran.await(60, TimeUnit.SECONDS)).isTrue();
            // a second run, had the burst been split, would come within the quiet period after its last trigger
            Thread.sleep(700);
        }
        assertThat(runs.get()).isEqualTo(1);
        assertThat(thread.get()).startsWith("test-debounce-");
    }

    @Test
    void aBurstThatNeverGoesQuietStillRunsTheActionByTheDeadline() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        try (Debouncer debouncer = new Debouncer("test-deadline", 100, 300, Runnable::run, ran::countDown)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ran.getCount() > 0 && System.nanoTime() < end) {
                debouncer.trigger();
                Thread.sleep(10);
            }
        }
        assertThat(ran.getCount()).isZero();
    }
}
