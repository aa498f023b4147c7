package io.tagmirror.workload.replay;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.StorageObject;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workload.WorkloadOp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Applies a resolved {@link FaultPlan} to a mirror at the right writes. The replay calls it with no
 * write in flight, so every fault acts exactly between two writes (or, for a tear or a crash, on one).
 */
final class FaultInjector {
    private final Mirror mirror;
    private final FaultPlan plan;
    private final Map<UUID, ? extends Device> devices;
    private final Consumer<AppliedFault> applied;
    private final Set<Fault.Offline> started = new HashSet<>();
    private final Set<Fault.Offline> ended = new HashSet<>();
    private final Set<Fault.Tear> torn = new HashSet<>();
    private boolean crashed;

    FaultInjector(Mirror mirror, FaultPlan plan, Map<UUID, ? extends Device> devices, Consumer<AppliedFault> applied)
            throws TagMirrorException {
        this.mirror = mirror;
        this.plan = plan;
        this.devices = devices;
        this.applied = applied;
        for (Fault f : plan.all()) {
            UUID uuid = f instanceof Fault.Offline o ? o.uuid() : f instanceof Fault.Tear t ? t.uuid() : null;
            if (!(f instanceof Fault.CrashAfter) && uuid == null) {
                throw new IllegalArgumentException("the fault plan must be resolved against the mirror first");
            }
            if (f instanceof Fault.Tear t && !devices.containsKey(t.uuid())) {
                throw new TagMirrorException("--tear " + t.write() + ":" + t.device() + ": the replay was not given that"
                        + " device, so it cannot reach its data to tear it");
            }
        }
    }

    /** Whether some fault acts at write {@code n}, so the writes before it must be finished first. */
    boolean actsAt(long n) {
        for (Fault.Offline w : plan.offline()) {
            if (w.from() == n || w.to() == n) {
                return true;
            }
        }
        return crashesAt(n) || !tearsAt(n).isEmpty();
    }

    boolean crashesAt(long n) {
        return plan.crash() != null && plan.crash().write() == n;
    }

    List<Fault.Tear> tearsAt(long n) {
        List<Fault.Tear> out = new ArrayList<>();
        for (Fault.Tear t : plan.tears()) {
            if (t.write() == n) {
                out.add(t);
            }
        }
        return out;
    }

    /** Ends the windows that end at write {@code n}, then starts those that start there. */
    void beforeWrite(long n) throws IOException {
        for (Fault.Offline w : plan.offline()) {
            if (w.to() == n && started.contains(w)) {
                mirror.bringOnline(w.uuid());
                ended.add(w);
                applied.accept(new AppliedFault("online", n, w.device().toString(), "device " + w.device()
                        + " back online before write " + n + "; it missed writes " + w.from() + " to " + (n - 1)
                        + ", which the other devices' entries name until a repair copies them"));
            }
        }
        for (Fault.Offline w : plan.offline()) {
            if (w.from() == n) {
                mirror.takeOffline(w.uuid(), "offline window of a replay (writes " + w.from() + " to " + (w.to() - 1) + ")");
                started.add(w);
                applied.accept(new AppliedFault("offline", n, w.device().toString(), "device " + w.device()
                        + " taken offline before write " + n + " (planned back before write " + w.to() + ")"));
            }
        }
    }

    /**
     * Write {@code n} as a host crash leaves it: its entry on every online device, its data on the first
     * only. An unaligned write is widened to its covering blocks with their current content, as the
     * mirror's own read-modify-write would. An append cannot be half sent, so the crash comes before it.
     */
    AppliedFault crash(long n, WorkloadOp op, TagGenerator generator, ByteBuffer data) throws IOException {
        crashed = true;
        AppliedFault fault;
        if (op.kind() != WorkloadOp.Kind.WRITE) {
            fault = new AppliedFault("crash", n, null, "host crashed before write " + n
                    + " (an append) reached any device; nothing of it was sent");
        } else {
            int bs = mirror.blockSize();
            long first = op.offset() / bs;
            int count = (int) (Replayer.ceilDiv(op.end(), bs) - first);
            ByteBuffer blocks;
            if (op.offset() % bs == 0 && op.length() % bs == 0) {
                blocks = data;
            } else {
                blocks = mirror.read(first, count);
                blocks.position((int) (op.offset() - first * bs));
                blocks.put(data.duplicate());
                blocks.clear();
            }
            List<MemberStatus> online = mirror.status().stream().filter(MemberStatus::online).toList();
            if (online.isEmpty()) {
                throw new TagMirrorException("no device of mirror " + mirror.name() + " is online");
            }
            String reached = online.get(0).location();
            Tag tag = writeReachingOnlyFirst(generator, first, count, blocks, online.subList(1, online.size()));
            fault = new AppliedFault("crash", n, reached, "host crashed in write " + n + " (tag " + tag + ", blocks "
                    + first + "+" + count + "): its entry reached every online device, its data only " + reached);
        }
        applied.accept(fault);
        return fault;
    }

