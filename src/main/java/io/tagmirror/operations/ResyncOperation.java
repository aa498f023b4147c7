package io.tagmirror.operations;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.ResyncReport;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Reports;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * Resync: brings a member that came back in sync while the mirror stays in use, at a bounded rate,
 * and keeps it in the history. When it completes, the member is a member like the others again: its
 * "brought back, not yet resynchronised" mark in the catalog goes.
 */
public final class ResyncOperation {
    /**
     * The rate a resync keeps to unless told otherwise: DRBD's {@code c-max-rate} default. md's
     * {@code sync_speed_max} allows 200 MB/s; half of that leaves a client most of a disk's bandwidth.
     */
    public static final long DEFAULT_RATE = 100L << 20;

    private ResyncOperation() {
    }

    /**
     * A resync's result.
     *
     * @param figures its JSON shape, as {@code --json} prints it and the history keeps it
     */
    public record Resynced(ResyncReport report, Map<String, Object> figures) {
    }

    /** The rate as an administrator reads it ("100 MiB/s"). */
    public static String rate(long bytesPerSecond) {
        return ByteSize.format(bytesPerSecond) + "/s";
    }

    /** Resynchronises {@code device} in the calling thread, at most {@code bytesPerSecond}, and records it. */
    public static Resynced run(AssembledMirror on, UUID device, long bytesPerSecond, TaskMonitor monitor)
            throws IOException {
        ResyncReport report = on.mirror().resync(device, bytesPerSecond, monitor);
        Map<String, Object> figures = Reports.resync(report, on.locationNames().getOrDefault(device, device.toString()));
        if (report.completed()) {
            on.workspace().outages().clear(on.mirror().definition().uuid(), device);
        }
        if (report.completed() && report.blocksExamined() == 0 && report.seconds() == 0) {
            return new Resynced(report, figures); // it had missed nothing: nothing happened worth keeping
        }
        Outcome outcome = report.completed() ? Outcome.RESYNCED
                : report.cancelled() ? Outcome.CANCELLED : Outcome.STOPPED;
        on.workspace().recordHistory(HistoryKind.RESYNC, on.name(), outcome, figures);
        return new Resynced(report, figures);
    }
}
