package io.tagmirror.workload.replay;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workload.WorkloadOp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives a stream of workload operations against an open mirror, with several writes in flight, paced
 * or as fast as possible, injecting the faults of a {@link FaultPlan}, and reporting progress.
 *
 * <p>Operations are dispatched in order from the thread that calls {@link #run()} to a pool of
 * {@code queueDepth} writer threads. A write whose covering blocks overlap a write still in flight is
 * held back until that one finished, so writes to the same blocks take effect in trace order and the
 * final image equals a sequential replay whatever the queue depth and number of writers (dispatch stays
 * in order, so a held-back write also holds back those behind it). Write data
 * depends only on the seed and the write number, so the same seed gives byte-identical mirrors.
 *
 * <p>{@link #pause()}, {@link #resume()} and {@link #stop()} may be called from any thread.
 */
public final class Replayer {
    public static final int DEFAULT_QUEUE_DEPTH = 16;
    public static final int MAX_QUEUE_DEPTH = 1024;
    public static final int MAX_WRITERS = 1024;
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(250);
    /** The largest single write a replay makes: a trace line beyond it is refused, not split. */
    public static final int MAX_WRITE_BYTES = 64 << 20;
    /** The longest a waiting dispatcher goes without looking at stop, pause and the progress clock. */
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MIN_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final Mirror mirror;
    private final WorkloadSource source;
    private final double speed;
    private final double rateLimit;
    private final int queueDepth;
    private final int writers;
    private final long limit;
    private final long seed;
    private final FaultPlan faults;
    private final Map<UUID, Device> devices;
    private final ReplayListener listener;
    private final long intervalNanos;
    private final ReplayClock clock;
    private final Halter halter;

    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopRequested;
    private volatile boolean paused;
    private boolean interrupted;

    /** Guards {@link #ranges}, {@link #inFlight} and {@link #failure}; {@link #changed} is signalled on every change. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final InFlightRanges ranges = new InFlightRanges();
    private int inFlight;
    private Throwable failure;

    private final AtomicLong writesDone = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    private final Recorder latency = new Recorder(3);
    private final Histogram overall = new Histogram(3);
    private final List<AppliedFault> applied = new CopyOnWriteArrayList<>();
    private volatile long flushes;

    // Dispatcher-thread state: pacing and progress.
    private long startNanos;
    private long pausedNanos;
    private long firstTimestamp = -1;
    private long nextReport;
    private long lastReportNanos;
    private long lastReportWrites;
    private long lastReportBytes;

    private Replayer(Builder b) {
        this.mirror = b.mirror;
        this.source = b.source;
        this.speed = b.speed;
        this.rateLimit = b.rateLimit;
        this.queueDepth = b.queueDepth;
        this.writers = b.writers;
        this.limit = b.limit;
        this.seed = b.seed;
        this.faults = b.faults;
        this.devices = b.devices;
        this.listener = b.listener;
        this.intervalNanos = b.interval.toNanos();
        this.clock = b.clock;
        this.halter = b.halter;
    }

    /** A replay of {@code source} against {@code mirror}, as fast as possible at queue depth 16 with one writer. */
    public static Builder builder(Mirror mirror, WorkloadSource source) {
        return new Builder(mirror, source);
    }

    /** Settings of a replay; {@link #build()} checks them. */
    public static final class Builder {
        private final Mirror mirror;
        private final WorkloadSource source;
        private double speed;
        private double rateLimit;
        private int queueDepth = DEFAULT_QUEUE_DEPTH;
        private int writers = 1;
        private long limit = -1;
        private long seed = 1;
        private FaultPlan faults = FaultPlan.NONE;
        private Map<UUID, Device> devices = Map.of();
        private ReplayListener listener = ReplayListener.NONE;
        private Duration interval = DEFAULT_PROGRESS_INTERVAL;
        private ReplayClock clock = ReplayClock.SYSTEM;
        private Halter halter = Halter.runtime();

        private Builder(Mirror mirror, WorkloadSource source) {
            if (mirror == null || source == null) {
                throw new IllegalArgumentException("a replay needs a mirror and a workload");
            }
            this.mirror = mirror;
            this.source = source;
        }

        /** Ignore trace timestamps: as fast as the mirror goes (the default). */
        public Builder maxRate() {
            this.speed = 0;
            return this;
        }

        /** Honour trace timestamps, {@code factor} times faster (2) or slower (0.5); untimed operations still go at once. */
        public Builder speed(double factor) {
            this.speed = factor;
            return this;
        }

        /** At most {@code writesPerSecond} writes a second; 0 for no limit. */
        public Builder rateLimit(double writesPerSecond) {
            this.rateLimit = writesPerSecond;
            return this;
        }

        public Builder queueDepth(int depth) {
            this.queueDepth = depth;
            return this;
        }

        /** Writers at once, each with its own tag generator (ids 1 to n); write i goes to writer i mod n. */
        public Builder writers(int n) {
            this.writers = n;
            return this;
        }

        /** Stop after {@code writes} data writes; negative for no limit. */
        public Builder limit(long writes) {
            this.limit = writes;
            return this;
        }

        /** Seed of the written data. */
        public Builder seed(long dataSeed) {
            this.seed = dataSeed;
            return this;
        }

        /** Faults to inject, {@linkplain FaultPlan#resolve resolved} against the mirror. */
        public Builder faults(FaultPlan plan) {
            this.faults = plan == null ? FaultPlan.NONE : plan;
            return this;
        }

        /** The mirror's open devices; needed to tear a write on one of them. */
        public Builder devices(Collection<? extends Device> open) {
            Map<UUID, Device> byUuid = new LinkedHashMap<>();
            for (Device d : open) {
                byUuid.put(d.uuid(), d);
            }
            this.devices = byUuid;
            return this;
        }

        public Builder listener(ReplayListener progressListener) {
            this.listener = progressListener == null ? ReplayListener.NONE : progressListener;
            return this;
        }

        /** How often progress is reported (default 250 ms). */
        public Builder progressInterval(Duration every) {
            this.interval = every;
            return this;
        }

        public Builder clock(ReplayClock replayClock) {
            this.clock = replayClock;
            return this;
        }

        /** What ends the process after an injected crash (default: halt the JVM). */
        public Builder halter(Halter crashHalter) {
            this.halter = crashHalter;
            return this;
        }

        public Replayer build() throws TagMirrorException {
            if (queueDepth < 1 || queueDepth > MAX_QUEUE_DEPTH) {
                throw new TagMirrorException("the queue depth must be from 1 to " + MAX_QUEUE_DEPTH + ", not " + queueDepth);
            }
            if (writers < 1 || writers > MAX_WRITERS) {
                throw new TagMirrorException("the number of writers must be from 1 to " + MAX_WRITERS + ", not " + writers);
            }
            if (!(speed >= 0) || Double.isInfinite(speed)) {
                throw new TagMirrorException("the speed must be a positive factor such as 0.5, 1 or 10, not " + speed);
            }
            if (!(rateLimit >= 0) || Double.isInfinite(rateLimit)) {
                throw new TagMirrorException("the rate limit must be a positive number of writes a second, not " + rateLimit);
            }
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the progress interval must be positive");
            }
            if (clock == null || halter == null) {
                throw new IllegalArgumentException("a clock and a halter are required");
            }
            faults.validate();
            return new Replayer(this);
        }
    }

    /** Stops dispatching until {@link #resume()}; writes in flight finish. */
    public void pause() {
        paused = true;
        signal();
    }

    public void resume() {
        paused = false;
        signal();
    }

    /** Ends the replay after the writes in flight; the mirror is then flushed, as at a normal end. */
    public void stop() {
        stopRequested = true;
        signal();
    }

    public boolean isPaused() {
        return paused;
    }

    public boolean isStopping() {
        return stopRequested;
    }

    /** Data writes completed so far. */
    public long writesDone() {
        return writesDone.get();
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replays the workload to its end (or the limit, a stop, or an injected crash) and returns what was
     * done. Ends with a flush unless the host crashed; a replay without faults leaves the mirror in sync.
     *
     * @throws IOException when the workload is unreadable or a write fails on every device; writes in
     *     flight are finished first
     */
    public RunSummary run() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a replayer runs once");
        }
        FaultInjector injector = new FaultInjector(mirror, faults, devices, this::record);
        TagGenerator[] generators = new TagGenerator[writers];
        for (int i = 0; i < writers; i++) {
            generators[i] = mirror.generator(i + 1);
        }
        startNanos = clock.nanoTime();
        lastReportNanos = startNanos;
        nextReport = startNanos + intervalNanos;
        long number = 0;
        boolean crashed = false;
        boolean stopped = false;
        ExecutorService pool = Executors.newFixedThreadPool(queueDepth, threads());
        try {
            while (true) {
                throwIfFailed();
                waitWhilePaused();
                if (stopRequested) {
                    stopped = true;
                    break;
                }
                if (limit >= 0 && number >= limit) {
                    break;
                }
                Optional<WorkloadOp> next = source.next();
                if (next.isEmpty()) {
                    break;
                }
                WorkloadOp op = next.get();
                pace(op, number);
                if (stopRequested) {
                    stopped = true;
                    break;
                }
                if (op.kind() == WorkloadOp.Kind.FLUSH) {
                    drain();
                    throwIfFailed();
                    mirror.flush();
                    flushes++;
                    maybeReport();
                    continue;
                }
                check(op);
                TagGenerator generator = generators[(int) (number % writers)];
                if (injector.actsAt(number)) {
                    drain();
                    throwIfFailed();
                    injector.beforeWrite(number);
                    if (injector.crashesAt(number)) {
                        injector.crash(number, op, generator, WriteData.of(seed, number, (int) op.length()));
                        crashed = true;
                        break;
                    }
                    List<Fault.Tear> tears = injector.tearsAt(number);
                    if (!tears.isEmpty()) {
                        ByteBuffer data = WriteData.of(seed, number, (int) op.length());
                        long t0 = System.nanoTime();
                        injector.tear(number, op, generator, data, tears);
                        completed(op.length(), System.nanoTime() - t0);
                        number++;
                        maybeReport();
                        continue;
                    }
                }
                dispatch(pool, op, number, generator);
                number++;
                maybeReport();
            }
            drain();
            throwIfFailed();
            if (!crashed) {
                mirror.flush();
                flushes++;
            }
        } finally {
            // Whatever happened, no write of this replay may still run once the caller gets control back.
            drain();
            pool.shutdown();
            awaitTermination(pool);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        long end = clock.nanoTime();
        report(end, true);
        long seconds = end - startNanos;
        Map<String, Long> entriesLeft = new LinkedHashMap<>();
        for (ReplayProgress.DeviceEntries d : entries()) {
            entriesLeft.put(d.location(), d.entries());
        }
        long writes = writesDone.get();
        double secs = seconds / 1e9;
        RunSummary summary = new RunSummary(mirror.name(), source.description(), mirror.durability().label(), writers,
                queueDepth, seed, writes, bytesDone.get(), flushes, secs, secs > 0 ? writes / secs : 0,
                LatencySummary.of(overall), applied, injector.notReached(), entriesLeft, source.skippedLines(), stopped,
                crashed);
        if (crashed) {
            halter.halt(summary);
        }
        return summary;
    }

    private void check(WorkloadOp op) throws IOException {
        if (op.length() > MAX_WRITE_BYTES) {
            throw new TagMirrorException("operation at line " + op.lineNumber() + " writes " + op.length()
                    + " bytes; a replay writes at most " + MAX_WRITE_BYTES + " bytes at once");
        }
        if (op.kind() == WorkloadOp.Kind.WRITE && op.end() > mirror.sizeBytes()) {
            // An append still in flight may be about to make room for it, as in a sequential replay.
            drain();
            throwIfFailed();
        }
        if (op.kind() == WorkloadOp.Kind.WRITE && op.end() > mirror.sizeBytes()) {
            throw new TagMirrorException("operation at line " + op.lineNumber() + " writes up to byte " + op.end()
                    + ", past the end of mirror " + mirror.name() + " (" + mirror.sizeBytes() + " bytes)");
        }
    }

    /** Sends one write (or append) to the pool once it has room and no write in flight overlaps it. */
    private void dispatch(ExecutorService pool, WorkloadOp op, long number, TagGenerator generator) throws IOException {
        int bs = mirror.blockSize();
        boolean append = op.kind() == WorkloadOp.Kind.APPEND;
        long first;
        long end;
        if (append) {
            // The mirror places an append at its current end: order it after everything in flight, and
            // hold back whatever could touch what it adds until it is done.
            drain();
            throwIfFailed();
            first = mirror.lengthBlocks();
            end = Long.MAX_VALUE;
        } else {
            first = op.offset() / bs;
            end = ceilDiv(op.end(), bs);
        }
        if (!reserve(first, end)) {
            throwIfFailed();
        }
        int length = (int) op.length();
        long offset = op.offset();
        long from = first;
        try {
            pool.execute(() -> {
                Throwable error = null;
                long nanos = 0;
                try {
                    ByteBuffer data = WriteData.of(seed, number, length);
                    long t0 = System.nanoTime();
                    if (append) {
                        mirror.append(generator, data);
                    } else {
                        mirror.write(generator, offset, data);
                    }
                    nanos = System.nanoTime() - t0;
                } catch (Throwable e) {
                    error = e;
                }
                finished(from, length, nanos, error);
            });
        } catch (RuntimeException e) {
            finished(from, length, 0, e);
            throw e;
        }
    }

    /** Waits for room and no overlap, then claims blocks {@code [first, end)}; false when a write failed meanwhile. */
    private boolean reserve(long first, long end) {
        while (true) {
            lock.lock();
            try {
                if (failure != null) {
                    return false;
                }
                if (inFlight < queueDepth && !ranges.overlaps(first, end)) {
                    ranges.add(first, end);
                    inFlight++;
                    return true;
                }
                awaitChange();
            } finally {
                lock.unlock();
            }
            maybeReport();
        }
    }

    private void finished(long first, long length, long nanos, Throwable error) {
        if (error == null) {
            completed(length, nanos);
        }
        lock.lock();
        try {
            ranges.remove(first);
            inFlight--;
            if (error != null && failure == null) {
                failure = error;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void completed(long length, long nanos) {
        latency.recordValue(Math.max(0, nanos));
        bytesDone.addAndGet(length);
        writesDone.incrementAndGet();
    }

    /** Waits until no write is in flight. */
    private void drain() {
        while (true) {
            lock.lock();
            try {
                if (inFlight == 0) {
                    return;
                }
                awaitChange();
            } finally {
                lock.unlock();
            }
            maybeReport();
        }
    }

    /** Waits on {@link #changed} for a while; an interrupt stops the replay (orderly) rather than abandoning writes. */
    private void awaitChange() {
        try {
            changed.awaitNanos(waitNanos());
        } catch (InterruptedException e) {
            interrupted = true;
            stopRequested = true;
        }
    }

    private long waitNanos() {
        return Math.max(MIN_WAIT_NANOS, Math.min(intervalNanos, MAX_WAIT_NANOS));
    }

    private void throwIfFailed() throws IOException {
        Throwable e;
        lock.lock();
        try {
            e = failure;
        } finally {
            lock.unlock();
        }
        if (e == null) {
            return;
        }
        if (e instanceof IOException io) {
            throw io;
        }
        if (e instanceof UncheckedIOException u) {
            throw u.getCause();
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new IOException(e);
    }

    /** Waits until {@code op} is due: its trace time divided by the speed, and the rate limit's slot. */
    private void pace(WorkloadOp op, long number) {
        if (speed > 0 && op.timestampNanos() >= 0 && firstTimestamp < 0) {
            firstTimestamp = op.timestampNanos();
        }
        while (true) {
            waitWhilePaused();
            if (stopRequested) {
                return;
            }
            long due = Long.MIN_VALUE;
            if (speed > 0 && op.timestampNanos() >= 0) {
                due = startNanos + pausedNanos + (long) ((op.timestampNanos() - firstTimestamp) / speed);
            }
            if (rateLimit > 0 && op.kind() != WorkloadOp.Kind.FLUSH) {
                due = Math.max(due, startNanos + pausedNanos + (long) (number * 1e9 / rateLimit));
            }
            long now = clock.nanoTime();
            if (now >= due) {
                return;
            }
            try {
                clock.sleep(Math.min(due - now, waitNanos()));
            } catch (InterruptedException e) {
                interrupted = true;
                stopRequested = true;
            }
            maybeReport();
        }
    }

    private void waitWhilePaused() {
        if (!paused || stopRequested) {
            return;
        }
        long pausedAt = clock.nanoTime();
        report(pausedAt, false);
        while (paused && !stopRequested) {
            lock.lock();
            try {
                if (paused && !stopRequested) {
                    awaitChange();
                }
            } finally {
                lock.unlock();
            }
            maybeReport();
        }
        // Paced replays continue where they were, not rushing to catch up the paused time.
        pausedNanos += clock.nanoTime() - pausedAt;
    }

    private void record(AppliedFault fault) {
        applied.add(fault);
        try {
            listener.faultApplied(fault);
        } catch (RuntimeException e) {
            // a broken view must never break a replay
        }
    }

    private void maybeReport() {
        long now = clock.nanoTime();
        if (now >= nextReport) {
            report(now, false);
            nextReport = now + intervalNanos;
        }
    }

    private void report(long now, boolean finished) {
        Histogram interval = latency.getIntervalHistogram();
        overall.add(interval);
        long writes = writesDone.get();
        long bytes = bytesDone.get();
        double seconds = (now - lastReportNanos) / 1e9;
        double writesPerSecond = seconds > 0 ? (writes - lastReportWrites) / seconds : 0;
        double bytesPerSecond = seconds > 0 ? (bytes - lastReportBytes) / seconds : 0;
        lastReportNanos = now;
        lastReportWrites = writes;
        lastReportBytes = bytes;
        ReplayProgress progress = new ReplayProgress(now - startNanos, writes, bytes, flushes, writesPerSecond,
                bytesPerSecond, LatencySummary.of(interval), LatencySummary.of(overall), entries(), paused, finished);
        try {
            listener.progress(progress);
        } catch (RuntimeException e) {
            // a broken view must never break a replay
        }
    }

    /** Each device's tag table size; a table that cannot be counted shows -1 rather than stopping the replay. */
    private List<ReplayProgress.DeviceEntries> entries() {
        List<ReplayProgress.DeviceEntries> out = new ArrayList<>();
        try {
            for (MemberStatus s : mirror.status()) {
                out.add(new ReplayProgress.DeviceEntries(s.location(), s.online(), s.entries()));
            }
        } catch (IOException e) {
            for (UUID uuid : mirror.definition().devices()) {
                Device d = devices.get(uuid);
                out.add(new ReplayProgress.DeviceEntries(d == null ? uuid.toString() : d.location(), false, -1));
            }
        }
        return out;
    }

    private static void awaitTermination(ExecutorService pool) {
        boolean interruptedHere = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interruptedHere = true;
            }
        }
        if (interruptedHere) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "tagmirror-replay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
