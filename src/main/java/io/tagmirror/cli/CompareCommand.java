package io.tagmirror.cli;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Plural;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Reports;
import io.tagmirror.workspace.Workspace;
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
        try (Workspace ws = common.openWorkspace(); OpenMirror om = OpenMirror.open(ws, name, DurabilityMode.POWER_SAFE, false)) {
            TerminalProgress progress = new TerminalProgress(common.json);
            CompareReport report;
            try {
                report = om.mirror().compare(progress);
            } finally {
                progress.finish();
            }
            Map<UUID, String> locations = om.locations(ws);
            Map<String, Object> json = Reports.compare(report, locations, om.mirror().sizeBytes());
            ws.recordHistory("compare", name, report.inSync() ? "in-sync"
                    : report.conflicts() > 0 ? "conflicts" : "diverged", json);
            common.print(spec.commandLine().getOut(), json, text(report, locations));
        }
        return 0;
    }

    static String text(CompareReport report, Map<UUID, String> locations) {
        StringBuilder t = new StringBuilder();
        t.append("mirror ").append(report.mirror()).append(": ");
        if (report.inSync()) {
            t.append("in sync (").append(Plural.of(report.totalEntries(), "entry", "entries")).append(" compared, ")
                    .append(report.matchedEntries()).append(" matched on every device)");
            return t.toString();
        }
        t.append(Plural.of(report.divergent().size(), "divergent range", "divergent ranges")).append(", ")
                .append(ByteSize.format(report.bytesToCopy())).append(" to copy, ")
                .append(Plural.of(report.conflicts(), "conflict", "conflicts"));
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
            }
        }
        return t.toString();
    }
}
