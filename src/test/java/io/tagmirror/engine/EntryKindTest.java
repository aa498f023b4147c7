package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryKindTest {

    @Test
    void everyKindKeepsTheCodeTablesWereWrittenWith() {
        // Tables written by the first engine stored the enum's position: these numbers are the format.
        assertThat(EntryKind.BLOCKS.code()).isEqualTo((byte) 0);
        assertThat(EntryKind.EXTEND.code()).isEqualTo((byte) 1);
        for (EntryKind k : EntryKind.values()) {
            assertThat(EntryKind.fromCode(k.code())).isEqualTo(k);
        }
    }

    @Test
    void anUnknownCodeIsRefusedNotMappedToSomeKind() {
        assertThat(EntryKind.isKnown(2)).isFalse();
        assertThatThrownBy(() -> EntryKind.fromCode(2)).isInstanceOf(IllegalArgumentException.class);
    }

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
}
