package io.tagmirror.workspace;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.ConflictSide;
import io.tagmirror.engine.CopiedRange;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.ResyncProgress;
import io.tagmirror.engine.ResyncReport;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.Verdict;
import io.tagmirror.engine.VerifyReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns engine reports into the JSON shapes of {@code --json}, history rows and exported reports,
 * naming devices by where they are rather than by uuid.
 */
public final class Reports {
    private Reports() {
    }

    private static String where(Map<UUID, String> locations, UUID uuid) {
        return uuid == null ? null : locations.getOrDefault(uuid, uuid.toString());
    }

    /** A compare's outcome as history records it, the same from either face. */
    public static Outcome compareOutcome(CompareReport r) {
        return r.inSync() ? Outcome.IN_SYNC : r.conflicts() > 0 ? Outcome.CONFLICTS
                : r.tornNewest() > 0 ? Outcome.TORN_NEWEST : Outcome.DIVERGED;
    }

    /** A repair's outcome as history records it: a torn newest write left to decide counts as left, like a conflict. */
    public static Outcome repairOutcome(RepairReport r) {
        return r.cancelled() ? Outcome.CANCELLED : r.undecided() > 0 ? Outcome.CONFLICTS_LEFT : Outcome.REPAIRED;
    }

    /** "1 conflict", "2 torn newest writes", "1 conflict and 1 torn newest write"; empty for none. */
    public static String toDecide(long conflicts, long tornNewest) {
        List<String> parts = new ArrayList<>(2);
        if (conflicts > 0) {
            parts.add(Plural.of(conflicts, "conflict", "conflicts"));
        }
        if (tornNewest > 0) {
            parts.add(Plural.of(tornNewest, "torn newest write", "torn newest writes"));
        }
        return String.join(" and ", parts);
    }

    public static Map<String, Object> compare(CompareReport r, Map<UUID, String> locations, long volumeBytes) {
        Map<String, Object> out = compare(r, locations);
        List<Map<String, Object>> alternatives = new ArrayList<>();
        for (io.tagmirror.engine.Alternatives.Estimate e : io.tagmirror.engine.Alternatives.of(r, volumeBytes)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", e.method());
            m.put("bytesToCopy", e.bytesToCopy());
            m.put("assumption", e.assumption());
            alternatives.add(m);
        }
        out.put("alternatives", alternatives);
        return out;
    }

    /**
     * What a compare read for the entries and what for the intent extents a power cut left: "read
     * 1.2 MiB for the entries and 64 MiB in intent extents (16,384 blocks no entry names; 12 differ)".
     */
    public static String readBeside(CompareReport r) {
        if (r.intents().wholeVolume()) {
            return "read " + io.tagmirror.engine.ByteSize.format(r.entryBytesRead()) + " for the entries and "
                    + io.tagmirror.engine.ByteSize.format(r.intents().bytesRead()) + " over the whole volume, since "
                    + io.tagmirror.engine.Plural.of(r.intents().incompleteTables().size(), "tag table", "tag tables")
                    + " stopped keeping entries when its log was full while a member was away ("
                    + String.format(java.util.Locale.ROOT, "%,d", r.intents().blocksCompared()) + " blocks compared; "
                    + String.format(java.util.Locale.ROOT, "%,d", r.intents().blocksDiffering()) + " differ)";
        }
        return "read " + io.tagmirror.engine.ByteSize.format(r.entryBytesRead()) + " for the entries and "
                + io.tagmirror.engine.ByteSize.format(r.intents().bytesRead()) + " in intent extents left by a power cut ("
                + String.format(java.util.Locale.ROOT, "%,d", r.intents().blocksCompared()) + " blocks no entry names; "
                + String.format(java.util.Locale.ROOT, "%,d", r.intents().blocksDiffering()) + " differ)";
    }

