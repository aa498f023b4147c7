package io.tagmirror.engine.compare;

import io.tagmirror.engine.Tag;

/**
 * Counts the tags present on every device from entries met in block order, without a table of all
 * tags: the copies of one tag are one write sent to every device, so they name the same range and
 * arrive together among the entries that start at one block.
 */
final class MatchedTags {
    private final int devices;
    private long groupFirst = -1;
    private long[] generator = new long[16];
    private long[] sequence = new long[16];
    private int size;
    private long matched;

    MatchedTags(int devices) {
        this.devices = devices;
    }

    void add(EntryStore store, int i) {
        if (store.first[i] != groupFirst) {
            countGroup();
            groupFirst = store.first[i];
        }
        if (size == generator.length) {
            generator = java.util.Arrays.copyOf(generator, size * 2);
            sequence = java.util.Arrays.copyOf(sequence, size * 2);
        }
        generator[size] = store.generator[i];
        sequence[size] = store.sequence[i];
        size++;
    }

    /** Tags met on at least as many entries as there are devices. */
    long count() {
        countGroup();
        return matched;
    }

    private void countGroup() {
        if (size == 0) {
            return;
        }
        sort();
        int run = 1;
        for (int i = 1; i <= size; i++) {
            if (i < size && generator[i] == generator[i - 1] && sequence[i] == sequence[i - 1]) {
                run++;
            } else {
                if (run >= devices) {
                    matched++;
                }
                run = 1;
            }
        }
        size = 0;
    }

    private void sort() {
        if (size <= 64) {
            // a block's entries are few: one per write to it and device
            for (int i = 1; i < size; i++) {
                long g = generator[i];
                long s = sequence[i];
                int j = i - 1;
                while (j >= 0 && (generator[j] > g || (generator[j] == g && sequence[j] > s))) {
                    generator[j + 1] = generator[j];
                    sequence[j + 1] = sequence[j];
                    j--;
                }
                generator[j + 1] = g;
                sequence[j + 1] = s;
            }
            return;
        }
        Tag[] tags = new Tag[size];
        for (int i = 0; i < size; i++) {
            tags[i] = new Tag(generator[i], sequence[i]);
        }
        java.util.Arrays.sort(tags, java.util.Comparator.comparingLong(Tag::generatorId).thenComparingLong(Tag::sequence));
        for (int i = 0; i < size; i++) {
            generator[i] = tags[i].generatorId();
            sequence[i] = tags[i].sequence();
        }
    }
}
