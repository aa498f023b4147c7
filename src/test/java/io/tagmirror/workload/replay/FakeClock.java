package io.tagmirror.workload.replay;

import java.util.concurrent.atomic.AtomicLong;

/** A replay clock that moves only when slept on, plus an optional fixed step each time it is read. */
final class FakeClock implements ReplayClock {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final long stepPerRead;

    FakeClock(long stepPerRead) {
        this.stepPerRead = stepPerRead;
    }

    @Override
    public long nanoTime() {
        return now.addAndGet(stepPerRead);
    }

    @Override
    public void sleep(long nanos) {
        now.addAndGet(Math.max(0, nanos));
    }
}
