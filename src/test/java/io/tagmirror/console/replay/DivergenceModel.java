package io.tagmirror.console.replay;

import io.tagmirror.workload.WorkloadOp;
import io.tagmirror.workload.pattern.BlockSizeRange;
import io.tagmirror.workload.pattern.PatternKind;
import io.tagmirror.workload.pattern.SyntheticPattern;
import java.util.TreeSet;

/**
 * Works out from a random pattern alone which blocks differ between two devices after a replay in which
 * the second device missed a window of writes, one write tore on it and the host crashed: a block
 * differs once that device missed it or it tore there, and is the same again once a later write reached
 * both devices whole; the crashing write's data reached only the first device.
 *
 * @param count operations of the pattern
 * @param sizes its write sizes, e.g. "4k-16k"
 * @param seed its seed
 * @param offlineFrom first write the device missed
 * @param offlineTo first write it received again
 * @param tear the write that tore on it
 * @param crash the write the host crashed in
 */
record DivergenceModel(int count, String sizes, long seed, long offlineFrom, long offlineTo, long tear, long crash) {

    /** The plan "Suggest a demo plan" fills in. */
    static final DivergenceModel DEMO_PLAN = new DivergenceModel(1200, "4k-16k", 1, 300, 500, 700, 1000);

    TreeSet<Long> divergentBlocks(long volumeBytes, int blockSize) throws Exception {
        SyntheticPattern pattern = SyntheticPattern.create(PatternKind.RANDOM, volumeBytes, blockSize,
                BlockSizeRange.parse(sizes), seed, count);
        TreeSet<Long> differ = new TreeSet<>();
        long n = 0;
        for (WorkloadOp op : pattern) {
            long first = op.offset() / blockSize;
            long end = (op.end() + blockSize - 1) / blockSize;
            if (n == crash) {
                for (long b = first; b < end; b++) {
                    differ.add(b);
                }
                break;
            }
            for (long b = first; b < end; b++) {
                if (n >= offlineFrom && n < offlineTo) {
                    differ.add(b);
                } else {
                    differ.remove(b);
                }
            }
            if (n == tear) {
                long from = op.offset() + op.length() / 2;
                long to = op.offset() + op.length();
                for (long b = from / blockSize; b <= (to - 1) / blockSize; b++) {
                    differ.add(b);
                }
            }
            n++;
        }
        return differ;
    }
}
