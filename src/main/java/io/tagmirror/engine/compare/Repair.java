package io.tagmirror.engine.compare;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.CopiedRange;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.PhaseTimings;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.Verdict;
import io.tagmirror.engine.compare.MirrorAccess.Member;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies a compare report: copies each range from its source to its targets, makes the copies
 * durable, and only then deletes the entries the compare settled (claims 9–10 of the method).
 *
 * <p>Until the deletion, every copied range is still named by its entries, so a crash or a cancel
 * at any point leaves a state the next compare picks up.
 */
public final class Repair {
    private static final int CHUNK_BLOCKS = 256;

    private final MirrorAccess mirror;
    private final CompareReport report;
    private final RepairPolicy policy;
    private final TaskMonitor monitor;

    public Repair(MirrorAccess mirror, CompareReport report, RepairPolicy policy, TaskMonitor monitor) {
        this.mirror = mirror;
        this.report = report;
        this.policy = policy;
        this.monitor = monitor;
    }

    public RepairReport run() throws IOException {
        long started = System.nanoTime();
        if (!report.mirrorUuid().equals(mirror.definition().uuid())) {
            throw new TagMirrorException("the compare report is of mirror " + report.mirror() + ", not of " + mirror.name());
        }
        if (report.epoch() != mirror.epoch()) {
            throw new TagMirrorException("a device of mirror " + mirror.name()
                    + " went offline or came back since the compare; compare again before repairing");
        }
        Map<UUID, Member> byUuid = new LinkedHashMap<>();
        for (UUID d : report.devices()) {
            Member m = mirror.member(d);
            if (!m.online()) {
                throw new TagMirrorException("device " + m.location() + " is offline; compare again before repairing");
            }
            byUuid.put(d, m);
        }
        if (policy.kind() == RepairPolicy.Kind.PREFER_DEVICE && !byUuid.containsKey(policy.preferDevice())) {
            throw new TagMirrorException("the preferred device " + policy.preferDevice() + " is not an online device of "
                    + mirror.name());
        }

        List<DiffRange> unresolved = new ArrayList<>();
        List<CopiedRange> plan = new ArrayList<>();
        long totalBlocks = 0;
        for (DiffRange r : report.ranges()) {
            if (r.verdict() == Verdict.IN_SYNC) {
                continue;
            }
            UUID source = r.source();
            List<UUID> targets = r.targets();
            if (r.verdict() == Verdict.INTENT && policy.kind() == RepairPolicy.Kind.PREFER_DEVICE
                    && !policy.preferDevice().equals(source)) {
                // no durable write decides here: the members only have to agree, on the one preferred
                source = policy.preferDevice();
                UUID chosen = source;
                targets = report.devices().stream().filter(d -> !d.equals(chosen)).toList();
            }
            if (r.verdict().needsDecision()) {
                if (policy.kind() == RepairPolicy.Kind.NONE) {
                    unresolved.add(r);
                    continue;
                }
                if (policy.kind() == RepairPolicy.Kind.PREFER_DEVICE) {
                    source = policy.preferDevice();
                    UUID chosen = source;
                    targets = report.devices().stream().filter(d -> !d.equals(chosen)).toList();
                }
            }
            if (targets.isEmpty()) {
                continue;
            }
            plan.add(new CopiedRange(r.firstBlock(), r.blockCount(), r.verdict(), source, targets));
            totalBlocks += r.blockCount();
        }

        List<CopiedRange> done = new ArrayList<>();
        Set<UUID> written = new HashSet<>();
        long bytes = 0;
        long blocksDone = 0;
        boolean cancelled = false;
        int bs = mirror.blockSize();
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_BLOCKS * bs);
        for (CopiedRange range : plan) {
            Member source = byUuid.get(range.source());
            for (long b = range.firstBlock(); b < range.firstBlock() + range.blockCount(); b += CHUNK_BLOCKS) {
                if (monitor.isCancelled()) {
                    cancelled = true;
                    break;
                }
                int count = (int) Math.min(CHUNK_BLOCKS, range.firstBlock() + range.blockCount() - b);
                // Under the block locks: a write arriving meanwhile goes to every device either before
                // or after this copy, never between the read and the writes.
                try (MirrorAccess.HeldBlocks held = mirror.lockBlocks(b, count)) {
                    ByteBuffer data = buffer.clear().limit(count * bs);
                    source.object().readInto(b, data);
                    data.flip();
                    for (UUID t : range.targets()) {
                        byUuid.get(t).object().write(b, data);
                        written.add(t);
                        bytes += (long) count * bs;
                    }
                }
                blocksDone += count;
                monitor.progress("ranges copied", blocksDone, totalBlocks);
            }
            if (cancelled) {
                break;
            }
            done.add(range);
        }
        long copiedAt = System.nanoTime();
        if (!cancelled) {
            // A crash can leave an append's length on one device and not its data (nothing differs
            // to copy, the lengths still do): the shorter objects grow to the longest, sparsely.
            equaliseLengths(byUuid.values(), written);
        }
        // In power-safe mode the copies must be on the media before the entries naming them go
        // (invariant 1 across a power cut). In crash-safe mode both go through the page cache, which a
        // process crash cannot lose and which keeps their order, so the sync would only cost time.
        // Every device, not only the copy targets: a range the compare found in sync may be in sync
        // only in the page cache, and once its entries go nothing else would name it after a cut.
        if (mirror.durability() == DurabilityMode.POWER_SAFE && !cancelled) {
            for (Member m : byUuid.values()) {
                m.object().sync();
            }
        } else if (mirror.durability() == DurabilityMode.POWER_SAFE) {
            for (UUID t : written) {
                byUuid.get(t).object().sync();
            }
        }
        if (cancelled) {
            return new RepairReport(bytes, done.size(), 0, conflicts(unresolved), torn(unresolved), true, seconds(started),
                    done);
        }

