package io.tagmirror.engine.compare;

import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagMirrorException;
import java.util.Arrays;

/**
 * Entries a compare works on, in parallel primitive arrays (about 40 bytes an entry instead of some
 * 150 as objects). A compare holds two: the chunk being gathered before it is sorted, and the entries
 * its sweep is working on; neither grows with the size of the tables.
 */
final class EntryStore {
    /** Entries one compare can sort by packing (first block, index) into a long. */
    static final int MAX_ENTRIES = 1 << 24;
    static final long MAX_BLOCK = 1L << 39;

    int size;
    long[] first = new long[1024];
    int[] count = new int[1024];
    long[] generator = new long[1024];
    long[] sequence = new long[1024];
    int[] checksum = new int[1024];
    byte[] kind = new byte[1024];
    byte[] device = new byte[1024];
    int[] arrival = new int[1024];
    /** Where an entry's per-block checksums start in {@link #blockChecksums}, or -1 when unknown. */
    int[] checksumStart = new int[1024];
    /**
     * Per device (bit d, devices below 64), whether the entry's whole range was checked against that
     * device's data, and whether it matched: kept with the entry, so checking a long entry once is
     * enough however many windows it spans.
     */
    long[] checkedOn = new long[1024];
    long[] matchesOn = new long[1024];
    int[] blockChecksums = new int[1024];
    int blockChecksumCount;

    void add(TagEntry e, int dev, int arrivalIndex) throws TagMirrorException {
        add(e.tag().generatorId(), e.tag().sequence(), e.kind().code(), e.firstBlock(), e.blockCount(),
                e.checksum(), dev, arrivalIndex);
    }

    void add(long gen, long seq, byte entryKind, long firstBlock, int blockCount, int crc, int dev, int arrivalIndex)
            throws TagMirrorException {
        if (size == MAX_ENTRIES) {
            throw new TagMirrorException("more than " + MAX_ENTRIES + " entries to compare at once; compare a device pair at a time");
        }
        if (firstBlock < 0 || blockCount <= 0 || firstBlock + blockCount > MAX_BLOCK || !EntryKind.isKnown(entryKind)) {
            throw new TagMirrorException("the tag table holds an entry with an impossible range or kind (block " + firstBlock
                    + "+" + blockCount + "); it is corrupt");
        }
        if (size == first.length) {
            int n = size * 2;
            first = Arrays.copyOf(first, n);
            count = Arrays.copyOf(count, n);
            generator = Arrays.copyOf(generator, n);
            sequence = Arrays.copyOf(sequence, n);
            checksum = Arrays.copyOf(checksum, n);
            kind = Arrays.copyOf(kind, n);
            device = Arrays.copyOf(device, n);
            arrival = Arrays.copyOf(arrival, n);
            checksumStart = Arrays.copyOf(checksumStart, n);
            checkedOn = Arrays.copyOf(checkedOn, n);
            matchesOn = Arrays.copyOf(matchesOn, n);
        }
        checksumStart[size] = -1;
        checkedOn[size] = 0;
        matchesOn[size] = 0;
        first[size] = firstBlock;
        count[size] = blockCount;
        generator[size] = gen;
        sequence[size] = seq;
        checksum[size] = crc;
        kind[size] = entryKind;
        device[size] = (byte) dev;
        arrival[size] = arrivalIndex;
        size++;
    }

    /** Appends a copy of entry {@code i} of {@code from}; returns its index here. */
    int copy(EntryStore from, int i) throws TagMirrorException {
        add(from.generator[i], from.sequence[i], from.kind[i], from.first[i], from.count[i], from.checksum[i],
                from.device[i], from.arrival[i]);
        checkedOn[size - 1] = from.checkedOn[i];
        matchesOn[size - 1] = from.matchesOn[i];
        if (from.hasBlockChecksums(i)) {
            int n = from.count[i];
            reserveBlockChecksums(n);
            checksumStart[size - 1] = blockChecksumCount;
            System.arraycopy(from.blockChecksums, from.checksumStart[i], blockChecksums, blockChecksumCount, n);
            blockChecksumCount += n;
        }
        return size - 1;
    }

    /** Forgets every entry, keeping the arrays for reuse. */
    void clear() {
        size = 0;
        blockChecksumCount = 0;
    }

    private void reserveBlockChecksums(int count) {
        if (blockChecksumCount + count > blockChecksums.length) {
            blockChecksums = Arrays.copyOf(blockChecksums, Math.max(blockChecksums.length * 2, blockChecksumCount + count));
        }
    }

    /** Copies entry {@code i}'s block checksums from a little-endian view of a batch's checksum blob. */
    void setBlockChecksums(int i, java.nio.ByteBuffer in, int offset, int count) {
        reserveBlockChecksums(count);
        checksumStart[i] = blockChecksumCount;
        for (int b = 0; b < count; b++) {
            blockChecksums[blockChecksumCount++] = in.getInt(offset + 4 * b);
        }
    }

    /** Whether entry {@code i} carries the checksum of each of its blocks. */
    boolean hasBlockChecksums(int i) {
        return checksumStart[i] >= 0;
    }

    int blockChecksum(int i, long block) {
        return blockChecksums[checksumStart[i] + (int) (block - first[i])];
    }

    long end(int i) {
        return first[i] + count[i];
    }

    boolean sameTag(int i, int j) {
        return generator[i] == generator[j] && sequence[i] == sequence[j];
    }

    Tag tag(int i) {
        return new Tag(generator[i], sequence[i]);
    }

    TagEntry entry(int i, String objectId) {
        return new TagEntry(tag(i), objectId, EntryKind.fromCode(kind[i]), first[i], count[i], checksum[i]);
    }

    /** Entry indexes ordered by first block, by sorting packed (first block, index) keys. */
    int[] orderByFirstBlock() {
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
            keys[i] = (first[i] << 24) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = (int) (keys[i] & (MAX_ENTRIES - 1));
        }
        return order;
    }
}
