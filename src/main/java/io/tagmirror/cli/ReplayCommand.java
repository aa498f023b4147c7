package io.tagmirror.cli;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.Failures;
import io.tagmirror.operations.ReplayOperation;
import io.tagmirror.workload.pattern.BlockSizeRange;
import io.tagmirror.workload.pattern.PatternKind;
import io.tagmirror.workload.pattern.SyntheticPattern;
import io.tagmirror.workload.replay.DeviceResolver;
import io.tagmirror.workload.replay.FaultPlan;
import io.tagmirror.workload.replay.Halter;
import io.tagmirror.workload.replay.ReplayListener;
import io.tagmirror.workload.replay.ReplayProgress;
import io.tagmirror.workload.replay.Replayer;
import io.tagmirror.workload.replay.RunSummary;
import io.tagmirror.workload.replay.WorkloadSource;
import io.tagmirror.workload.trace.TraceFit;
import io.tagmirror.workload.trace.TraceFormat;
import io.tagmirror.workload.trace.TraceOptions;
import io.tagmirror.workload.trace.TraceReaders;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tagmirror replay}: drives a trace or a synthetic pattern against a mirror, optionally
 * injecting faults (host crash, device offline, torn write) to make divergence on purpose.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a trace (--trace) or a synthetic pattern (--pattern) against mirror NAME.",
                "Faults make the devices differ on purpose; compare and repair then mend them.",
                "Writes are numbered from 0 in trace order (reads and flushes are not numbered)."})
final class ReplayCommand implements Callable<Integer> {
    private static final long DEFAULT_COUNT = 10_000;

    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--trace", paramLabel = "FILE", description = "trace to replay: fio iolog, blkparse text or MSR CSV")
    Path trace;
    @Option(names = "--pattern", paramLabel = "KIND", description = "synthetic workload: random, sequential, zipf, append or mix")
    String pattern;

    @Option(names = "--format", paramLabel = "FORMAT", description = "fio, blkparse or msr (default: told from the file)")
    String format;
    @Option(names = "--fit", paramLabel = "MODE",
            description = "a trace reaching past the mirror: refuse (default), wrap or scale")
    String fit;
    @Option(names = "--skip-malformed", description = "skip and count malformed trace lines instead of stopping")
    boolean skipMalformed;
    @Option(names = "--completed", description = "blkparse: replay completion (C) events instead of queue (Q) events")
    boolean completed;
    @Option(names = "--host", paramLabel = "H", description = "MSR: only this host")
    String host;
    @Option(names = "--disk", paramLabel = "N", description = "MSR: only this disk number")
    Integer disk;
    @Option(names = "--file", paramLabel = "NAME", description = "only operations on this trace file or device (repeatable)")
    List<String> files = new ArrayList<>();

