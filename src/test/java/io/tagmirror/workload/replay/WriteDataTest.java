package io.tagmirror.workload.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteDataTest {

    @Test
    void dataDependsOnSeedAndWriteNumberOnlyAndIsNeverAllZeros() {
        assertThat(WriteData.of(7, 3, 4096)).isEqualTo(WriteData.of(7, 3, 4096));
        assertThat(WriteData.of(7, 3, 4096)).isNotEqualTo(WriteData.of(7, 4, 4096));
        assertThat(WriteData.of(7, 3, 4096)).isNotEqualTo(WriteData.of(8, 3, 4096));
        assertThat(WriteData.of(0, 0, 1).get(0) & 1).isEqualTo(1);
        assertThat(WriteData.of(1, 2, 13).remaining()).isEqualTo(13);
        // a shorter write is a prefix of a longer one with the same identity: lengths never shift the bytes
        assertThat(WriteData.of(5, 9, 100).limit(96)).isEqualTo(WriteData.of(5, 9, 200).limit(96));
    }
}
