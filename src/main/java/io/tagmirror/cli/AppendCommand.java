package io.tagmirror.cli;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Plural;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.DataOperation;
import io.tagmirror.workspace.MirrorStreams;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Workspace;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tagmirror append}: a file added past the end of the mirror as extension writes; prints the new length. */
@Command(name = "append", description = {"Append the bytes of FILE (--from FILE, '-' for standard input) past the end of"
        + " mirror NAME, as extension writes of at most 1 MiB, and print the mirror's new length.",
        "The last block is padded with zeros: the new length is a whole number of blocks."},
        mixinStandardHelpOptions = true)
final class AppendCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "NAME")
    String name;
    @Option(names = "--from", paramLabel = "FILE", required = true, description = "append the bytes of FILE ('-': standard input)")
    String from;
    @Option(names = "--generator", defaultValue = "1", description = "tag generator id of this writer (default ${DEFAULT-VALUE})")
    long generator;
    @Option(names = "--durability", defaultValue = "power-safe", description = "power-safe or crash-safe")
    String durability;

    @Override
    public Integer call() throws Exception {
        DurabilityMode mode = DurabilityMode.parse(durability);
        try (Workspace ws = common.openWorkspace(); OpenMirror om = OpenMirror.open(ws, name, mode, false);
             MirrorStreams.Input input = WriteCommand.input(from)) {
            AssembledMirror on = AssembledMirror.of(ws, om);
            TerminalProgress progress = new TerminalProgress(common.json);
            MirrorStreams.Appended a = DataOperation.append(on, generator, input, progress);
            progress.finish();
            Map<String, Object> out = DataOperation.figures(on, input, a).figures();
            common.print(spec.commandLine().getOut(), out, "appended " + Plural.of(a.bytes(), "byte", "bytes") + " of " + input.name()
                    + " at offset " + a.offset() + "; mirror " + name + " is now " + Plural.of(a.newLengthBytes(), "byte", "bytes")
                    + (om.unavailable().isEmpty() ? "" : " (degraded: " + Plural.of(om.unavailable().size(), "device", "devices") + " offline)"));
        }
        return 0;
    }
}
