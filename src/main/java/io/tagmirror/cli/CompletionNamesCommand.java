package io.tagmirror.cli;

import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.workspace.Workspace;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tagmirror completion-names mirrors|devices}: the names the shell completion offers, one a
 * line, read from the workspace. Hidden: it is the completion script's, not an administrator's.
 */
@Command(name = "completion-names", hidden = true, mixinStandardHelpOptions = true,
        description = "Print the workspace's mirror names or device paths, one a line, for shell completion.")
final class CompletionNamesCommand implements Callable<Integer> {

    /** What the completion asks for. */
    enum Kind { mirrors, devices }

    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "KIND", description = "mirrors or devices")
    Kind kind;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = common.openWorkspace()) {
            if (kind == Kind.mirrors) {
                for (MirrorDefinition m : ws.mirrors()) {
                    out.println(m.name());
                }
            } else {
                for (Workspace.KnownDevice d : ws.devices()) {
                    out.println(d.path());
                }
            }
        }
        out.flush();
        return 0;
    }
}
