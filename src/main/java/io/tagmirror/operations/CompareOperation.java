package io.tagmirror.operations;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Reports;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/** Compare: what differs between a mirror's devices, from their tag tables and the data they name. Changes no data. */
public final class CompareOperation {

    private CompareOperation() {
    }

    /**
     * A compare's result.
     *
     * @param report the engine's report
     * @param figures its JSON shape, as {@code --json} prints it and the history keeps it
     * @param mirror the mirror object it was made on: a repair by this report needs that same object
     * @param offline the members it could not read, with why: it speaks only for the others
     */
    public record Compared(CompareReport report, Map<String, Object> figures, Mirror mirror, Map<UUID, String> offline) {
    }

    /** Compares and records the compare in the history. */
    public static Compared run(AssembledMirror on, TaskMonitor monitor) throws IOException {
        Compared c = unrecorded(on, monitor);
        on.workspace().recordHistory(HistoryKind.COMPARE, on.name(), outcome(c), c.figures());
        return c;
    }

    /** The history outcome: a mirror with a device offline is degraded, whatever the others agree on. */
    public static Outcome outcome(Compared c) {
        Outcome outcome = Reports.compareOutcome(c.report());
        return outcome == Outcome.IN_SYNC && !c.offline().isEmpty() ? Outcome.DEGRADED : outcome;
    }

    /** Compares without a history entry: the first half of a repair, which the repair's own entry covers. */
    public static Compared unrecorded(AssembledMirror on, TaskMonitor monitor) throws IOException {
        Mirror mirror = on.mirror();
        CompareReport report = mirror.compare(monitor);
        Map<UUID, String> offline = on.offline();
        Map<String, Object> figures = Reports.compare(report, on.locationNames(), mirror.sizeBytes());
        figures.put("offline", Reports.offline(offline, on.locationNames()));
        return new Compared(report, figures, mirror, offline);
    }
}
