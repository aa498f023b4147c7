package io.tagmirror.operations;

import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Reports;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/** Verify: compares every block of a mirror's devices, independent of tags, and records the verdict in the history. */
public final class VerifyOperation {

    private VerifyOperation() {
    }

    /**
     * A verify's result.
     *
     * @param report the engine's report
     * @param figures its JSON shape, as {@code --json} prints it and the history keeps it
     * @param offline the members it could not read, with why: it speaks only for the others
     */
    public record Verified(VerifyReport report, Map<String, Object> figures, Map<UUID, String> offline) {
    }

    /** Verifies and records it. */
    public static Verified run(AssembledMirror on, TaskMonitor monitor) throws IOException {
        VerifyReport v = on.mirror().verify(monitor);
        Map<UUID, String> offline = on.offline();
        Map<String, Object> figures = Reports.verify(v, on.locationNames());
        figures.put("offline", Reports.offline(offline, on.locationNames()));
        on.workspace().recordHistory(HistoryKind.VERIFY, on.name(), outcome(v), figures);
        return new Verified(v, figures, offline);
    }

    /** A verify's outcome as the history records it. */
    public static Outcome outcome(VerifyReport v) {
        return v.cancelled() ? Outcome.CANCELLED : v.identical() ? Outcome.IDENTICAL : Outcome.DIFFERS;
    }
}
