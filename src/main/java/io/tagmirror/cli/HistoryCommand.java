package io.tagmirror.cli;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tagmirror history}: every compare, repair, verify and replay the workspace recorded. */
@Command(name = "history", description = "Show the workspace's history, newest first.", mixinStandardHelpOptions = true)
final class HistoryCommand implements Callable<Integer> {
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
            List<Map<String, Object>> rows = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (Workspace.HistoryEntry h : ws.history(name, limit)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", h.id());
                row.put("time", h.time());
                row.put("kind", h.kind());
                row.put("mirror", h.mirror());
                row.put("result", h.result());
                row.put("figures", Json.MAPPER.readTree(h.figures()));
                rows.add(row);
                text.append(h.time()).append("  ").append(h.kind()).append("  ").append(h.mirror()).append("  ")
                        .append(h.result()).append('\n');
            }
            common.print(spec.commandLine().getOut(), Map.of("history", rows),
                    rows.isEmpty() ? "no history yet" : text.toString().stripTrailing());
        }
        return 0;
    }
}