    /**
     * Makes the write through the mirror as every write is made, then puts back what the other online
     * devices held over its blocks: on disk, the write's entry is on every device and its data on the
     * first only, as when the host dies between the two. The process ends (or the mirror is let go as
     * a crash leaves it) right after, so nothing reads the mirror in between.
     */
    private Tag writeReachingOnlyFirst(TagGenerator generator, long first, int count, ByteBuffer blocks,
                                       List<MemberStatus> missed) throws IOException {
        String objectId = mirror.definition().objectId();
        List<StorageObject> objects = new ArrayList<>();
        List<ByteBuffer> before = new ArrayList<>();
        for (MemberStatus s : missed) {
            Device d = devices.get(s.device());
            if (d == null) {
                throw new TagMirrorException("a host crash in a write needs every online device of mirror "
                        + mirror.name() + "; the replay was not given " + s.location());
            }
            StorageObject object = d.object(objectId);
            objects.add(object);
            before.add(object.read(first, count));
        }
        Tag tag = mirror.write(generator, first * mirror.blockSize(), blocks);
        for (int i = 0; i < objects.size(); i++) {
            objects.get(i).write(first, before.get(i));
        }
        return tag;
    }

    /**
     * Makes write {@code n} normally, then puts each torn device's old content back over the second half
     * of the write's bytes, so only the first half landed there; the entries stay on every device.
     * The torn device is then marked stale (offline and straight back), which stops flushes from
     * trimming the entries that name the torn blocks until a repair.
     */
    void tear(long n, WorkloadOp op, TagGenerator generator, ByteBuffer data, List<Fault.Tear> tears) throws IOException {
        int bs = mirror.blockSize();
        int length = (int) op.length();
        boolean append = op.kind() == WorkloadOp.Kind.APPEND;
        long first = append ? mirror.lengthBlocks() : op.offset() / bs;
        long end = append ? first + Replayer.ceilDiv(length, bs) : Replayer.ceilDiv(op.end(), bs);
        int count = (int) (end - first);
        int startInBlocks = append ? 0 : (int) (op.offset() - first * bs);
        String objectId = mirror.definition().objectId();
        List<ByteBuffer> before = new ArrayList<>();
        for (Fault.Tear t : tears) {
            before.add(devices.get(t.uuid()).object(objectId).read(first, count));
        }
        Tag tag = append ? mirror.append(generator, data) : mirror.write(generator, op.offset(), data);
        int from = startInBlocks + length / 2;
        int to = startInBlocks + length;
        for (int i = 0; i < tears.size(); i++) {
            Fault.Tear t = tears.get(i);
            StorageObject object = devices.get(t.uuid()).object(objectId);
            ByteBuffer now = object.read(first, count);
            now.position(from);
            now.put(before.get(i).duplicate().limit(to).position(from));
            now.clear();
            object.write(first, now);
            markStale(t);
            torn.add(t);
            applied.accept(new AppliedFault("tear", n, t.device().toString(), "write " + n + " (tag " + tag + ", blocks "
                    + first + "+" + count + ") landed only partly on " + t.device() + ": bytes " + from + " to " + (to - 1)
                    + " of its blocks kept their old content"));
        }
    }

    private void markStale(Fault.Tear t) throws IOException {
        long othersOnline = mirror.status().stream().filter(s -> s.online() && !s.device().equals(t.uuid())).count();
        if (othersOnline > 0) {
            mirror.takeOffline(t.uuid(), "torn write injected at write " + t.write());
            mirror.bringOnline(t.uuid());
        }
        // When the torn device is the only one online the others are offline or stale, so the mirror
        // is not whole and flush keeps every entry anyway.
    }

    /** Planned faults the replay ended before, in words. */
    List<String> notReached() {
        List<String> out = new ArrayList<>();
        for (Fault.Offline w : plan.offline()) {
            if (!started.contains(w)) {
                out.add("offline " + w.device() + " before write " + w.from());
            } else if (!ended.contains(w)) {
                out.add("online " + w.device() + " before write " + w.to() + " (the device is still offline)");
            }
        }
        for (Fault.Tear t : plan.tears()) {
            if (!torn.contains(t)) {
                out.add("tear of write " + t.write() + " on " + t.device());
            }
        }
        if (plan.crash() != null && !crashed) {
            out.add("crash in write " + plan.crash().write());
        }
        return out;
    }
}
