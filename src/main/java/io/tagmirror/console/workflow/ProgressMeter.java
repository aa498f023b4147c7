package io.tagmirror.console.workflow;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Turns a long operation's progress reports into a rate and an estimated time left, over a sliding
 * window so a rate that changes (cache warm-up, a slower drive) shows within a few seconds.
 *
 * <p>Thread-safe: the engine reports from its thread, the view reads snapshots from the FX thread.
 */
public final class ProgressMeter {

    /** The window the rate is measured over. */
    static final long WINDOW_NANOS = 3_000_000_000L;
    /** Samples kept at most; reports come per chunk, far more often than the window needs. */
    private static final int MAX_SAMPLES = 256;
    private static final long MIN_SAMPLE_GAP_NANOS = 20_000_000L;

    /**
     * What the meter knows at one moment.
     *
     * @param phase the operation's step, e.g. "ranges copied"; empty before the first report
     * @param done units done (blocks, entries)
     * @param total units in all, or 0 when unknown
     * @param perSecond units per second over the window, or 0 while unknown
     * @param etaSeconds estimated seconds left, or -1 while unknown
     * @param elapsedSeconds seconds since the phase started
     */
    public record Snapshot(String phase, long done, long total, double perSecond, double etaSeconds,
                           double elapsedSeconds) {

        public static final Snapshot NONE = new Snapshot("", 0, 0, 0, -1, 0);

        /** Done as a fraction 0..1, or -1 when the total is unknown (an indeterminate bar). */
        public double fraction() {
            return total > 0 ? Math.min(1.0, (double) done / total) : -1;
        }

        /** The estimate as "1 min 05 s left", "12 s left", or "estimating…". */
        public String etaText() {
            if (etaSeconds < 0) {
                return "estimating…";
            }
            long s = Math.round(etaSeconds);
            if (s >= 3600) {
                return String.format(Locale.ROOT, "%d h %02d min left", s / 3600, s % 3600 / 60);
            }
            if (s >= 60) {
                return String.format(Locale.ROOT, "%d min %02d s left", s / 60, s % 60);
            }
            return s + " s left";
        }
    }

    private final LongSupplier clock;
    private final Deque<long[]> samples = new ArrayDeque<>();
    private String phase = "";
    private long phaseStart;
    private long done;
    private long total;

    /** A meter on the system's monotonic clock. */
    public ProgressMeter() {
        this(System::nanoTime);
    }

    /** A meter on {@code nanoClock}, for tests. */
    public ProgressMeter(LongSupplier nanoClock) {
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Records a report; a new phase starts the rate afresh. */
    public synchronized void update(String newPhase, long newDone, long newTotal) {
        long now = clock.getAsLong();
        if (!newPhase.equals(phase) || newDone < done) {
            phase = newPhase;
            phaseStart = now;
            samples.clear();
        }
        done = newDone;
        total = newTotal;
        long[] last = samples.peekLast();
        if (last != null && now - last[0] < MIN_SAMPLE_GAP_NANOS) {
            last[1] = newDone;
        } else {
            samples.addLast(new long[] {now, newDone});
        }
        while (samples.size() > MAX_SAMPLES
                || samples.size() > 2 && now - samples.peekFirst()[0] > WINDOW_NANOS) {
            samples.removeFirst();
        }
    }

    /** Forgets everything, for the next operation. */
    public synchronized void reset() {
        phase = "";
        done = 0;
        total = 0;
        samples.clear();
    }

    public synchronized Snapshot snapshot() {
        if (phase.isEmpty()) {
            return Snapshot.NONE;
        }
        long now = clock.getAsLong();
        double rate = 0;
        if (samples.size() >= 2) {
            long[] first = samples.peekFirst();
            long[] last = samples.peekLast();
            long nanos = last[0] - first[0];
            if (nanos > 0) {
                rate = (last[1] - first[1]) * 1e9 / nanos;
            }
        }
        double eta = -1;
        if (total > 0 && done >= total) {
            eta = 0;
        } else if (rate > 0 && total > 0) {
            eta = (total - done) / rate;
        }
        return new Snapshot(phase, done, total, rate, eta, (now - phaseStart) / 1e9);
    }
}
