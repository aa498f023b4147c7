package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({
        "4096, 4096",
        "4096B, 4096",
        "4k, 4096",
        "4K, 4096",
        "4KiB, 4096",
        "4kib, 4096",
        "64MiB, 67108864",
        "64 MiB, 67108864",
        "64M, 67108864",
        "1GiB, 1073741824",
        "1G, 1073741824",
        "1Gi, 1073741824",
        "2TiB, 2199023255552",
        "1PiB, 1125899906842624",
        "0, 0"
    })
    void readsBytesAndPowersOf1024(String text, long bytes) throws TagMirrorException {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1GB", "1gb", "64MB", "4kB", "4KB", "2TB", "1PB"})
    void decimalLookingUnitsAreRefusedNotReadAsPowersOf1024(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageContaining("is ambiguous")
                .hasMessageContaining("iB for powers of 1024");
    }

    @Test
    void theAmbiguityMessageGivesBothWaysOut() {
        assertThatThrownBy(() -> ByteSize.parse("1GB"))
                .hasMessage("'1GB' is ambiguous (10^9 or 2^30 bytes per GB): write 1GiB for powers of 1024,"
                        + " or 1000000000 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "-4k", "1.5GiB", "4x", "k", "4 k b", "0x10", "1e6"})
    void anythingElseIsNotASize(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageContaining("is not a size")
                .hasMessageContaining("64MiB");
    }

    @Test
    void sizesBeyondALongAreRefused() {
        assertThatThrownBy(() -> ByteSize.parse("8EiB")).hasMessageContaining("too large");
        assertThatThrownBy(() -> ByteSize.parse("99999999999999999999")).hasMessageContaining("too large");
        assertThatThrownBy(() -> ByteSize.parse(" ")).hasMessageContaining("a size is needed");
    }
}
