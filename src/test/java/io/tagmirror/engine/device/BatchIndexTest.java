package io.tagmirror.engine.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The log's batch index does what the {@code TreeMap} it replaced did, under seeded random use. */
class BatchIndexTest {
    /** The copied batches as map entries, to set against a TreeMap's. */
    private static <V> List<Map.Entry<Long, V>> entries(BatchIndex.Live<V> live) {
        List<Map.Entry<Long, V>> out = new ArrayList<>();
        for (int k = 0; k < live.size(); k++) {
            out.add(Map.entry(live.id(k), live.value(k)));
        }
        return out;
    }


    @Test
    void behavesAsASortedMapUnderRandomAppendsRemovalsAndRanges() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            BatchIndex<String> index = new BatchIndex<>();
            TreeMap<Long, String> model = new TreeMap<>();
            long next = 1;
            for (int step = 0; step < 3_000; step++) {
                int op = r.nextInt(100);
                if (op < 55) {
                    long id = r.nextInt(20) == 0 && next > 1 ? 1 + r.nextLong(next) : next++; // now and then an old id
                    String v = "b" + id + "." + step;
                    index.put(id, v);
                    model.put(id, v);
                } else if (op < 75) {
                    long id = 1 + r.nextLong(next);
                    assertThat(index.remove(id)).as("seed %d remove %d", seed, id).isEqualTo(model.remove(id));
                } else if (op < 82) {
                    long after = r.nextLong(next + 1) - 1;
                    long upTo = after + r.nextLong(200);
                    List<String> removed = new ArrayList<>();
                    index.removeRange(after, upTo, removed::add);
                    var range = model.subMap(after, false, upTo, true);
                    assertThat(removed).as("seed %d range (%d, %d]", seed, after, upTo).containsExactlyElementsOf(range.values());
                    range.clear();
                } else if (op < 88) {
                    long after = r.nextLong(next + 1) - 1;
                    long upTo = after + r.nextLong(50);
                    assertThat(index.anyIn(after, upTo)).isEqualTo(!model.subMap(after, false, upTo, true).isEmpty());
                } else if (op < 94) {
                    long id = 1 + r.nextLong(next);
                    assertThat(index.get(id)).isEqualTo(model.get(id));
                } else if (op < 97) {
                    long upTo = r.nextLong(next + 1);
                    assertThat(entries(index.upTo(upTo))).containsExactlyElementsOf(new ArrayList<>(model.headMap(upTo, true).entrySet()));
                } else if (op < 99) {
                    assertThat(entries(index.descending())).containsExactlyElementsOf(new ArrayList<>(model.descendingMap().entrySet()));
                } else {
                    index.clear();
                    model.clear();
                }
                assertThat(index.size()).isEqualTo(model.size());
            }
            assertThat(entries(index.upTo(Long.MAX_VALUE))).containsExactlyElementsOf(new ArrayList<>(model.entrySet()));
        }
    }

    @Test
    void aLongRunOfAppendsAndTrimsKeepsItsArraysNearTheLiveCount() {
        BatchIndex<Long> index = new BatchIndex<>();
        for (long id = 1; id <= 1_000_000; id++) {
            index.put(id, id);
            if (id % 1000 == 0) {
                index.removeRange(0, id - 10, x -> { });
            }
        }
        assertThat(index.size()).isEqualTo(10);
        assertThat(entries(index.upTo(Long.MAX_VALUE))).extracting(Map.Entry::getKey).containsExactly(999_991L, 999_992L, 999_993L,
                999_994L, 999_995L, 999_996L, 999_997L, 999_998L, 999_999L, 1_000_000L);
        assertThat(index.anyIn(Long.MAX_VALUE, Long.MAX_VALUE)).isFalse();
    }
}
