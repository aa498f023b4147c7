package io.tagmirror.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void formatsInBinaryUnitsWithThreeSignificantDigits() {
        assertThat(ByteSize.format(0)).isEqualTo("0 B");
        assertThat(ByteSize.format(1023)).isEqualTo("1023 B");
        assertThat(ByteSize.format(1024)).isEqualTo("1.00 KiB");
        assertThat(ByteSize.format(1536)).isEqualTo("1.50 KiB");
        assertThat(ByteSize.format(45L * 1024 * 1024 + 200 * 1024)).isEqualTo("45.2 MiB");
        assertThat(ByteSize.format(931L * 1024 * 1024 * 1024)).isEqualTo("931 GiB");
        assertThat(ByteSize.format(4_000_787_030_016L)).isEqualTo("3.64 TiB");
    }

    @Test
    void roundsUpIntoTheNextUnitRatherThanShowing1024() {
        assertThat(ByteSize.format(1024L * 1024 - 1)).isEqualTo("1.00 MiB");
    }

    @Test
    void unknownSizesShowADash() {
        assertThat(ByteSize.format(-1)).isEqualTo(ByteSize.UNKNOWN);
        assertThat(ByteSize.percent(-1)).isEqualTo(ByteSize.UNKNOWN);
    }

    @Test
    void formatsPercentages() {
        assertThat(ByteSize.percent(0)).isEqualTo("0%");
        assertThat(ByteSize.percent(0.874)).isEqualTo("87%");
        assertThat(ByteSize.percent(1)).isEqualTo("100%");
    }
}
