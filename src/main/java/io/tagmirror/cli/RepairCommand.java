package io.tagmirror.cli;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.ScrubReport;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.CompareOperation;
import io.tagmirror.operations.RebuildOperation;
import io.tagmirror.operations.RepairOperation;
import io.tagmirror.workspace.Reports;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
        return common.onMirror(name, spec, false, (ws, cm) -> repair(ws, cm.on()));
    }

    private int repair(Workspace ws, AssembledMirror on) throws Exception {
        RepairPolicy p = parsePolicy(policy, ws);
        RebuildOperation.Plan rebuild = RebuildOperation.plan(on,
                p.kind() == RepairPolicy.Kind.PREFER_DEVICE ? p.preferDevice() : null);
        TerminalProgress progress = common.progress();
        Map<UUID, String> locations = on.locationNames();
        try {
            if (!yes) {
                return dryRun(on, rebuild, locations, progress);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            StringBuilder text = new StringBuilder();
            if (!rebuild.isEmpty()) {
                RebuildOperation.Rebuilt rebuilt = RebuildOperation.run(on, rebuild, progress);
                for (Map.Entry<UUID, ScrubReport> e : rebuilt.rebuilt().entrySet()) {
                    text.append("rebuilt ").append(locations.get(e.getKey())).append(" from ")
                            .append(locations.get(rebuild.source())).append(": ").append(e.getValue().blocksCopied())
                            .append(" of ").append(e.getValue().blocksCompared()).append(" blocks copied\n");
                }
                json.put("rebuilt", rebuilt.figures());
                if (rebuilt.cancelled()) {
                    common.print(spec.commandLine().getOut(), json, text + "cancelled before the end: run it again");
                    return ExitCode.CANCELLED.code();
                }
            }
            CompareOperation.Compared compared = CompareOperation.unrecorded(on, progress);
            PhaseTrace.print(spec.commandLine().getErr(), "compare", compared.report().phases());
            RepairOperation.Repaired repaired = RepairOperation.run(on, compared, p, json, progress);
            RepairReport repair = repaired.report();
            PhaseTrace.print(spec.commandLine().getErr(), "repair", repair.phases());
            common.print(spec.commandLine().getOut(), repaired.figures(), text + "copied " + ByteSize.format(repair.bytesCopied())
                    + " in " + Plural.of(repair.rangesCopied(), "range", "ranges") + ", deleted "
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

    /**
     * Says what --yes would do and changes nothing: the rebuilds first, then the compare of the devices
     * online now (when there are two; a rebuild may be what brings the second one).
     */
    private int dryRun(AssembledMirror on, RebuildOperation.Plan rebuild, Map<UUID, String> locations, TerminalProgress progress)
            throws IOException {
        Mirror mirror = on.mirror();
        Map<UUID, String> offline = on.offline();
        Map<String, Object> plan = new LinkedHashMap<>();
        String text;
        String next;
        if (mirror.onlineCount() >= 2 || rebuild.isEmpty()) {
            // with one device online and nothing to rebuild, compare refuses and names the offline ones
            CompareOperation.Compared compared = CompareOperation.unrecorded(on, progress);
            PhaseTrace.print(spec.commandLine().getErr(), "compare", compared.report().phases());
            CompareReport report = compared.report();
            plan.putAll(compared.figures());
            text = CompareCommand.text(report, locations, offline);
            next = !rebuild.isEmpty() ? "nothing was changed: run again with --yes to rebuild, then copy "
                    + ByteSize.format(report.bytesToCopy()) + " onto the targets named above"
                    : report.inSync() && !offline.isEmpty() ? "nothing to repair on the online devices; the offline"
                    + " ones are named above with why"
                    : nextStep(report);
        } else {
            text = "mirror " + name + ": compare follows the rebuild (one device is online now)";
            next = "nothing was changed: run again with --yes to rebuild, then copy what the compare then finds";
        }
        plan.put("offline", Reports.offline(offline, locations));
        plan.put("rebuild", rebuild.figures(locations));
        plan.put("dryRun", true);
        plan.put("bytesCopied", 0);
        common.print(spec.commandLine().getOut(), plan, text + rebuild.describe(locations, mirror.sizeBytes())
                + "\n" + next);
        return ExitCode.OK.code();
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