    public static Map<String, Object> compare(CompareReport r, Map<UUID, String> locations) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mirror", r.mirror());
        out.put("inSync", r.inSync());
        List<Map<String, Object>> ranges = new ArrayList<>();
        long inSyncBlocks = 0;
        for (DiffRange d : r.ranges()) {
            if (d.verdict() == Verdict.IN_SYNC) {
                inSyncBlocks += d.blockCount();
                continue;
            }
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("object", d.objectId());
            range.put("firstBlock", d.firstBlock());
            range.put("blockCount", d.blockCount());
            range.put("verdict", d.verdict().label());
            // a range that needs a decision has no source until one is made; "newest" names the torn write
            range.put("source", d.verdict().needsDecision() ? null : where(locations, d.source()));
            range.put("targets", d.verdict().needsDecision() ? List.of()
                    : d.targets().stream().map(t -> where(locations, t)).toList());
            range.put("newest", d.newest() == null ? null : d.newest().toString());
            range.put("sourceVerified", d.sourceVerified());
            if (d.verdict().needsDecision()) {
                List<Map<String, Object>> sides = new ArrayList<>();
                for (ConflictSide s : d.sides()) {
                    Map<String, Object> side = new LinkedHashMap<>();
                    side.put("device", where(locations, s.device()));
                    side.put("tags", s.tags().stream().map(Object::toString).toList());
                    side.put("dataMatches", s.dataMatches() == null ? null : s.dataMatches().toString());
                    sides.add(side);
                }
                range.put("sides", sides);
                range.put("newestSequenceSource", where(locations, d.source()));
            }
            ranges.add(range);
        }
        out.put("ranges", ranges);
        out.put("bytesToCopy", r.bytesToCopy());
        out.put("divergentBytes", r.divergentBytes());
        out.put("conflicts", r.conflicts());
        out.put("tornNewest", r.tornNewest());
        out.put("inSyncBlocks", inSyncBlocks);
        Map<String, Object> entries = new LinkedHashMap<>();
        r.entriesPerDevice().forEach((k, v) -> entries.put(where(locations, k), v));
        out.put("entries", entries);
        out.put("matchedEntries", r.matchedEntries());
        out.put("unscrubbed", r.unscrubbed().stream().map(u -> where(locations, u)).toList());
        out.put("blocksExamined", r.blocksExamined());
        out.put("bytesRead", r.bytesRead());
        out.put("entryBytesRead", r.entryBytesRead());
        Map<String, Object> intents = new LinkedHashMap<>();
        intents.put("extentRanges", r.intents().extents().stream()
                .map(b -> Map.of("firstBlock", b.firstBlock(), "blockCount", b.blockCount())).toList());
        intents.put("blocksCompared", r.intents().blocksCompared());
        intents.put("bytesRead", r.intents().bytesRead());
        intents.put("blocksDiffering", r.intents().blocksDiffering());
        out.put("intentExtents", intents);
        out.put("seconds", r.seconds());
        return out;
    }

    public static Map<String, Object> repair(RepairReport r, Map<UUID, String> locations) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bytesCopied", r.bytesCopied());
        out.put("rangesCopied", r.rangesCopied());
        out.put("entriesDeleted", r.entriesDeleted());
        out.put("conflictsLeft", r.conflictsLeft());
        out.put("tornNewestLeft", r.tornNewestLeft());
        out.put("cancelled", r.cancelled());
        out.put("seconds", r.seconds());
        List<Map<String, Object>> copied = new ArrayList<>();
        for (CopiedRange c : r.copied()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("firstBlock", c.firstBlock());
            m.put("blockCount", c.blockCount());
            m.put("verdict", c.verdict().label());
            m.put("source", where(locations, c.source()));
            m.put("targets", c.targets().stream().map(t -> where(locations, t)).toList());
            copied.add(m);
        }
        out.put("copied", copied);
        return out;
    }

    public static Map<String, Object> verify(VerifyReport r, Map<UUID, String> locations) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identical", r.identical());
        out.put("blocksCompared", r.blocksCompared());
        out.put("differingBlocks", r.differingBlocks());
        out.put("differingRanges", r.differingRanges().stream()
                .map(b -> Map.of("firstBlock", b.firstBlock(), "blockCount", b.blockCount())).toList());
        Map<String, Object> lengths = new LinkedHashMap<>();
        r.lengthBlocks().forEach((k, v) -> lengths.put(where(locations, k), v));
        out.put("lengthBlocks", lengths);
        out.put("bytesRead", r.bytesRead());
        out.put("seconds", r.seconds());
        out.put("cancelled", r.cancelled());
        return out;
    }

    public static Map<String, Object> status(String name, MirrorState state, long sizeBytes, int blockSize,
                                             List<MemberStatus> members, Map<UUID, String> unavailable,
                                             Map<UUID, String> locations) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mirror", name);
        out.put("state", state.label());
        out.put("sizeBytes", sizeBytes);
        out.put("blockSize", blockSize);
        List<Map<String, Object>> devices = new ArrayList<>();
        for (MemberStatus m : members) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("uuid", m.device().toString());
            d.put("path", where(locations, m.device()));
            d.put("online", m.online());
            d.put("stale", m.stale());
            d.put("needsScrub", m.needsScrub());
            d.put("tableIncomplete", m.tableIncomplete());
            if (m.dataRegionBytes() >= 0) {
                d.put("dataRegionBytes", m.dataRegionBytes());
            }
            String reason = unavailable.getOrDefault(m.device(), m.offlineReason());
            d.put("offlineReason", m.online() ? null : reason);
            d.put("entries", m.entries() < 0 ? null : m.entries());
            d.put("lengthBlocks", m.lengthBlocks() < 0 ? null : m.lengthBlocks());
            d.put("needsRebuild", m.needsRebuild());
            d.put("resync", m.resync() == null ? null : resync(m.resync()));
            Map<String, Object> intents = new LinkedHashMap<>();
            intents.put("extents", m.intents().extents());
            intents.put("capacity", m.intents().capacity());
            intents.put("leftByPowerCut", m.intents().pinned());
            intents.put("misses", m.intents().misses());
            intents.put("missesPerSecond", m.intents().missesPerSecond());
            d.put("intentSet", intents);
            devices.add(d);
        }
        out.put("devices", devices);
        return out;
    }

    /** A running resync's progress: blocks done of the total, the rate so far and its bound, and the time left. */
    public static Map<String, Object> resync(ResyncProgress p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("blocksDone", p.blocksDone());
        out.put("blocksTotal", p.blocksTotal());
        out.put("blocksCopied", p.blocksCopied());
        out.put("bytesPerSecond", Math.round(p.bytesPerSecond()));
        out.put("rateLimit", p.rateLimit());
        out.put("etaSeconds", p.etaSeconds() < 0 ? null : Math.round(p.etaSeconds()));
        return out;
    }

    /** What a resync did. */
    public static Map<String, Object> resync(ResyncReport r, String location) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device", location);
        out.put("completed", r.completed());
        out.put("cancelled", r.cancelled());
        out.put("blocksExamined", r.blocksExamined());
        out.put("blocksCopied", r.blocksCopied());
        out.put("bytesCopied", r.bytesCopied());
        out.put("seconds", r.seconds());
        out.put("stoppedBecause", r.why());
        return out;
    }

    /** The members a compare, verify or repair left out because they are offline, with why. */
    public static List<Map<String, Object>> offline(Map<UUID, String> offline, Map<UUID, String> locations) {
        List<Map<String, Object>> out = new ArrayList<>();
        offline.forEach((uuid, reason) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("path", where(locations, uuid));
            d.put("reason", reason);
            out.add(d);
        });
        return out;
    }

    public static Map<String, Object> entry(TagEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tag", e.tag().toString());
        m.put("generator", e.tag().generatorId());
        m.put("sequence", e.tag().sequence());
        m.put("object", e.objectId());
        m.put("kind", e.kind().name());
        m.put("firstBlock", e.firstBlock());
        m.put("blockCount", e.blockCount());
        m.put("checksum", String.format("%08x", e.checksum()));
        return m;
    }
}
