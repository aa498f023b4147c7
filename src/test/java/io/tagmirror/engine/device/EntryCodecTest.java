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
}
