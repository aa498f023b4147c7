package io.tagmirror.cli;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.ConflictSide;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.Verdict;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.CompareOperation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tagmirror compare}: what differs between the devices, from their tag tables. Changes nothing. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare the tag tables (and the data they name) of mirror NAME.",
                "A report: it exits 0 when the devices differ too; read its verdicts (--json: bytesToCopy,"
                        + " conflicts), or use verify, which exits 4 when blocks differ."})
final class CompareCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
        return common.onMirror(name, spec, false, (ws, cm) -> compare(cm.on()));
    }

    private int compare(AssembledMirror on) throws IOException {
        TerminalProgress progress = common.progress();
        CompareOperation.Compared compared;
        try {
            compared = CompareOperation.run(on, progress);
        } finally {
            progress.finish();
        }
        PhaseTrace.print(spec.commandLine().getErr(), "compare", compared.report().phases());
        common.print(spec.commandLine().getOut(), compared.figures(),
                text(compared.report(), on.locationNames(), compared.offline()));
        return 0;
    }

    /** The report as text, every member online. */
    static String text(CompareReport report, Map<UUID, String> locations) {
        return text(report, locations, Map.of());
    }

    /**
     * The report as text. Compare speaks only for the devices it read: with a device offline it says
     * "in sync on the N online devices" and names the others with why, never "in sync" alone.
     */
    static String text(CompareReport report, Map<UUID, String> locations, Map<UUID, String> offline) {
        StringBuilder t = new StringBuilder();
        t.append("mirror ").append(report.mirror()).append(": ");
        String on = offline.isEmpty() ? "" : " on the " + report.devices().size() + " online devices";
        if (report.divergent().isEmpty()) {
            t.append(report.unscrubbed().isEmpty() ? "in sync" + on : "entries agree" + on + " but not in sync")
                    .append(" (").append(Plural.of(report.totalEntries(), "entry", "entries")).append(" compared, ")
                    .append(report.matchedEntries()).append(" matched on every device)");
        } else {
            t.append(Plural.of(report.divergent().size(), "divergent range", "divergent ranges")).append(on).append(", ")
                    .append(ByteSize.format(report.bytesToCopy())).append(" to copy, ")
                    .append(Plural.of(report.conflicts(), "conflict", "conflicts"));
        }
        if (report.tornNewest() > 0) {
            t.append(", ").append(Plural.of(report.tornNewest(), "torn newest write", "torn newest writes"));
        }
        int shown = 0;
        for (DiffRange d : report.divergent()) {
            if (shown++ == 20) {
                t.append("\n  ... (").append(report.divergent().size() - 20).append(" more; use --json for all)");
                break;
            }
            t.append("\n  blocks ").append(d.range()).append("  ").append(d.verdict().label());
            if (d.verdict().copies()) {
                t.append("  ").append(locations.get(d.source())).append(" -> ")
                        .append(String.join(", ", d.targets().stream().map(locations::get).toList()));
            } else if (d.verdict() == Verdict.CONFLICT) {
                t.append("  newest writes of different writers: ").append(sides(d, locations, true));
            } else if (d.verdict() == Verdict.TORN_NEWEST) {
                t.append("  write ").append(d.newest()).append(" is torn: no device's data matches it; ")
                        .append(sides(d, locations, false));
            }
        }
        if (report.undecided() > 0) {
            t.append("\nrepair leaves ").append(report.undecided() == 1 ? "that range" : "those ranges")
                    .append(" until you choose: --policy newest-sequence or prefer:DIR");
        }
        for (UUID u : report.unscrubbed()) {
            t.append("\n  ").append(locations.get(u)).append("  needs a rebuild: no entry describes its data"
                    + " (repair --yes copies the whole volume onto it)");
        }
        offline.forEach((u, why) -> t.append("\n  ").append(locations.get(u)).append("  offline (").append(why).append(")"));
        if (!report.intents().extents().isEmpty()) {
            t.append("\n").append(io.tagmirror.workspace.Reports.readBeside(report));
        }
        return t.toString();
    }

    /** Per device, its newest write for the range ({@code newest}) or what its data matches. */
    private static String sides(DiffRange d, Map<UUID, String> locations, boolean newest) {
        List<String> parts = new ArrayList<>();
        for (ConflictSide s : d.sides()) {
            String where = locations.getOrDefault(s.device(), s.device().toString());
            if (newest) {
                parts.add(s.tags().isEmpty() ? "none on " + where : s.tags().get(0) + " on " + where);
            } else {
                parts.add(where + "'s data " + (s.dataMatches() == null ? "matches none of its entries"
                        : "matches " + s.dataMatches()));
            }
        }
        return String.join(", ", parts);
    }
}
