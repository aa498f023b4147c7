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
        try (Debouncer debouncer = new Debouncer("test-debounce", 50, Runnable::run, () -> {
            runs.incrementAndGet();
            thread.set(Thread.currentThread().getName());
            ran.countDown();
        })) {
            for (int i = 0; i < 20; i++) {
                debouncer.trigger();
            }
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(150);
        }
        assertThat(runs.get()).isEqualTo(1);
        assertThat(thread.get()).startsWith("test-debounce-");
    }

    @Test
    void aBurstThatNeverGoesQuietStillRunsTheActionByTheDeadline() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        try (Debouncer debouncer = new Debouncer("test-deadline", 100, 300, Runnable::run, ran::countDown)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (ran.getCount() > 0 && System.nanoTime() < end) {
                debouncer.trigger();
                Thread.sleep(10);
            }
        }
        assertThat(ran.getCount()).isZero();
    }
}
