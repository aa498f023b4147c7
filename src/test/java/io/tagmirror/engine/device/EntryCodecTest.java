package io.tagmirror.engine.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

    @Test
    void aPackedEntryCarriesItsKindAsTheFixedCode() {
        TagEntry extend = new TagEntry(new Tag(3, 9), "obj", EntryKind.EXTEND, 16, 4, 0x1234);
        byte[] packed = EntryCodec.encode(List.of(extend), name -> 7);
        assertThat(packed[20]).isEqualTo(EntryKind.EXTEND.code());

        ByteBuffer written = ByteBuffer.wrap(packed.clone()).order(ByteOrder.LITTLE_ENDIAN);
        written.put(20, (byte) 0);
        assertThat(EntryCodec.decode(written.array(), i -> "obj").get(0).kind()).isEqualTo(EntryKind.BLOCKS);
        assertThat(EntryCodec.decode(packed, i -> "obj")).containsExactly(extend);
    }

    /**
     * An entry whose checksums do not match its blocks keeps none (a flag of 0 alone), so the entries
     * after it are read with their own: its unused bytes once shifted every later entry's.
     */
    @Test
    void checksumsOfTheWrongLengthAreLeftOutWithoutShiftingTheNextEntrysOnes() throws java.io.IOException {
        TagEntry odd = new TagEntry(new Tag(1, 1), "obj", EntryKind.BLOCKS, 0, 2, 11);
        TagEntry next = new TagEntry(new Tag(1, 2), "obj", EntryKind.BLOCKS, 8, 2, 22);
        List<TagEntry> entries = List.of(odd, next);
        List<int[]> checksums = List.of(new int[] {5, 6, 7}, new int[] {0x0A0A, 0x0B0B});
        byte[] packed = EntryCodec.encode(entries, name -> 1);
        byte[] crcs = EntryCodec.encodeBlockChecksums(entries, checksums);
        assertThat(crcs).hasSize(EntryCodec.blockChecksumsBytes(entries, checksums)).hasSize(4 + 4 + 2 * 4);
        java.util.Map<Long, List<Integer>> seen = new java.util.HashMap<>();
        EntryCodec.decodeInto(packed, crcs, 1, 0, 100, new io.tagmirror.engine.TagTable.PackedEntryVisitor() {
            @Override
            public void entry(long generator, long sequence, byte kind, long firstBlock, int count, int checksum,
                              int arrival, ByteBuffer blockCrcs, int crcAt) {
                List<Integer> got = new java.util.ArrayList<>();
                for (int k = 0; blockCrcs != null && k < count; k++) {
                    got.add(blockCrcs.getInt(crcAt + 4 * k));
                }
                seen.put(sequence, got);
            }

            @Override
            public boolean read(int entries) {
                return true;
            }
        }, 0);
        assertThat(seen.get(1L)).isEmpty();
        assertThat(seen.get(2L)).containsExactly(0x0A0A, 0x0B0B);
    }
}
