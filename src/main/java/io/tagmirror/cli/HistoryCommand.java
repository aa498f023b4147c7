package io.tagmirror.cli;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.HistorySummaries;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tagmirror history}: every compare, repair, verify, replay and change of members the workspace recorded. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Show the workspace's history, newest first: local time, kind, mirror, result and a summary.",
                "With --json the times are UTC (ISO-8601) and each entry carries its figures."})
final class HistoryCommand implements Callable<Integer> {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "only this mirror")
    String name;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "the newest N entries (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be 1 or more, not " + limit);
        }
        try (Workspace ws = common.openWorkspace()) {
            if (name != null && ws.mirror(name).isEmpty() && ws.history(name, 1).isEmpty()) {
                // A mirror removed from the catalog keeps its history; a name never seen is a typo.
                String known = String.join(", ", ws.mirrors().stream().map(m -> m.name()).toList());
                throw new TagMirrorException("no mirror named '" + name + "' in workspace " + ws.directory()
                        + " and no history of one" + (known.isEmpty() ? "" : "; its mirrors: " + known));
            }
            List<Workspace.HistoryEntry> entries = ws.history(name, limit);
            List<Map<String, Object>> rows = new ArrayList<>();
            List<String[]> lines = new ArrayList<>();
            for (Workspace.HistoryEntry h : entries) {
                String summary = HistorySummaries.summarize(h.kind(), h.figures());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", h.id());
                row.put("time", h.time());
                row.put("kind", h.kind());
                row.put("mirror", h.mirror());
                row.put("result", h.result());
                row.put("summary", summary);
                row.put("figures", Json.MAPPER.readTree(h.figures()));
                rows.add(row);
                lines.add(new String[] {localTime(h.time()), h.kind(), h.mirror() == null ? "" : h.mirror(), h.result(), summary});
            }
            common.print(spec.commandLine().getOut(), Map.of("history", rows),
                    rows.isEmpty() ? "no history yet" : table(lines));
        }
        return ExitCode.OK.code();
    }

    /** The stored UTC time in this machine's zone, to the second; the stored text when it cannot be read. */
    static String localTime(String stored) {
        try {
            return LOCAL.format(Instant.parse(stored).atZone(ZoneId.systemDefault()));
        } catch (DateTimeParseException e) {
            return stored;
        }
    }

    /** Columns padded to their widest cell, the summary last and unpadded. */
    private static String table(List<String[]> lines) {
        int columns = lines.get(0).length;
        int[] width = new int[columns];
        for (String[] line : lines) {
            for (int i = 0; i < columns - 1; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                l.append(i == columns - 1 ? line[i] : String.format(Locale.ROOT, "%-" + width[i] + "s  ", line[i]));
            }
            text.append(l.toString().stripTrailing()).append('\n');
        }
        return text.toString().stripTrailing();
    }
}
