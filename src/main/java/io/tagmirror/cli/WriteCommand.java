package io.tagmirror.cli;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.DataOperation;
import io.tagmirror.workspace.MirrorStreams;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tagmirror write}: a file (or standard input) written to the mirror at an offset, or one tagged
 * write of seeded data; flushed before it returns.
 */
@Command(name = "write", description = {"Write the bytes of FILE (--from FILE, '-' for standard input) to mirror NAME at"
        + " --offset, any length and alignment, or one tagged write of --length bytes of seeded pseudo-random data.",
        "A file is written in tagged writes of at most 1 MiB; a file that would pass the end of the mirror is"
        + " refused before anything is written."},
        mixinStandardHelpOptions = true)
final class WriteCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "NAME")
    String name;
    @Option(names = "--offset", required = true, converter = SizeOptions.Bytes.class,
            description = "where to write, in bytes (any, need not be block aligned), e.g. 8192 or 1MiB")
    long offset;
    @Option(names = "--from", paramLabel = "FILE", description = "write the bytes of FILE ('-': standard input)")
    String from;
    @Option(names = "--length", converter = SizeOptions.Bytes.class,
            description = "how much seeded data to write (instead of --from), e.g. 5000 or 64k (at most 64MiB)")
    long length;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the data (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--generator", defaultValue = "1", description = "tag generator id of this writer (default ${DEFAULT-VALUE})")
    long generator;
    @Option(names = "--durability", defaultValue = "power-safe", description = "power-safe or crash-safe")
    String durability;

    /** Seeded data that is never all zeros, so a write always changes what it touches. */
    static ByteBuffer seededData(long seed, int length) {
        byte[] b = new byte[length];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        b[0] |= 1;
        return ByteBuffer.wrap(b);
    }

    @Override
    public Integer call() throws Exception {
        // usage mistakes, as picocli's own: exit 2 with a pointer to --help
        if (from != null) {
            if (length != 0) {
                throw new ParameterException(spec.commandLine(), "give --from FILE or --length (seeded data), not both");
            }
            return writeFrom(DurabilityMode.parse(durability));
        }
        if (length == 0) {
            throw new ParameterException(spec.commandLine(),
                    "Missing required option: --from FILE to write a file, or --length for seeded data");
        }
        if (length <= 0) {
            throw new TagMirrorException("--length must be positive, not " + length);
        }
        if (length > 64 << 20) {
            throw new TagMirrorException("--length " + length + " is more than one write may carry (64 MiB)");
        }
        DurabilityMode mode = DurabilityMode.parse(durability);
        try (Workspace ws = common.openWorkspace(); OpenMirror om = OpenMirror.open(ws, name, mode, false)) {
            AssembledMirror on = AssembledMirror.of(ws, om);
            Tag tag = DataOperation.write(on, generator, offset, seededData(seed, (int) length));
            DataOperation.flush(on);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("tag", tag.toString());
            out.put("offset", offset);
            out.put("length", length);
            int offline = om.offline().size();
            out.put("degraded", offline > 0);
            common.print(spec.commandLine().getOut(), out, "wrote " + Plural.of(length, "byte", "bytes") + " at " + offset + " with tag " + tag
                    + (offline == 0 ? "" : " (degraded: " + Plural.of(offline, "device", "devices") + " offline)"));
        }
        return 0;
    }

    private int writeFrom(DurabilityMode mode) throws IOException {
        try (Workspace ws = common.openWorkspace(); OpenMirror om = OpenMirror.open(ws, name, mode, false);
             MirrorStreams.Input input = input(from)) {
            AssembledMirror on = AssembledMirror.of(ws, om);
            TerminalProgress progress = new TerminalProgress(common.json);
            MirrorStreams.Written w = DataOperation.write(on, generator, offset, input, progress);
            progress.finish();
            common.print(spec.commandLine().getOut(), DataOperation.figures(on, input, w).figures(), "wrote " + Plural.of(w.bytes(), "byte", "bytes") + " of " + input.name() + " at offset "
                    + w.offset() + " in " + w.writes() + " tagged write" + (w.writes() == 1 ? "" : "s") + " ("
                    + (w.writes() == 1 ? "tag " + w.firstTag() : "tags " + w.firstTag() + " to " + w.lastTag()) + ")"
                    + (om.unavailable().isEmpty() ? "" : "; degraded: " + Plural.of(om.unavailable().size(), "device", "devices") + " offline"));
        }
        return 0;
    }

    /** The input {@code --from} names: standard input for {@code -}, else a file. */
    static MirrorStreams.Input input(String from) throws IOException {
        if (from.equals("-")) {
            return MirrorStreams.Input.stream(System.in, "standard input");
        }
        if (from.isBlank()) {
            throw new TagMirrorException("--from needs a file, or '-' for standard input");
        }
        return MirrorStreams.Input.file(Path.of(from));
    }
}
