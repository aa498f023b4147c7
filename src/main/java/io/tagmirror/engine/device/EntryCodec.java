package io.tagmirror.engine.device;

import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TagTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Packs a batch of entries into one BLOB of fixed 40-byte records.
 *
 * <p>One row per batch instead of one row per write is what keeps the tag table cheap on the write
 * path (DESIGN §3 measured a row per write at 0.61–0.76 of untagged throughput, a row per batch at
 * 0.71–0.94). Object ids are stored as small integers that the table maps to names.
 */
final class EntryCodec {
    static final int ENTRY_BYTES = 40;

    /** Bytes one entry's block checksums take beside its record: a count, then one CRC32C per block. */
    static int blockChecksumBytes(int blocks) {
        return 4 + 4 * blocks;
    }

    private EntryCodec() {
    }

    static byte[] encode(List<TagEntry> entries, ToIntFunction<String> objectIndex) {
        ByteBuffer out = ByteBuffer.allocate(entries.size() * ENTRY_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (TagEntry e : entries) {
            put(out, e, objectIndex.applyAsInt(e.objectId()));
        }
        return out.array();
    }

    /** One entry's 40-byte record, at {@code out}'s position (little-endian). */
    static void put(ByteBuffer out, TagEntry e, int objectIndex) {
        out.putLong(e.tag().generatorId());
        out.putLong(e.tag().sequence());
        out.putInt(objectIndex);
        out.put(e.kind().code());
        out.put((byte) 0).put((byte) 0).put((byte) 0);
        out.putLong(e.firstBlock());
        out.putInt(e.blockCount());
        out.putInt(e.checksum());
    }

    /** Bytes {@link #putBlockChecksums} takes for these entries. */
    static int blockChecksumsBytes(List<TagEntry> entries, List<int[]> checksums) {
        int size = 0;
        for (int i = 0; i < entries.size(); i++) {
            size += blockChecksumBytes(kept(entries.get(i), checksums.get(i)) ? checksums.get(i).length : 0);
        }
        return size;
    }

    /** Whether an entry's block checksums are recorded: one per block, else none (a flag of 0 alone). */
    private static boolean kept(TagEntry entry, int[] checksums) {
        return checksums != null && checksums.length == entry.blockCount();
    }

    /** Per entry: an int flag (1 = checksums follow) and then one CRC32C per block. */
    static byte[] encodeBlockChecksums(List<TagEntry> entries, List<int[]> checksums) {
        ByteBuffer out = ByteBuffer.allocate(blockChecksumsBytes(entries, checksums)).order(ByteOrder.LITTLE_ENDIAN);
        putBlockChecksums(out, entries, checksums);
        return out.array();
    }

    /** What {@link #encodeBlockChecksums} returns, at {@code out}'s position (little-endian). */
    static void putBlockChecksums(ByteBuffer out, List<TagEntry> entries, List<int[]> checksums) {
        for (int i = 0; i < entries.size(); i++) {
            int[] c = checksums.get(i);
            if (!kept(entries.get(i), c)) {
                // a flag of 0 and nothing after it, as the readers take it (checksums of another
                // length once left their bytes after the flag, and every later entry's were misread)
                out.putInt(0);
                continue;
            }
            out.putInt(1);
            for (int v : c) {
                out.putInt(v);
            }
        }
    }

    /**
     * Decodes a batch straight to a visitor, keeping only entries of one object that overlap blocks
     * {@code [fromBlock, toBlock)}: no object per entry is made, which is what lets a compare read
     * millions of them quickly. Returns the number of entries in the batch.
     */
    static int decodeInto(byte[] blob, byte[] blockChecksums, int objectIndex, long fromBlock, long toBlock,
                          TagTable.PackedEntryVisitor visitor, int arrivalBefore) throws IOException {
        return decodeInto(ByteBuffer.wrap(blob), blob.length / ENTRY_BYTES,
                blockChecksums == null ? null : ByteBuffer.wrap(blockChecksums), null, objectIndex, fromBlock, toBlock,
                visitor, arrivalBefore);
    }

    /**
     * As above, over {@code n} entries at the start of {@code entries} and their checksums (or null),
     * skipping the positions set in {@code settled} (or none): they do not count as arrivals.
     * Returns the number of entries not skipped.
     */
    static int decodeInto(ByteBuffer entries, int n, ByteBuffer blockChecksums, java.util.BitSet settled, int objectIndex,
                          long fromBlock, long toBlock, TagTable.PackedEntryVisitor visitor, int arrivalBefore)
            throws IOException {
        ByteBuffer in = entries.slice().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer crcs = blockChecksums == null ? null : blockChecksums.slice().order(ByteOrder.LITTLE_ENDIAN);
        int live = 0;
        for (int k = 0; k < n; k++) {
            int at = k * ENTRY_BYTES;
            int count = in.getInt(at + 32);
            int crcAt = -1;
            if (crcs != null && crcs.remaining() >= 4) {
                boolean present = crcs.getInt() == 1;
                if (present && count > 0 && crcs.remaining() >= 4 * count) {
                    crcAt = crcs.position();
                    crcs.position(crcs.position() + 4 * count);
                } else if (present) {
                    crcs = null; // inconsistent: ignore the rest rather than misread it
                }
            }
            if (settled != null && settled.get(k)) {
                continue;
            }
            live++;
            if (in.getInt(at + 16) != objectIndex) {
                continue;
            }
            long firstBlock = in.getLong(at + 24);
            if (firstBlock >= toBlock || firstBlock + count <= fromBlock) {
                continue;
            }
            visitor.entry(in.getLong(at), in.getLong(at + 8), in.get(at + 20), firstBlock, count, in.getInt(at + 36),
                    arrivalBefore + live, crcAt >= 0 ? crcs : null, crcAt);
        }
        return live;
    }

    static List<TagEntry> decode(byte[] blob, IntFunction<String> objectName) {
        if (blob.length % ENTRY_BYTES != 0) {
            throw new IllegalStateException("entry batch of " + blob.length + " bytes is not a whole number of entries");
        }
        ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        List<TagEntry> entries = new ArrayList<>(blob.length / ENTRY_BYTES);
        while (in.hasRemaining()) {
            long generator = in.getLong();
            long sequence = in.getLong();
            int object = in.getInt();
            int kind = in.get();
            in.position(in.position() + 3);
            long firstBlock = in.getLong();
            int blockCount = in.getInt();
            int checksum = in.getInt();
            if (!EntryKind.isKnown(kind)) {
                throw new IllegalStateException("unknown entry kind " + kind);
            }
            entries.add(new TagEntry(new Tag(generator, sequence), objectName.apply(object), EntryKind.fromCode(kind),
                    firstBlock, blockCount, checksum));
        }
        return entries;
    }
}
