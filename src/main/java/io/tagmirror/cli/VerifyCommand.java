package io.tagmirror.cli;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Reports;
import io.tagmirror.workspace.Workspace;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tagmirror verify}: compares every block of the devices, independent of tags. */
@Command(name = "verify", description = "Compare every block of mirror NAME's devices.", mixinStandardHelpOptions = true)
final class VerifyCommand implements Callable<Integer> {
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
            VerifyReport v;
            try {
                v = om.mirror().verify(progress);
            } finally {
                progress.finish();
            }
            Map<String, Object> json = Reports.verify(v, om.locations(ws));
            ws.recordHistory("verify", name, v.identical() ? "identical" : "differs", json);
            common.print(spec.commandLine().getOut(), json, v.identical()
                    ? "mirror " + name + ": identical (" + v.blocksCompared() + " blocks compared)"
                    : "mirror " + name + ": " + v.differingBlocks() + " of " + v.blocksCompared() + " blocks differ"
                    + (v.lengthBlocks().values().stream().distinct().count() > 1 ? "; object lengths differ" : ""));
        }
        return 0;
    }
}
