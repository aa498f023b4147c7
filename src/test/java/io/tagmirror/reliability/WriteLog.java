package io.tagmirror.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What writers issued and which of their writes a returned {@code flush()} acknowledged, and the check
 * of invariant 3 on a volume image: every byte holds the last flushed write that covered it, or a
 * write issued after it (never older data).
 *
 * <p>Writes are grouped in streams; writes of one stream to the same bytes take effect in index order
 * (one thread writing its own region, or a replay that orders overlapping writes by number), and no
 * two streams write the same bytes.
 */
final class WriteLog {
    /** One write: its stream, its index in that stream, and where it went. */
    record Write(int stream, long index, long offset, int length) {
    }

    private final List<Write> writes = new ArrayList<>();
    private final Map<Integer, Long> flushedUpTo = new HashMap<>();

    synchronized void issued(Write w) {
        writes.add(w);
    }

    /** A flush returned after every write of {@code stream} up to {@code index} (inclusive) was acknowledged. */
    synchronized void flushed(int stream, long index) {
        flushedUpTo.merge(stream, index, Math::max);
    }

    synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    synchronized long flushedUpTo(int stream) {
        return flushedUpTo.getOrDefault(stream, -1L);
    }

    synchronized int flushedCount() {
        int n = 0;
        for (Write w : writes) {
            if (w.index() <= flushedUpTo(w.stream())) {
                n++;
            }
        }
        return n;
    }

    /**
     * Checks invariant 3 on {@code image} (the volume from byte 0); {@code data} gives each write's bytes.
     * A byte no flushed write covered may hold zero or any issued write's data.
     */
    synchronized void checkNoFlushedWriteLost(byte[] image, Function<Write, byte[]> data, String context) {
        int size = image.length;
        long[] lastFlushed = new long[size];
        Arrays.fill(lastFlushed, -1);
        int[] lastFlushedWrite = new int[size];
        for (int k = 0; k < writes.size(); k++) {
            Write w = writes.get(k);
            if (w.index() <= flushedUpTo(w.stream())) {
                for (long p = w.offset(); p < Math.min(size, w.offset() + w.length()); p++) {
                    if (w.index() > lastFlushed[(int) p]) {
                        lastFlushed[(int) p] = w.index();
                        lastFlushedWrite[(int) p] = k;
                    }
                }
            }
        }
        boolean[] ok = new boolean[size];
        for (int p = 0; p < size; p++) {
            ok[p] = lastFlushed[p] < 0 && image[p] == 0;
        }
        for (int k = 0; k < writes.size(); k++) {
            Write w = writes.get(k);
            boolean later = w.index() > flushedUpTo(w.stream());
            byte[] bytes = null;
            for (int i = 0; i < w.length(); i++) {
                long p = w.offset() + i;
                if (p >= size || ok[(int) p]) {
                    continue;
                }
                if (later || lastFlushedWrite[(int) p] == k && lastFlushed[(int) p] >= 0) {
                    if (bytes == null) {
                        bytes = data.apply(w);
                    }
                    if (image[(int) p] == bytes[i]) {
                        ok[(int) p] = true;
                    }
                }
            }
        }
        for (int p = 0; p < size; p++) {
            if (!ok[p]) {
                String lost = lastFlushed[p] < 0 ? "no flushed write (it should be zero or an issued write)"
                        : "flushed write " + writes.get(lastFlushedWrite[p]);
                throw new Recovery.InvariantBroken(context + ": byte " + p + " holds " + image[p] + ", which is not what "
                        + lost + " left there, nor any later write: invariant 3 (no lost acknowledged write) broken");
            }
        }
    }
}
