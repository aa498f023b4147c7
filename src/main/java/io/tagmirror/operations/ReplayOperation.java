package io.tagmirror.operations;

import io.tagmirror.engine.MemberStatus;
import io.tagmirror.workload.replay.Replayer;
import io.tagmirror.workload.replay.RunSummary;
import io.tagmirror.workload.replay.WorkloadSource;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replay: runs a trace or a synthetic pattern against a mirror, with injected faults, and records the run
 * in the history.
 *
 * <p>Split in two because a face decides what happens between them: the command line records a crash
 * before it halts the process, the console first assembles the mirror again as a restarted host would.
 */
public final class ReplayOperation {

    private ReplayOperation() {
    }

    /**
     * A replay's result.
     *
     * @param run the replayer's summary
     * @param figures its JSON shape, as {@code --json} prints it and the history keeps it
     */
    public record Replayed(RunSummary run, Map<String, Object> figures) {
    }

    /**
     * A replay about to run.
     *
     * @param builder the replayer of the source onto the mirror, its faults reaching the open devices; the
     *                face sets its pace, listener and crash halter
     * @param degraded whether the mirror was degraded before the run (faults injected later do not count)
     */
    public record Prepared(Replayer.Builder builder, boolean degraded) {
    }

    /** Prepares a replay of {@code source} onto the mirror. */
    public static Prepared prepare(AssembledMirror on, WorkloadSource source) throws IOException {
        boolean degraded = !on.offline().isEmpty();
        return new Prepared(Replayer.builder(on.mirror(), source).devices(on.openDevices()), degraded);
    }

    /**
     * Records a finished (or crashed, or stopped) run; {@code after} adds what the face learned after it,
     * e.g. the mirror's state once assembled again.
     */
    public static Replayed record(AssembledMirror on, Prepared prepared, RunSummary run, Map<String, Object> after)
            throws IOException {
        Map<String, Object> figures = new LinkedHashMap<>(run.toMap());
        figures.put("degraded", prepared.degraded());
        figures.putAll(after);
        on.workspace().recordHistory(HistoryKind.REPLAY, on.name(), outcome(run), figures);
        return new Replayed(run, figures);
    }

    /**
     * Leaves the mirror as a crashed host leaves its devices, for a face that can only let go of a mirror
     * by closing it: closing flushes, and a flush of a whole mirror would trim the entries naming the
     * crashed writes. With one member fenced off the mirror is not whole, so that flush trims nothing
     * and the devices keep what the crash left. The fence lives only in this mirror object and goes with
     * it; it is part of the replay, whose entry the history already keeps.
     */
    public static void fenceAfterCrash(AssembledMirror on) throws IOException {
        List<MemberStatus> online = on.mirror().status().stream().filter(MemberStatus::online).toList();
        if (online.size() > 1) {
            on.mirror().takeOffline(online.get(online.size() - 1).device(), "host crash simulated by a replay");
        }
    }

    /** A run's outcome as the history records it. */
    public static Outcome outcome(RunSummary run) {
        return run.crashed() ? Outcome.CRASHED : run.stopped() ? Outcome.STOPPED
                : run.faults().isEmpty() ? Outcome.DONE : Outcome.FAULTS_INJECTED;
    }
}
