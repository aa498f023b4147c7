package io.tagmirror.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Reports;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tagmirror tags DIR}: the device's tag table, streamed (a table can hold millions of entries). */
@Command(name = "tags", description = "List the tag table entries of device DIR.", mixinStandardHelpOptions = true)
final class TagsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "DIR")
    Path dir;
    @Option(names = "--limit", defaultValue = "-1", description = "list at most this many entries (default: all)")
    long limit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Device d = DeviceAddress.at(dir).inspect()) {
            long total = d.tagTable().count();
            long[] listed = {0};
            if (common.json) {
                try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)
                        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
                    g.writeStartObject();
                    g.writeStringField("device", d.uuid().toString());
                    g.writeStringField("path", d.location());
                    g.writeNumberField("count", total);
                    g.writeArrayFieldStart("entries");
                    d.tagTable().scan((batch, e) -> {
                        if (limit >= 0 && listed[0] >= limit) {
                            return false;
                        }
                        Map<String, Object> row = Reports.entry(e);
                        row.put("batch", batch);
                        Json.MAPPER.writeValue(g, row);
                        listed[0]++;
                        return true;
                    });
                    g.writeEndArray();
                    g.writeEndObject();
                }
                out.println();
            } else {
                out.println(String.format("%-14s %-6s %-12s %-8s %-10s %s", "TAG", "KIND", "FIRST BLOCK", "BLOCKS", "CHECKSUM", "OBJECT"));
                d.tagTable().scan((batch, e) -> {
                    if (limit >= 0 && listed[0] >= limit) {
                        return false;
                    }
                    out.println(line(e));
                    listed[0]++;
                    return true;
                });
                out.println(Plural.of(total, "entry", "entries") + (listed[0] < total ? " (" + listed[0] + " listed)" : ""));
            }
            out.flush();
        }
        return 0;
    }

    private static String line(TagEntry e) {
        return String.format("%-14s %-6s %-12d %-8d %08x   %s", e.tag(), e.kind(), e.firstBlock(), e.blockCount(),
                e.checksum(), e.objectId());
    }
}
