package io.tagmirror.cli;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Workspace;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tagmirror write}: one tagged write of seeded data, flushed before it returns. */
@Command(name = "write", description = "Make one tagged write of seeded pseudo-random data to mirror NAME.",
        mixinStandardHelpOptions = true)
final class WriteCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "NAME")
    String name;
    @Option(names = "--offset", required = true, description = "byte offset (any, need not be block aligned)")
    long offset;
    @Option(names = "--length", required = true, description = "bytes to write")
    int length;
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
        if (length <= 0) {
            throw new TagMirrorException("--length must be positive, not " + length);
        }
        if (length > 64 << 20) {
            throw new TagMirrorException("--length " + length + " is more than one write may carry (64 MiB)");
        }
        DurabilityMode mode = DurabilityMode.parse(durability);
        try (Workspace ws = common.openWorkspace(); OpenMirror om = OpenMirror.open(ws, name, mode, false)) {
            Tag tag = om.mirror().write(om.mirror().generator(generator), offset, seededData(seed, length));
            om.mirror().flush();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("tag", tag.toString());
            out.put("offset", offset);
            out.put("length", length);
            out.put("degraded", !om.unavailable().isEmpty());
            common.print(spec.commandLine().getOut(), out, "wrote " + Plural.of(length, "byte", "bytes") + " at " + offset + " with tag " + tag
                    + (om.unavailable().isEmpty() ? "" : " (degraded: " + Plural.of(om.unavailable().size(), "device", "devices") + " offline)"));
        }
        return 0;
    }
}