        long syncedAt = System.nanoTime();
        long deleted = 0;
        String objectId = mirror.definition().objectId();
        // With a member offline the entries are the list of what it misses (invariant 4): the online
        // devices now agree, but the entries stay until that member has been repaired too.
        boolean everyMember = report.devices().size() == mirror.members().size();
        for (Map.Entry<UUID, Long> e : everyMember ? report.snapshotBatch().entrySet() : Map.<UUID, Long>of().entrySet()) {
            // Entries of other objects (other mirrors on the device) and of unsettled conflicts stay.
            deleted += byUuid.get(e.getKey()).device().tagTable().deleteUpTo(e.getValue(),
                    entry -> !entry.objectId().equals(objectId) || overlapsAny(entry, unresolved));
        }
        long deletedAt = System.nanoTime();
        PhaseTimings phases = new PhaseTimings(List.of(
                new PhaseTimings.Phase("copy", (copiedAt - started) / 1e9),
                new PhaseTimings.Phase("sync", (syncedAt - copiedAt) / 1e9),
                new PhaseTimings.Phase("delete", (deletedAt - syncedAt) / 1e9)), "");
        if (unresolved.isEmpty() && everyMember) {
            mirror.markWhole(report.snapshotBatch(), report.epoch());
            // Every member now agrees over the intent extents the compare read (the copies are synced
            // above): they may leave the sets. Not with a member away, whose data there nobody read.
            if (!report.intents().extents().isEmpty()) {
                for (Member m : byUuid.values()) {
                    m.device().settleIntentExtents(objectId, report.intents().extents());
                }
            }
        }
        return new RepairReport(bytes, done.size(), deleted, conflicts(unresolved), torn(unresolved), false,
                seconds(started), done, phases);
    }

    private void equaliseLengths(Iterable<Member> members, Set<UUID> written) throws IOException {
        long max = 0;
        for (Member m : members) {
            max = Math.max(max, m.object().lengthBlocks());
        }
        for (Member m : members) {
            if (m.object().lengthBlocks() < max) {
                m.object().setLengthBlocks(max);
                written.add(m.uuid());
            }
        }
        mirror.growLength(max);
    }

    private static int conflicts(List<DiffRange> unresolved) {
        return (int) unresolved.stream().filter(r -> r.verdict() == Verdict.CONFLICT).count();
    }

    private static int torn(List<DiffRange> unresolved) {
        return (int) unresolved.stream().filter(r -> r.verdict() == Verdict.TORN_NEWEST).count();
    }

    private static boolean overlapsAny(TagEntry entry, List<DiffRange> ranges) {
        for (DiffRange r : ranges) {
            if (entry.firstBlock() < r.endBlock() && r.firstBlock() < entry.endBlock()) {
                return true;
            }
        }
        return false;
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
