package io.tagmirror.engine.compare;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.engine.compare.MirrorAccess.Member;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Compares every block of a mirror's online devices, streaming in chunks: the fallback when a tag
 * table is lost, and the proof after a repair.
 */
public final class Verifier {
    static final int MAX_LISTED_RANGES = 1000;
    private static final int CHUNK_BLOCKS = 1024;

    private final MirrorAccess mirror;
    private final TaskMonitor monitor;

    public Verifier(MirrorAccess mirror, TaskMonitor monitor) {
        this.mirror = mirror;
        this.monitor = monitor;
    }

    public VerifyReport run() throws IOException {
        long started = System.nanoTime();
        List<Member> online = mirror.onlineMembers();
        if (online.size() < 2) {
            throw mirror.tooFewOnline("verify");
        }
        Map<UUID, Long> lengths = new LinkedHashMap<>();
        long blocks = 0;
        for (Member m : online) {
            long len = m.object().lengthBlocks();
            lengths.put(m.uuid(), len);
            blocks = Math.max(blocks, len);
        }
        boolean sameLength = lengths.values().stream().distinct().count() == 1;
        int bs = mirror.blockSize();
        int n = online.size();
        long differing = 0;
        long bytesRead = 0;
        List<BlockRange> ranges = new ArrayList<>();
        long runStart = -1;
        boolean cancelled = false;
        long compared = 0;
        for (long chunk = 0; chunk < blocks; chunk += CHUNK_BLOCKS) {
            if (monitor.isCancelled()) {
                cancelled = true;
                break;
            }
            int count = (int) Math.min(CHUNK_BLOCKS, blocks - chunk);
            byte[][] data = new byte[n][];
            try (MirrorAccess.HeldBlocks held = mirror.lockBlocks(chunk, count)) {
                for (int d = 0; d < n; d++) {
                    data[d] = online.get(d).object().read(chunk, count).array();
                    bytesRead += data[d].length;
                }
            }
            for (int k = 0; k < count; k++) {
                int from = k * bs;
                boolean same = true;
                for (int d = 1; d < n && same; d++) {
                    same = Arrays.equals(data[0], from, from + bs, data[d], from, from + bs);
                }
                long block = chunk + k;
                if (!same) {
                    differing++;
                    if (runStart < 0) {
                        runStart = block;
                    }
                } else if (runStart >= 0) {
                    addRange(ranges, runStart, block);
                    runStart = -1;
                }
            }
            compared += count;
            monitor.progress("blocks verified", compared, blocks);
        }
        if (runStart >= 0) {
            addRange(ranges, runStart, compared);
        }
        return new VerifyReport(!cancelled && differing == 0 && sameLength, compared, differing,
                ranges, lengths, bytesRead, (System.nanoTime() - started) / 1e9, cancelled);
    }

    private static void addRange(List<BlockRange> ranges, long from, long to) {
        if (ranges.size() < MAX_LISTED_RANGES) {
            ranges.add(new BlockRange(from, to - from));
        }
    }
}
