package io.tagmirror.console.replay;

import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.workflow.DeviceNames;
import io.tagmirror.console.workflow.EngineWork;
import io.tagmirror.console.workflow.MirrorAccess;
import io.tagmirror.console.workflow.MirrorLease;
import io.tagmirror.console.workflow.ProgressMeter;
import io.tagmirror.console.workflow.WorkflowMonitor;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.Failures;
import io.tagmirror.operations.ReplayOperation;
import io.tagmirror.workload.replay.AppliedFault;
import io.tagmirror.workload.replay.DeviceResolver;
import io.tagmirror.workload.replay.FaultPlan;
import io.tagmirror.workload.replay.ReplayListener;
import io.tagmirror.workload.replay.ReplayProgress;
import io.tagmirror.workload.replay.Replayer;
import io.tagmirror.workload.replay.RunSummary;
import io.tagmirror.workload.replay.WorkloadSource;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and logic of a workload replay: starts the replay of the form's settings against its mirror
 * off the FX thread, turns the engine's progress reports into bounded chart samples, pauses and stops
 * it, and ends with the run summary and the state the mirror was left in.
 *
 * <p>An injected host crash must not end the console: the replay's halter returns instead, and the
 * mirror is then let go as a crash leaves it and assembled afresh from its devices, as after a restart.
 */
public final class ReplayViewModel {

    /** Chart points kept: two minutes at the engine's 250 ms interval; older points scroll away. */
    public static final int WINDOW = 480;
    private static final String PURPOSE = "a workload replay";

    private final MirrorAccess access;
    private final EngineWork work;
    private final Runnable historyChanged;
    private final ReplayFormViewModel form = new ReplayFormViewModel();

    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(this, "state", RunState.IDLE);
    private final ObservableList<ReplaySample> samples = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ReplaySample> latest = new ReadOnlyObjectWrapper<>(this, "latest");
    private final ObservableList<String> seriesNames = FXCollections.observableArrayList();
    private final ObservableList<AppliedFault> faults = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<RunSummary> summary = new ReadOnlyObjectWrapper<>(this, "summary");
    private final ReadOnlyObjectWrapper<MirrorState> stateAfter = new ReadOnlyObjectWrapper<>(this, "stateAfter");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper finishedMirror = new ReadOnlyStringWrapper(this, "finishedMirror");

    private final ConcurrentLinkedQueue<ReplaySample> pendingSamples = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<AppliedFault> pendingFaults = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicReference<Replayer> replayer = new AtomicReference<>();
    private final AtomicBoolean stopEarly = new AtomicBoolean();
    private final List<Runnable> whenIdle = new ArrayList<>();
    private String running;

    /**
     * @param access where the mirrors come from
     * @param work runs the replay off the FX thread
     * @param historyChanged told after the replay was added to the history
     */
    public ReplayViewModel(MirrorAccess access, EngineWork work, Runnable historyChanged) {
        this.access = Objects.requireNonNull(access, "access");
        this.work = Objects.requireNonNull(work, "work");
        this.historyChanged = Objects.requireNonNull(historyChanged, "historyChanged");
        form.mirrorProperty().addListener((obs, old, name) -> loadDevices(name));
    }

    /** Lists the workspace's mirrors again, keeping the chosen one when it still exists. */
    public void reloadMirrors() {
        work.tasks().submit(BackgroundJob.of("Listing mirrors", p -> access.mirrorNames())
                .onSuccess(names -> {
                    String chosen = form.mirrorProperty().get();
                    // Replacing an equal list would make the mirror box drop its choice for a moment.
                    if (!form.mirrors().equals(names)) {
                        form.mirrors().setAll(names);
                    }
                    if (chosen == null || !names.contains(chosen)) {
                        form.mirrorProperty().set(names.isEmpty() ? null : names.get(0));
                    } else {
                        loadDevices(chosen);
                    }
                })
                .onFailure(e -> error.set("Cannot list the mirrors: " + Failures.describe(e))));
    }

    private void loadDevices(String name) {
        if (name == null) {
            form.devices().clear();
            return;
        }
        work.tasks().submit(BackgroundJob.of("Reading mirror " + name, p -> devicesOf(name))
                .onSuccess(found -> {
                    // Replacing an equal list would clear the faults' device choices for nothing.
                    if (name.equals(form.mirrorProperty().get()) && !form.devices().equals(found)) {
                        form.devices().setAll(found);
                    }
                })
                .onFailure(e -> error.set("Cannot read mirror " + name + ": " + Failures.describe(e))));
    }

    private List<DeviceOption> devicesOf(String name) throws IOException {
        Optional<Workspace> ws = access.workspace();
        if (ws.isEmpty()) {
            return List.of();
        }
        MirrorDefinition def = ws.get().requireMirror(name);
        Map<UUID, Path> paths = new LinkedHashMap<>();
        for (UUID uuid : def.devices()) {
            paths.put(uuid, ws.get().devicePath(uuid).orElse(Path.of(uuid.toString())));
        }
        Map<UUID, String> names = DeviceNames.of(paths);
        List<DeviceOption> out = new ArrayList<>();
        paths.forEach((uuid, path) -> out.add(new DeviceOption(uuid, names.get(uuid), path)));
        return out;
    }

