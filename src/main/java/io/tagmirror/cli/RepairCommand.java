package io.tagmirror.cli;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Reports;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tagmirror repair}: compares, then copies what differs. Without {@code --yes} it only says
 * what it would overwrite.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Compare mirror NAME and copy the ranges that differ (needs --yes).",
                "Without --yes it exits 0 after saying what it would copy; with --yes it exits 5 when conflicts"
                        + " are left (choose a --policy) and 6 when it was stopped before the end."})
final class RepairCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "NAME")
    String name;
    @Option(names = "--yes", description = "really copy; without it, show what would be copied and change nothing")
    boolean yes;
    @Option(names = "--policy", paramLabel = "newest-sequence|prefer:DIR",
            description = "how to settle conflicts; without it conflicts are left for you")
    String policy;

    @Override
    public Integer call() throws Exception {
        try (Workspace ws = common.openWorkspace(); OpenMirror om = OpenMirror.open(ws, name, DurabilityMode.POWER_SAFE, false)) {
            RepairPolicy p = parsePolicy(policy, ws);
            TerminalProgress progress = common.progress();
            Map<UUID, String> locations = om.locations(ws);
            try {
                CompareReport report = om.mirror().compare(progress);
                if (!yes) {
                    Map<String, Object> plan = new LinkedHashMap<>(Reports.compare(report, locations, om.mirror().sizeBytes()));
                    plan.put("dryRun", true);
                    plan.put("bytesCopied", 0);
                    common.print(spec.commandLine().getOut(), plan, CompareCommand.text(report, locations) + "\n"
                            + nextStep(report));
                    return 0;
                }
                RepairReport repair = om.mirror().repair(report, p, progress);
                Map<String, Object> json = Reports.repair(repair, locations);
                ws.recordHistory(HistoryKind.REPAIR, name, Reports.repairOutcome(repair), json);
                common.print(spec.commandLine().getOut(), json, "copied " + ByteSize.format(repair.bytesCopied()) + " in "
                        + Plural.of(repair.rangesCopied(), "range", "ranges") + ", deleted "
                        + Plural.of(repair.entriesDeleted(), "entry", "entries")
                        + (repair.undecided() > 0 ? "; " + Reports.toDecide(repair.conflictsLeft(), repair.tornNewestLeft())
                        + " left (choose --policy newest-sequence or prefer:DIR)" : "")
                        + (repair.cancelled() ? "; cancelled before the end: run it again" : ""));
                return (repair.cancelled() ? ExitCode.CANCELLED
                        : repair.undecided() > 0 ? ExitCode.CONFLICTS_LEFT : ExitCode.OK).code();
            } finally {
                progress.finish();
            }
        }
    }

    /** What a dry run tells the administrator to do next: never "copy 0 B". */
    static String nextStep(CompareReport report) {
        if (report.inSync()) {
            return report.ranges().isEmpty() ? "nothing to repair: the mirror is in sync"
                    : "nothing to copy: every block the entries name is the same on every device; --yes would only"
                    + " delete those entries (" + Plural.of(report.totalEntries(), "entry", "entries") + ")";
        }
        if (report.bytesToCopy() == 0) {
            return "nothing was changed: only conflicts are left; run again with --yes and --policy newest-sequence or"
                    + " prefer:DIR to settle them";
        }
        return "nothing was changed: run again with --yes to copy " + ByteSize.format(report.bytesToCopy())
                + " onto the targets named above";
    }

    static RepairPolicy parsePolicy(String text, Workspace ws) throws Exception {
        if (text == null || text.isBlank()) {
            return RepairPolicy.NONE;
        }
        if (text.equals("newest-sequence")) {
            return RepairPolicy.NEWEST_SEQUENCE;
        }
        if (text.startsWith("prefer:")) {
            Path dir = Path.of(text.substring("prefer:".length())).toAbsolutePath().normalize();
            for (Workspace.KnownDevice d : ws.devices()) {
                if (d.path().equals(dir)) {
                    return RepairPolicy.prefer(d.uuid());
                }
            }
            throw new TagMirrorException(dir + " is not a device of this workspace (policy prefer:DIR)");
        }
        throw new TagMirrorException("policy is newest-sequence or prefer:DIR, not " + text);
    }
}
