package io.tagmirror.cli;

import io.tagmirror.engine.Plural;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.engine.ScrubReport;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.ScrubOperation;
import io.tagmirror.operations.VerifyOperation;
import io.tagmirror.workspace.Workspace;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tagmirror verify}: compares every block of the devices, independent of tags. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compare every block of mirror NAME's devices.",
                "Exits 4 when blocks differ, so a script can trust it; with --repair-from DIR --yes, 0 once the copy is done."})
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "NAME")
    String name;
    @picocli.CommandLine.Option(names = "--repair-from", paramLabel = "DIR",
            description = "make every other device identical to DIR block by block (a scrub: the fallback when a tag table is lost)")
    java.nio.file.Path repairFrom;
    @picocli.CommandLine.Option(names = "--yes", description = "with --repair-from: really copy")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        return common.onMirror(name, spec, false, (ws, cm) -> verify(ws, cm.on()));
    }

    private int verify(Workspace ws, AssembledMirror on) throws Exception {
        if (repairFrom != null && yes) {
            UUID source = RepairCommand.parsePolicy("prefer:" + repairFrom, ws).preferDevice();
            TerminalProgress progress = common.progress();
            ScrubOperation.Scrubbed scrubbed;
            try {
                scrubbed = ScrubOperation.run(on, source, progress);
            } finally {
                progress.finish();
            }
            ScrubReport scrub = scrubbed.report();
            common.print(spec.commandLine().getOut(), scrubbed.figures(), "scrubbed mirror " + name + " from " + repairFrom + ": "
                    + scrub.blocksCopied() + " of " + Plural.of(scrub.blocksCompared(), "block", "blocks") + " copied"
                    + (scrub.cancelled() ? "; cancelled before the end: run it again" : ""));
            return (scrub.cancelled() ? ExitCode.CANCELLED : ExitCode.OK).code();
        }
        VerifyOperation.Verified verified;
        TerminalProgress progress = common.progress();
        try {
            verified = VerifyOperation.run(on, progress);
        } finally {
            progress.finish();
        }
        VerifyReport v = verified.report();
        Map<UUID, String> offline = verified.offline();
        StringBuilder notes = new StringBuilder();
        offline.forEach((u, why) -> notes.append("\n  ").append(on.locationNames().get(u)).append("  offline (").append(why).append(")"));
        common.print(spec.commandLine().getOut(), verified.figures(), text(v, offline.isEmpty() ? ""
                : " on the " + v.lengthBlocks().size() + " online devices", notes.toString()));
        return (v.cancelled() ? ExitCode.CANCELLED : v.identical() ? ExitCode.OK : ExitCode.BLOCKS_DIFFER).code();
    }

    /**
     * The verdict; {@code on} says which devices it speaks for when one is offline ("on the 2 online
     * devices"), since verify reads only the devices it has.
     */
    private String text(VerifyReport v, String on, String offlineNotes) {
        String compared = Plural.of(v.blocksCompared(), "block", "blocks");
        if (v.cancelled()) {
            return "mirror " + name + ": stopped after " + compared + " compared"
                    + (v.differingBlocks() > 0 ? " (" + v.differingBlocks() + " differing so far)" : "")
                    + "; run it again for a verdict";
        }
        if (v.identical()) {
            return "mirror " + name + ": identical" + on + " (" + compared + " compared)" + offlineNotes;
        }
        return "mirror " + name + ": " + v.differingBlocks() + " of " + compared + (v.differingBlocks() == 1 ? " differs" : " differ")
                + on + (v.lengthBlocks().values().stream().distinct().count() > 1 ? "; object lengths differ" : "")
                + offlineNotes
                + (repairFrom != null ? "\nnothing was changed: run again with --yes to copy the differing blocks from "
                + repairFrom + " onto the other devices" : "");
    }
}