    // ---------------------------------------------------------------- running

    /** What the replay left, for the summary. */
    private record Finished(RunSummary summary, MirrorState after) {
    }

    /** Starts the replay of the form's settings; the form must be valid. */
    public void start() {
        if (state.get().active()) {
            return;
        }
        ReplaySettings settings;
        try {
            settings = form.build();
        } catch (TagMirrorException e) {
            error.set(e.getMessage());
            return;
        }
        error.set(null);
        summary.set(null);
        stateAfter.set(null);
        finishedMirror.set(null);
        samples.clear();
        faults.clear();
        seriesNames.clear();
        latest.set(null);
        pendingSamples.clear();
        pendingFaults.clear();
        stopEarly.set(false);
        replayer.set(null);
        running = settings.mirror();
        state.set(RunState.STARTING);
        WorkflowMonitor monitor = new WorkflowMonitor(new ProgressMeter(), work.ui(), s -> { });
        work.start("Replaying on mirror " + settings.mirror(), monitor, m -> replay(settings, m), this::finished,
                this::failed);
    }

    private Finished replay(ReplaySettings settings, WorkflowMonitor monitor) throws IOException {
        String name = settings.mirror();
        MirrorLease lease = access.lease(name, PURPOSE);
        try {
            Mirror mirror = lease.mirror();
            Map<UUID, Path> locations = lease.locations();
            FaultPlan plan = settings.faults().resolve(mirror, resolver(locations));
            Map<String, String> names = new LinkedHashMap<>();
            Map<UUID, String> shortNames = DeviceNames.of(locations);
            locations.forEach((uuid, path) -> names.put(path.toString(), shortNames.get(uuid)));
            // kept for the history entry: after a crash the lease is given up before the run is recorded
            AssembledMirror held = AssembledMirror.of(lease.workspace(), mirror, lease.locationNames(),
                    lease.unavailable(), lease.openDevices());
            ReplayOperation.Prepared prepared;
            RunSummary run;
            try (WorkloadSource source = settings.open(mirror)) {
                prepared = ReplayOperation.prepare(held, source);
                Replayer r = prepared.builder()
                        .queueDepth(settings.queueDepth())
                        .writers(settings.writers())
                        .seed(settings.seed())
                        .limit(settings.limit())
                        .rateLimit(settings.rateLimit())
                        .faults(plan)
                        .listener(new Listener(names, monitor))
                        // The console must outlive the crash it injects: the replay returns at the crash point.
                        .halter(atCrash -> { })
                        .build();
                replayer.set(r);
                if (stopEarly.get()) {
                    r.stop();
                }
                run = r.run();
            }
            MirrorState after;
            if (run.crashed()) {
                lease.abandonAsCrashed();
                lease = null;
                try (MirrorLease restarted = access.lease(name, PURPOSE)) {
                    after = restarted.mirror().state();
                }
            } else {
                after = mirror.state();
            }
            ReplayOperation.record(held, prepared, run, Map.of("stateAfter", after.label()));
            access.mirrorChanged(name);
            return new Finished(run, after);
        } finally {
            replayer.set(null);
            if (lease != null) {
                lease.close();
            }
        }
    }

    /** Device directories named in the fault plan to their uuids, as the mirror's catalog knows them. */
    private static DeviceResolver resolver(Map<UUID, Path> locations) {
        return dir -> {
            for (Map.Entry<UUID, Path> e : locations.entrySet()) {
                if (e.getValue().toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
                    return e.getKey();
                }
            }
            return DeviceResolver.byDescriptor().resolve(dir);
        };
    }

    private void finished(Finished result) {
        drain();
        stateAfter.set(result.after());
        summary.set(result.summary());
        finishedMirror.set(result.summary().mirror());
        state.set(RunState.FINISHED);
        historyChanged.run();
        idle();
    }

    private void failed(Throwable failure) {
        drain();
        error.set(Failures.describe(failure));
        state.set(RunState.FAILED);
        idle();
    }

    private void idle() {
        running = null;
        List<Runnable> waiting = new ArrayList<>(whenIdle);
        whenIdle.clear();
        waiting.forEach(Runnable::run);
    }

    /** Hears the replay on its dispatching thread and hands samples to the UI thread in batches. */
    private final class Listener implements ReplayListener {
        private final Map<String, String> names;
        private final WorkflowMonitor monitor;
        private boolean named;

        Listener(Map<String, String> names, WorkflowMonitor monitor) {
            this.names = names;
            this.monitor = monitor;
        }