    @Option(names = "--count", paramLabel = "N", description = "pattern: operations to make (default " + DEFAULT_COUNT + ")")
    Long count;
    @Option(names = "--bs", paramLabel = "SIZE", converter = SizeOptions.WriteSizes.class,
            description = "pattern: write size, e.g. 4k, or a range, e.g. 4k-64k (default 4k)")
    BlockSizeRange bs;
    @Option(names = "--zipf-skew", paramLabel = "S", description = "pattern zipf: skew, 0 or more (default 0.99)")
    Double zipfSkew;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the pattern and of the written data (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--limit", paramLabel = "N", description = "stop after N data writes")
    Long limit;
    @Option(names = "--speed", paramLabel = "X", description = "honour trace timestamps, X times as fast (0.5 is half speed)")
    Double speed;
    @Option(names = "--max-rate", description = "ignore trace timestamps: as fast as the mirror goes (the default)")
    boolean maxRate;
    @Option(names = "--rate-limit", paramLabel = "W", description = "at most W writes per second")
    Double rateLimit;
    @Option(names = "--writers", paramLabel = "N", defaultValue = "1", description = "writers at once, each with its own tag generator (default ${DEFAULT-VALUE})")
    int writers;
    @Option(names = "--queue-depth", paramLabel = "N", defaultValue = "" + Replayer.DEFAULT_QUEUE_DEPTH,
            description = "writes in flight at most (default ${DEFAULT-VALUE})")
    int queueDepth;
    @Option(names = "--durability", paramLabel = "MODE", defaultValue = "power-safe", description = "power-safe (default) or crash-safe")
    String durability;

    @Option(names = "--crash-after", paramLabel = "N",
            description = "the host crashes in write N: its entry reaches every device, its data only the first; the process then ends")
    String crashAfter;
    @Option(names = "--offline", paramLabel = "DIR:FROM:TO", description = "device DIR misses writes FROM to TO-1 (repeatable)")
    List<String> offline = new ArrayList<>();
    @Option(names = "--tear", paramLabel = "N:DIR", description = "write N lands only half on device DIR (repeatable)")
    List<String> tears = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        checkOptions();
        DurabilityMode mode = DurabilityMode.parse(durability);
        FaultPlan plan = FaultPlan.parse(crashAfter, offline, tears);
        TraceFormat traceFormat = format == null ? null : TraceFormat.parse(format);
        TraceFit.Fit fitMode = fit == null ? TraceFit.Fit.REFUSE : TraceFit.Fit.parse(fit);
        PatternKind kind = pattern == null ? null : PatternKind.parse(pattern);
        BlockSizeRange sizes = bs == null ? BlockSizeRange.of(4096) : bs;
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = common.openWorkspace(); OpenMirror om = OpenMirror.open(ws, name, mode, false)) {
            AssembledMirror on = AssembledMirror.of(ws, om);
            Mirror mirror = om.mirror();
            FaultPlan resolved = plan.resolve(mirror, resolver(ws));
            ProgressLine progress = new ProgressLine(common.json);
            try (WorkloadSource source = kind != null ? patternSource(kind, sizes, mirror)
                    : traceSource(traceFormat, fitMode, mirror)) {
                ReplayOperation.Prepared prepared = ReplayOperation.prepare(on, source);
                Replayer.Builder builder = prepared.builder()
                        .queueDepth(queueDepth)
                        .writers(writers)
                        .seed(seed)
                        .limit(limit == null ? -1 : limit)
                        .rateLimit(rateLimit == null ? 0 : rateLimit)
                        .faults(resolved)
                        .listener(progress)
                        .halter(atCrash -> {
                            // Record and print what happened first: after the halt nothing runs, as in a real crash.
                            progress.finish();
                            try {
                                finish(on, prepared, out, atCrash);
                            } catch (IOException | RuntimeException e) {
                                spec.commandLine().getErr().println("tagmirror: the replay summary was not recorded: "
                                        + Failures.describe(e));
                            }
                            spec.commandLine().getErr().flush();
                            System.out.flush();
                            System.err.flush();
                            Halter.runtime().halt(atCrash);
                        });
                if (speed != null) {
                    builder.speed(speed);
                }
                RunSummary summary;
                try {
                    summary = builder.build().run();
                } finally {
                    progress.finish();
                }
                finish(on, prepared, out, summary);
                return (summary.crashed() ? ExitCode.CRASHED : ExitCode.OK).code();
            }
        }
    }

    /** Records the run in the history and prints it. */
    private void finish(AssembledMirror on, ReplayOperation.Prepared prepared, PrintWriter out, RunSummary summary)
            throws IOException {
        ReplayOperation.Replayed replayed = ReplayOperation.record(on, prepared, summary, Map.of());
        common.print(out, replayed.figures(), summary.text()
                + (prepared.degraded() ? "\n  the mirror was degraded: a device could not be opened" : ""));
    }

    /** Refuses contradictory options before anything is opened. */
    private void checkOptions() throws TagMirrorException {
        if ((trace == null) == (pattern == null)) {
            throw new TagMirrorException("give exactly one of --trace FILE or --pattern KIND");
        }
        if (speed != null && maxRate) {
            throw new TagMirrorException("give --speed X or --max-rate, not both");
        }
        if (speed != null && !(speed > 0 && !speed.isInfinite())) {
            throw new TagMirrorException("--speed must be a positive factor such as 0.5, 1 or 10, not " + speed);
        }
        if (rateLimit != null && !(rateLimit > 0 && !rateLimit.isInfinite())) {
            throw new TagMirrorException("--rate-limit must be a positive number of writes per second, not " + rateLimit);
        }
        if (limit != null && limit < 0) {
            throw new TagMirrorException("--limit must be 0 or more, not " + limit);
        }
        if (pattern != null) {
            List<String> traceOnly = new ArrayList<>();
            addIf(traceOnly, format != null, "--format");
            addIf(traceOnly, fit != null, "--fit");
            addIf(traceOnly, skipMalformed, "--skip-malformed");
            addIf(traceOnly, completed, "--completed");
            addIf(traceOnly, host != null, "--host");
            addIf(traceOnly, disk != null, "--disk");
            addIf(traceOnly, !files.isEmpty(), "--file");
            addIf(traceOnly, speed != null, "--speed");
            if (!traceOnly.isEmpty()) {
                throw new TagMirrorException(String.join(", ", traceOnly) + " appl" + (traceOnly.size() == 1 ? "ies" : "y")
                        + " to --trace only; a pattern has no trace lines or timing");
            }
            if (count != null && count < 0) {
                throw new TagMirrorException("--count must be 0 or more, not " + count);
            }
        } else {
            List<String> patternOnly = new ArrayList<>();
            addIf(patternOnly, count != null, "--count");
            addIf(patternOnly, bs != null, "--bs");
            addIf(patternOnly, zipfSkew != null, "--zipf-skew");
            if (!patternOnly.isEmpty()) {
                throw new TagMirrorException(String.join(", ", patternOnly) + " appl" + (patternOnly.size() == 1 ? "ies" : "y")
                        + " to --pattern only; use --limit to replay part of a trace");
            }
        }
    }

    private static void addIf(List<String> list, boolean condition, String option) {
        if (condition) {
            list.add(option);
        }
    }

    private WorkloadSource patternSource(PatternKind kind, BlockSizeRange sizes, Mirror mirror) throws TagMirrorException {
        SyntheticPattern p = SyntheticPattern.create(kind, mirror.sizeBytes(), mirror.blockSize(), sizes, seed,
                count == null ? DEFAULT_COUNT : count, zipfSkew == null ? SyntheticPattern.DEFAULT_ZIPF_SKEW : zipfSkew);
        return WorkloadSource.pattern(p);
    }

    private WorkloadSource traceSource(TraceFormat traceFormat, TraceFit.Fit fitMode, Mirror mirror) throws IOException {
        TraceOptions options = TraceOptions.defaults()
                .withSkipMalformed(skipMalformed)
                .withBlkparseCompleted(completed)
                .withFileFilter(Set.copyOf(files))
                .withHost(host)
                .withDisk(disk);
        // Opening first checks the file and the options against its format, before the fit reads it through.
        TraceReaders.open(trace, traceFormat, options).close();
        TraceFit traceFit = TraceFit.prepare(trace, traceFormat, options, fitMode, mirror.sizeBytes(), mirror.blockSize());
        return WorkloadSource.trace(TraceReaders.open(trace, traceFormat, options), traceFit);
    }

    /** A device directory to its uuid: as the workspace knows it, else from the device's own descriptor. */
    private static DeviceResolver resolver(Workspace ws) {
        return dir -> {
            for (Workspace.KnownDevice d : ws.devices()) {
                if (samePlace(d.path(), dir)) {
                    return d.uuid();
                }
            }
            return DeviceResolver.byDescriptor().resolve(dir);
        };
    }

    private static boolean samePlace(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The replay's one-line progress display on the terminal's error stream, as {@link TerminalProgress}
     * draws other commands' progress: only when a terminal is attached and no JSON was asked for.
     */
    private static final class ProgressLine implements ReplayListener {
        private final PrintStream err = System.err;
        private final boolean enabled;
        private boolean drawn;

        ProgressLine(boolean quiet) {
            this.enabled = !quiet && System.console() != null;
        }

        @Override
        public void progress(ReplayProgress p) {
            if (!enabled || p.finished()) {
                return;
            }
            StringBuilder tables = new StringBuilder();
            for (ReplayProgress.DeviceEntries d : p.devices()) {
                tables.append(tables.length() == 0 ? "" : "/").append(d.online() ? Long.toString(d.entries()) : "off");
            }
            err.print(String.format(Locale.ROOT, "\rreplay%s: %s, %.0f writes/s, %.1f MB/s, p99 %d us, entries %s   ",
                    p.paused() ? " (paused)" : "", Plural.of(p.writes(), "write", "writes"), p.writesPerSecond(), p.megabytesPerSecond(),
                    p.interval().p99(), tables));
            err.flush();
            drawn = true;
        }

        void finish() {
            if (drawn) {
                err.print("\r\033[K");
                err.flush();
                drawn = false;
            }
        }
    }
}
