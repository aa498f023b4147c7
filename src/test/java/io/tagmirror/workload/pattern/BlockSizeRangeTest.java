package io.tagmirror.workload.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlockSizeRangeTest {

    @ParameterizedTest
    @CsvSource({
        "512, 512, 512",
        "4k, 4096, 4096",
        "4K, 4096, 4096",
        "1m, 1048576, 1048576",
        "4k-64k, 4096, 65536",
        "4K - 1M, 4096, 1048576",
        "1536-2560, 1536, 2560"
    })
    void parsesSizesAndRangesInPowersOf1024(String text, long min, long max) throws TagMirrorException {
        assertThat(BlockSizeRange.parse(text)).isEqualTo(new BlockSizeRange(min, max));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "1000", "4x", "64k-4k", "-4k", "4k-", "k", "4g", "1.5k"})
    void refusesAnythingElseWithAnExample(String text) {
        assertThatThrownBy(() -> BlockSizeRange.parse(text))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageStartingWith("block size '" + text + "' is not valid: ")
                .hasMessageEndingWith("such as 4k-64k");
    }

    @Test
    void notAMultipleOf512IsExplained() {
        assertThatThrownBy(() -> BlockSizeRange.parse("1000")).hasMessageContaining("1000 bytes is not a multiple of 512");
    }

    @Test
    void powerOfTwoRangeDrawsEveryPowerOfTwoBetweenItsEnds() throws TagMirrorException {
        assertThat(draws(BlockSizeRange.parse("4k-64k"), 4096))
                .containsExactly(4096L, 8192L, 16384L, 32768L, 65536L);
    }

    @Test
    void otherRangeStepsByTheBlockSizeWhenBothEndsAreWholeBlocks() throws TagMirrorException {
        assertThat(draws(BlockSizeRange.parse("4k-12k"), 4096)).containsExactly(4096L, 8192L, 12288L);
    }

    @Test
    void otherRangeStepsBy512WhenAnEndIsNotAWholeBlock() throws TagMirrorException {
        assertThat(draws(BlockSizeRange.parse("1536-2560"), 4096)).containsExactly(1536L, 2048L, 2560L);
    }

    @Test
    void printsBackInTheParsedForm() throws TagMirrorException {
        assertThat(BlockSizeRange.parse("4K-1M")).hasToString("4k-1m");
        assertThat(BlockSizeRange.of(1536)).hasToString("1536");
    }

    private static Set<Long> draws(BlockSizeRange range, long blockSize) {
        SplitMix64 random = new SplitMix64(42);
        Set<Long> seen = new TreeSet<>();
        for (int i = 0; i < 2000; i++) {
            seen.add(range.sample(random, blockSize));
        }
        return seen;
    }
}
