package io.tagmirror.operations.disks;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices disks coming and going, partitions appearing, mounts and swaps changing, by reading the
 * survey's fingerprint every few seconds on a thread of its own (a few small sysfs files and two proc
 * files: far cheaper than a survey, which reads every drive's first bytes), and says so when it changes.
 */
public final class DiskWatch implements AutoCloseable {

    private final DiskSurvey survey;
    private final Runnable onChange;
    private ScheduledExecutorService timer;
    private String last;

    /** {@code onChange} runs on the watch's thread each time the fingerprint differs from the last read. */
    public DiskWatch(DiskSurvey survey, Runnable onChange) {
        this.survey = Objects.requireNonNull(survey, "survey");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
    }

    /** Starts reading every {@code every}; the first read only records the fingerprint. */
    public synchronized void start(Duration every) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tagmirror-disk-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the fingerprint once and runs {@code onChange} when it differs from the last one read;
     * returns whether it did. The first call only records it. The timer calls this; tests call it too.
     */
    public boolean check() throws IOException {
        String now = survey.fingerprint();
        boolean changed;
        synchronized (this) {
            changed = last != null && !last.equals(now);
            last = now;
        }
        if (changed) {
            onChange.run();
        }
        return changed;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (IOException | RuntimeException e) {
            // a sysfs read that failed now is read again at the next tick; the screen keeps what it showed
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
