package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
