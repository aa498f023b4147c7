package io.tagmirror.cli;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.ReadPlan;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.DataOperation;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Workspace;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tagmirror read}: bytes of the mirror, from a member in sync for them, to a file or standard output. */
@Command(name = "read", description = {"Read --length bytes of mirror NAME at --offset (any alignment) to --out FILE,"
        + " or to standard output.",
        "The bytes come from a device that is in sync for them; while they differ between the devices and no"
        + " device is known to hold their current data, the read is refused with the reason (compare and repair first).",
        "When the data goes to standard output, the summary (text or --json) goes to standard error."},
        mixinStandardHelpOptions = true)
final class ReadCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "NAME")
    String name;
    @Option(names = "--offset", required = true, converter = SizeOptions.Bytes.class,
            description = "where to read from, in bytes (any, need not be block aligned), e.g. 8192 or 1MiB")
    long offset;
    @Option(names = "--length", required = true, converter = SizeOptions.Bytes.class, description = "how much to read, e.g. 4k")
    long length;
    @Option(names = "--out", paramLabel = "FILE", description = "write the bytes to FILE (made or replaced) instead of standard output")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            checkOutput(out);
        }
        // Opened with the devices' locks, as a writer would: no other process writes while the plan is made and followed.
        try (Workspace ws = common.openWorkspace();
             OpenMirror om = OpenMirror.open(ws, name, DurabilityMode.POWER_SAFE, false)) {
            AssembledMirror on = AssembledMirror.of(ws, om);
            TerminalProgress progress = new TerminalProgress(common.json);
            ReadPlan plan = DataOperation.planRead(on, offset, length, progress);
            DataOperation.Read done;
            if (out == null) {
                done = DataOperation.read(on, plan, offset, length, new StandardOutput(System.out), "-", progress);
            } else {
                try (OutputStream file = Files.newOutputStream(out)) {
                    done = DataOperation.read(on, plan, offset, length, file, out.toString(), progress);
                }
            }
            progress.finish();
            Map<String, Object> summary = done.figures();
            long read = done.bytes();
            List<String> devices = done.readFrom();
            // the data owns standard output when no file was named
            PrintWriter to = out == null ? spec.commandLine().getErr() : spec.commandLine().getOut();
            common.print(to, summary, "read " + Plural.of(read, "byte", "bytes") + " at offset " + offset + " from " + String.join(", ", devices)
                    + (out == null ? "" : " to " + out)
                    + (done.degraded() ? " (degraded: " + Plural.of(om.unavailable().size(), "device", "devices") + " offline)" : ""));
        }
        return 0;
    }

    /** Refuses an output that cannot be made before anything is read. */
    private static void checkOutput(Path out) throws TagMirrorException {
        if (Files.isDirectory(out)) {
            throw new TagMirrorException("--out " + out + " is a directory; name a file");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new TagMirrorException("--out " + out + ": directory " + parent + " does not exist");
        }
        if (Files.exists(out) ? !Files.isWritable(out) : !Files.isWritable(parent)) {
            throw new TagMirrorException("--out " + out + " cannot be written (permission denied)");
        }
    }

    /**
     * Standard output as a stream that fails when the reader went away ({@code | head}): a
     * {@link PrintStream} only records the error, and the read would go on to the end for nobody.
     */
    private static final class StandardOutput extends FilterOutputStream {
        private final PrintStream target;

        StandardOutput(PrintStream target) {
            super(target);
            this.target = target;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
            if (target.checkError()) {
                throw new TagMirrorException("standard output was closed before the read ended");
            }
        }
    }
}