        @Override
        public void progress(ReplayProgress p) {
            if (!named) {
                named = true;
                List<String> series = new ArrayList<>();
                for (ReplayProgress.DeviceEntries d : p.devices()) {
                    series.add(names.getOrDefault(d.location(), Path.of(d.location()).getFileName().toString()));
                }
                work.ui().execute(() -> seriesNames.setAll(series));
            }
            List<Long> entries = new ArrayList<>();
            for (ReplayProgress.DeviceEntries d : p.devices()) {
                entries.add(d.online() ? d.entries() : -1L);
            }
            pendingSamples.add(new ReplaySample(p.elapsedNanos() / 1e9, p.writes(), p.writesPerSecond(),
                    p.megabytesPerSecond(), p.interval().p50(), p.interval().p99(), entries, p.paused()));
            monitor.progress("writes replayed", p.writes(), 0);
            if (monitor.cancelRequested()) {
                Replayer r = replayer.get();
                if (r != null) {
                    r.stop();
                }
            }
            scheduleDrain();
        }

        @Override
        public void faultApplied(AppliedFault fault) {
            pendingFaults.add(named(fault));
            scheduleDrain();
        }

        /** The fault with device directories replaced by the devices' short names, for the log. */
        private AppliedFault named(AppliedFault fault) {
            String detail = fault.detail();
            List<Map.Entry<String, String>> byLength = new ArrayList<>(names.entrySet());
            byLength.sort((a, b) -> b.getKey().length() - a.getKey().length());
            for (Map.Entry<String, String> e : byLength) {
                detail = detail.replace(e.getKey(), e.getValue());
            }
            String device = fault.device() == null ? null : names.getOrDefault(fault.device(), fault.device());
            return new AppliedFault(fault.kind(), fault.write(), device, detail);
        }
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            work.ui().execute(() -> {
                drainScheduled.set(false);
                drain();
            });
        }
    }

    /** Moves the pending samples to the chart list in one batch and keeps only the last {@link #WINDOW}. */
    private void drain() {
        List<ReplaySample> batch = new ArrayList<>();
        for (ReplaySample s; (s = pendingSamples.poll()) != null; ) {
            batch.add(s);
        }
        List<AppliedFault> newFaults = new ArrayList<>();
        for (AppliedFault f; (f = pendingFaults.poll()) != null; ) {
            newFaults.add(f);
        }
        if (!newFaults.isEmpty()) {
            faults.addAll(newFaults);
        }
        if (batch.isEmpty()) {
            return;
        }
        SampleWindow.append(samples, batch, WINDOW);
        ReplaySample last = batch.get(batch.size() - 1);
        latest.set(last);
        if (state.get() == RunState.STARTING) {
            state.set(RunState.RUNNING);
        }
    }

    /** Holds the dispatch of new writes; those in flight finish. */
    public void pause() {
        Replayer r = replayer.get();
        if (r != null && state.get() == RunState.RUNNING) {
            r.pause();
            state.set(RunState.PAUSED);
        }
    }

    public void resume() {
        Replayer r = replayer.get();
        if (r != null && state.get() == RunState.PAUSED) {
            r.resume();
            state.set(RunState.RUNNING);
        }
    }

    /** Ends the replay after the writes in flight; the mirror is then flushed, as at a normal end. */
    public void stop() {
        if (!state.get().active()) {
            return;
        }
        stopEarly.set(true);
        Replayer r = replayer.get();
        if (r != null) {
            r.resume();
            r.stop();
        }
        state.set(RunState.STOPPING);
    }

    /** Whether a replay is under way. */
    public boolean isRunning() {
        return state.get().active();
    }

    /** The mirror the running replay writes to, or null. */
    public String runningMirror() {
        return running;
    }

    /** Stops a running replay and runs {@code whenStopped} on the UI thread once it has ended. */
    public void requestStop(Runnable whenStopped) {
        if (!isRunning()) {
            whenStopped.run();
            return;
        }
        whenIdle.add(whenStopped);
        stop();
    }

    /** Stops a running replay; called when the console closes. */
    public void close() {
        stop();
    }

    // ---------------------------------------------------------------- properties

    public ReplayFormViewModel form() {
        return form;
    }

    /** The form's mirror. */
    public javafx.beans.property.ObjectProperty<String> mirrorProperty() {
        return form.mirrorProperty();
    }

    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The chart points, oldest first, at most {@link #WINDOW}. */
    public ObservableList<ReplaySample> samples() {
        return samples;
    }

    public ReadOnlyObjectProperty<ReplaySample> latestProperty() {
        return latest.getReadOnlyProperty();
    }

    /** The devices' names in the order of {@link ReplaySample#entries()}. */
    public ObservableList<String> seriesNames() {
        return seriesNames;
    }

    /** The faults applied so far, in order. */
    public ObservableList<AppliedFault> faults() {
        return faults;
    }

    /** The summary of the last run, or null. */
    public ReadOnlyObjectProperty<RunSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The state the last run left its mirror in, or null. */
    public ReadOnlyObjectProperty<MirrorState> stateAfterProperty() {
        return stateAfter.getReadOnlyProperty();
    }

    /** The mirror of the last finished run, or null. */
    public ReadOnlyStringProperty finishedMirrorProperty() {
        return finishedMirror.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
