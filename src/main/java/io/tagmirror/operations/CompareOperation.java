package io.tagmirror.operations;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Reports;
import java.io.IOException;
import java.util.Map;

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
     */
    public record Compared(CompareReport report, Map<String, Object> figures, Mirror mirror) {
    }

    /** Compares and records the compare in the history. */
    public static Compared run(AssembledMirror on, TaskMonitor monitor) throws IOException {
        Compared c = unrecorded(on, monitor);
        on.workspace().recordHistory(HistoryKind.COMPARE, on.name(), Reports.compareOutcome(c.report()), c.figures());
        return c;
    }

    /** Compares without a history entry: the first half of a repair, which the repair's own entry covers. */
    public static Compared unrecorded(AssembledMirror on, TaskMonitor monitor) throws IOException {
        Mirror mirror = on.mirror();
        CompareReport report = mirror.compare(monitor);
        return new Compared(report, Reports.compare(report, on.locationNames(), mirror.sizeBytes()), mirror);
    }
}
