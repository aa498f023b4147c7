package io.tagmirror.engine.compare;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.ScrubReport;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.compare.MirrorAccess.Member;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A full, tag-independent repair: compares every block of the online devices with one chosen
 * source and copies the blocks that differ. It is the fallback when a tag table was lost and the way
 * a replacement device or a lost object is filled; it costs the whole volume, which is what tags
 * normally avoid. Given targets, it fills only those and leaves every table's entries alone.
 */
public final class Scrub {
    private static final int CHUNK_BLOCKS = 256;

    private final MirrorAccess mirror;
    private final UUID source;
    /** The members to fill, or null for every other online member. */
    private final Set<UUID> targets;
    private final TaskMonitor monitor;

    public Scrub(MirrorAccess mirror, UUID source, TaskMonitor monitor) {
        this(mirror, source, null, monitor);
    }

    public Scrub(MirrorAccess mirror, UUID source, Set<UUID> targets, TaskMonitor monitor) {
        this.mirror = mirror;
        this.source = source;
        this.targets = targets;
        this.monitor = monitor;
    }

    public ScrubReport run() throws IOException {
        long started = System.nanoTime();
        long epoch = mirror.epoch();
        Member from = mirror.member(source);
        if (!from.online()) {
            throw new TagMirrorException("the source device " + from.location() + " is offline");
        }
        List<Member> online = mirror.onlineMembers();
        if (online.size() < 2) {
            throw mirror.tooFewOnline("a scrub");
        }
        if (targets != null) {
            online = online.stream().filter(m -> m == from || targets.contains(m.uuid())).toList();
        }
        Map<UUID, Long> snapshot = new LinkedHashMap<>();
        long blocks = 0;
        for (Member m : online) {
            snapshot.put(m.uuid(), m.device().tagTable().lastBatchId());
            blocks = Math.max(blocks, m.object().lengthBlocks());
        }
        int bs = mirror.blockSize();
        ByteBuffer src = ByteBuffer.allocateDirect(CHUNK_BLOCKS * bs);
        ByteBuffer other = ByteBuffer.allocateDirect(CHUNK_BLOCKS * bs);
        long compared = 0;
        long copied = 0;
        boolean cancelled = false;
        for (long chunk = 0; chunk < blocks; chunk += CHUNK_BLOCKS) {
            if (monitor.isCancelled()) {
                cancelled = true;
                break;
            }
            int count = (int) Math.min(CHUNK_BLOCKS, blocks - chunk);
            try (MirrorAccess.HeldBlocks held = mirror.lockBlocks(chunk, count)) {
                src.clear().limit(count * bs);
                from.object().readInto(chunk, src);
                for (Member m : online) {
                    if (m == from) {
                        continue;
                    }
                    other.clear().limit(count * bs);
                    m.object().readInto(chunk, other);
                    for (int k = 0; k < count; k++) {
                        ByteBuffer a = src.slice(k * bs, bs);
                        if (a.mismatch(other.slice(k * bs, bs)) >= 0) {
                            m.object().write(chunk + k, a);
                            copied++;
                        }
                    }
                }
            }
            compared += count;
            monitor.progress("blocks scrubbed", compared, blocks);
        }
        for (Member m : online) {
            if (m.object().lengthBlocks() < blocks) {
                m.object().setLengthBlocks(blocks);
            }
            if (mirror.durability() == DurabilityMode.POWER_SAFE) {
                m.object().sync(); // the copies are durable before the entries that named them go
            }
        }
        long deleted = 0;
        if (!cancelled && targets != null) {
            for (Member m : online) {
                // a filled target now holds the source's data, which the entries describe as well as the source's
                if (m != from && m.device().tagTable().needsScrub()) {
                    m.device().tagTable().setNeedsScrub(false);
                }
            }
        } else if (!cancelled) {
            String objectId = mirror.definition().objectId();
            // With a member offline (say, away while another was replaced) the entries are the list of
            // what it misses: they stay until it is back and repaired.
            boolean everyMember = online.size() == mirror.members().size();
            for (Member m : online) {
                if (everyMember) {
                    deleted += m.device().tagTable().deleteUpTo(snapshot.get(m.uuid()), e -> !e.objectId().equals(objectId));
                }
                if (m.device().tagTable().needsScrub()) {
                    m.device().tagTable().setNeedsScrub(false);
                }
            }
            if (everyMember) {
                mirror.markWhole(snapshot, epoch);
            }
        }
        return new ScrubReport(compared, copied, copied * bs, deleted, (System.nanoTime() - started) / 1e9, cancelled);
    }
}
