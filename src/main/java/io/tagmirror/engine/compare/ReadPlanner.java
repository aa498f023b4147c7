package io.tagmirror.engine.compare;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.NotInSyncException;
import io.tagmirror.engine.ReadPlan;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.Verdict;
import io.tagmirror.engine.compare.MirrorAccess.Member;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Decides which member each block of a read comes from, with what compare knows of those blocks.
 *
 * <p>Blocks no entry names are identical on every member that missed no writes (invariant 1), so any
 * of those will do. For blocks some entry names, a compare scoped to them decides as a full compare
 * would (DESIGN §3): identical everywhere is in sync; a verdict that copies from a source whose data
 * matches the newest write names the member that holds the current data; anything else (a conflict,
 * a newest write torn everywhere, a source that itself missed writes) has no known-good member, and
 * the read is refused with the reason rather than risk returning stale data.
 */
public final class ReadPlanner {
    private final MirrorAccess mirror;

    public ReadPlanner(MirrorAccess mirror) {
        this.mirror = mirror;
    }

    public ReadPlan plan(BlockRange blocks, TaskMonitor monitor) throws IOException {
        if (blocks.endBlock() > mirror.lengthBlocks()) {
            throw new TagMirrorException("cannot read blocks " + blocks + " of mirror " + mirror.name()
                    + ": the volume has blocks 0 to " + (mirror.lengthBlocks() - 1));
        }
        List<Member> online = mirror.onlineMembers();
        List<Member> good = online.stream().filter(m -> !m.stale()).toList();
        if (good.isEmpty()) {
            throw new NotInSyncException("no device of mirror " + mirror.name() + " is known to hold current data ("
                    + describeMembers() + "); compare and repair the mirror first");
        }
        UUID anyGood = good.get(0).uuid();
        boolean degraded = online.size() < mirror.members().size();
        if (online.size() < 2) {
            // nothing to compare with: the one member that missed no writes is all there is, as in any
            // degraded mirror
            return new ReadPlan(mirror.name(), blocks, List.of(whole(blocks, anyGood)), true);
        }
        CompareReport report = new Comparison(mirror, monitor).within(blocks).run();
        List<ReadPlan.Source> sources = new ArrayList<>();
        long pos = blocks.firstBlock();
        for (DiffRange r : report.ranges()) {
            long first = Math.max(r.firstBlock(), blocks.firstBlock());
            long end = Math.min(r.endBlock(), blocks.endBlock());
            if (first >= end || r.verdict() == Verdict.IN_SYNC) {
                continue;
            }
            BlockRange clipped = new BlockRange(first, end - first);
            if (!knownGood(r)) {
                throw new NotInSyncException(whyNot(r, clipped));
            }
            if (first > pos) {
                add(sources, pos, first - pos, anyGood);
            }
            add(sources, first, end - first, r.source());
            pos = end;
        }
        if (pos < blocks.endBlock()) {
            add(sources, pos, blocks.endBlock() - pos, anyGood);
        }
        return new ReadPlan(mirror.name(), blocks, sources, degraded);
    }

    /** Whether the range's source holds the newest write, verified, and missed no other writes. */
    private boolean knownGood(DiffRange r) throws TagMirrorException {
        return r.verdict().copies() && r.sourceVerified() && r.source() != null && isGood(r.source());
    }

    private boolean isGood(UUID device) throws TagMirrorException {
        Member m = mirror.member(device);
        return m.online() && !m.stale();
    }

    private String whyNot(DiffRange r, BlockRange clipped) throws TagMirrorException {
        String where = "blocks " + clipped + " of mirror " + mirror.name() + " differ between its devices";
        String why;
        if (r.verdict() == Verdict.CONFLICT) {
            why = "the newest writes there conflict (" + r.sides().stream()
                    .map(s -> location(s.device()) + ": " + (s.tags().isEmpty() ? "no entry" : s.tags().get(0)))
                    .collect(Collectors.joining(", ")) + ") and no order decides between them";
        } else if (r.source() != null && !r.sourceVerified()) {
            why = "no device's data matches the newest write" + (r.newest() == null ? "" : " (tag " + r.newest() + ")");
        } else if (r.source() != null && !isGood(r.source())) {
            why = "the device with the newest write, " + location(r.source()) + ", missed other writes";
        } else {
            why = "compare's verdict is " + r.verdict().label();
        }
        return where + " and " + why + ": no device is known to hold their current data; run 'tagmirror compare "
                + mirror.name() + "' and repair it first";
    }

    private String describeMembers() {
        List<String> parts = new ArrayList<>();
        for (Member m : mirror.members()) {
            if (!m.online()) {
                parts.add(m.location() + " is offline" + (m.offlineReason() == null ? "" : " (" + m.offlineReason() + ")"));
            } else if (m.stale()) {
                parts.add(m.location() + " missed writes");
            }
        }
        return String.join("; ", parts);
    }

    private String location(UUID device) {
        for (Member m : mirror.members()) {
            if (m.uuid().equals(device)) {
                return m.location();
            }
        }
        return device.toString();
    }

    private static ReadPlan.Source whole(BlockRange blocks, UUID device) {
        return new ReadPlan.Source(blocks.firstBlock(), blocks.blockCount(), device);
    }

    /** Adds a run, joined to the previous one when they touch and come from the same member. */
    private static void add(List<ReadPlan.Source> sources, long first, long count, UUID device) {
        if (!sources.isEmpty()) {
            ReadPlan.Source last = sources.get(sources.size() - 1);
            if (last.endBlock() == first && last.device().equals(device)) {
                sources.set(sources.size() - 1, new ReadPlan.Source(last.firstBlock(), last.blockCount() + count, device));
                return;
            }
        }
        sources.add(new ReadPlan.Source(first, count, device));
    }
}
