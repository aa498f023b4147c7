package io.tagmirror.operations;

import io.tagmirror.engine.ReadPlan;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.MirrorStreams;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real data in and out of a mirror: write a file or a stream at an offset, append one past the end, read
 * a range back from members in sync for it. Not kept in the history: the tags the writes carry are the
 * record.
 */
public final class DataOperation {

    private DataOperation() {
    }

    /**
     * What a write, an append or a read did.
     *
     * @param figures its JSON shape, as {@code --json} prints it
     * @param degraded whether some member was offline, so it did not get the data
     */
    public record Done(Map<String, Object> figures, boolean degraded) {
    }

    /** Writes everything {@code input} holds at byte {@code offset}, tagged by {@code generator}, then flushes. */
    public static MirrorStreams.Written write(AssembledMirror on, long generator, long offset,
                                              MirrorStreams.Input input, TaskMonitor monitor) throws IOException {
        return MirrorStreams.write(on.mirror(), on.mirror().generator(generator), offset, input, monitor);
    }

    /**
     * One tagged write of {@code data} at byte {@code offset}, by {@code generator}; not flushed: a caller
     * writing many flushes once with {@link #flush}.
     */
    public static Tag write(AssembledMirror on, long generator, long offset, ByteBuffer data) throws IOException {
        return on.mirror().write(on.mirror().generator(generator), offset, data);
    }

    /** Makes the writes so far durable on every online member. */
    public static void flush(AssembledMirror on) throws IOException {
        on.mirror().flush();
    }

    /** The JSON shape of a write. */
    public static Done figures(AssembledMirror on, MirrorStreams.Input input, MirrorStreams.Written w) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", input.name());
        out.put("offset", w.offset());
        out.put("length", w.bytes());
        out.put("writes", w.writes());
        out.put("firstTag", w.firstTag().toString());
        out.put("lastTag", w.lastTag().toString());
        out.put("degraded", !on.unavailable().isEmpty());
        return new Done(out, !on.unavailable().isEmpty());
    }

    /** Appends everything {@code input} holds past the end of the volume, then flushes. */
    public static MirrorStreams.Appended append(AssembledMirror on, long generator, MirrorStreams.Input input,
                                                TaskMonitor monitor) throws IOException {
        return MirrorStreams.append(on.mirror(), on.mirror().generator(generator), input, monitor);
    }

    /** The JSON shape of an append. */
    public static Done figures(AssembledMirror on, MirrorStreams.Input input, MirrorStreams.Appended a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", input.name());
        out.put("offset", a.offset());
        out.put("length", a.bytes());
        out.put("writes", a.writes());
        out.put("newLength", a.newLengthBytes());
        out.put("firstTag", a.firstTag().toString());
        out.put("lastTag", a.lastTag().toString());
        out.put("degraded", !on.unavailable().isEmpty());
        return new Done(out, !on.unavailable().isEmpty());
    }

    /**
     * What a read did.
     *
     * @param bytes the bytes read
     * @param readFrom where the members it read from are
     * @param degraded whether some member was offline
     * @param figures its JSON shape, as {@code --json} prints it
     */
    public record Read(long bytes, List<String> readFrom, boolean degraded, Map<String, Object> figures) {
    }

    /**
     * Decides which members bytes {@code [offset, offset + length)} are read from; refused, before anything
     * is read or an output is opened, while the blocks differ between members and none is known good.
     */
    public static ReadPlan planRead(AssembledMirror on, long offset, long length, TaskMonitor monitor)
            throws IOException {
        return MirrorStreams.planRead(on.mirror(), offset, length, monitor);
    }

    /**
     * Reads bytes {@code [offset, offset + length)} into {@code out} by {@code plan}.
     *
     * @param outName how the summary names {@code out} ("-" for standard output)
     */
    public static Read read(AssembledMirror on, ReadPlan plan, long offset, long length, OutputStream out,
                            String outName, TaskMonitor monitor) throws IOException {
        long read = MirrorStreams.read(on.mirror(), plan, offset, length, out, monitor);
        List<String> devices = new ArrayList<>();
        for (UUID device : plan.devices()) {
            devices.add(on.locationNames().getOrDefault(device, device.toString()));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("offset", offset);
        summary.put("length", read);
        summary.put("out", outName);
        summary.put("readFrom", devices);
        summary.put("degraded", plan.degraded());
        return new Read(read, List.copyOf(devices), plan.degraded(), summary);
    }
}
