package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pace of background resyncs, on a clock the test moves. */
class ResyncPaceTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong clock = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    void aResyncGoesOnAsSoonAsItsBytesFitTheRateAndANewRateCountsFromWhenItIsSet() throws Exception {
        ResyncPace pace = new ResyncPace(1000, clock::get);
        ResyncPace.Run run = pace.start();
        clock.set(SECOND);
        assertThat(run.await(1000, stop)).isTrue();
        pace.set(4000);
        clock.set(SECOND + SECOND / 4);
        // 1000 bytes more at 4000 bytes a second from the change on: a quarter of a second
        assertThat(run.await(2000, stop)).isTrue();
    }

    @Test
    void theRateSetAgainUnchangedDoesNotHoldAResyncBack() throws Exception {
        ResyncPace pace = new ResyncPace(1000, clock::get);
        ResyncPace.Run run = pace.start();
        clock.set(SECOND);
        assertThat(run.await(1000, stop)).isTrue();
        clock.set(2 * SECOND);
        // a screen showing the rate again sets it again: counting anew from now would make the
        // resync wait another second for bytes that already fit
        pace.set(1000);
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> run.await(2000, stop));
        try {
            assertThat(next.get(1, TimeUnit.MINUTES)).isTrue();
        } catch (TimeoutException e) {
            stop.set(true);
            throw new AssertionError("the resync waited although its bytes fit the rate it kept to", e);
        }
    }

    @Test
    void aStopEndsTheWait() {
        ResyncPace pace = new ResyncPace(1, clock::get);
        stop.set(true);
        assertThat(pace.start().await(1 << 20, stop)).isFalse();
    }
}
