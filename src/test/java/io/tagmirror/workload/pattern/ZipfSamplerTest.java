package io.tagmirror.workload.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ZipfSamplerTest {

    @Test
    void rankFrequenciesFollowTheZipfLaw() {
        int n = 100;
        double skew = 1.2;
        ZipfSampler sampler = new ZipfSampler(n, skew);
        SplitMix64 random = new SplitMix64(99);
        int draws = 400_000;
        int[] counts = new int[n + 1];
        for (int i = 0; i < draws; i++) {
            counts[(int) sampler.sample(random)]++;
        }
        double norm = 0;
        for (int k = 1; k <= n; k++) {
            norm += Math.pow(k, -skew);
        }
        for (int k : new int[] {1, 2, 5, 20}) {
            double expected = Math.pow(k, -skew) / norm;
            assertThat((double) counts[k] / draws).isCloseTo(expected, within(0.01));
        }
    }

    @Test
    void ranksStayWithinOneToN() {
        ZipfSampler sampler = new ZipfSampler(7, 0.99);
        SplitMix64 random = new SplitMix64(1);
        for (int i = 0; i < 10_000; i++) {
            assertThat(sampler.sample(random)).isBetween(1L, 7L);
        }
    }

    @Test
    void singleItemAlwaysDrawsRankOne() {
        ZipfSampler sampler = new ZipfSampler(1, 0.99);
        SplitMix64 random = new SplitMix64(1);

        assertThat(sampler.sample(random)).isEqualTo(1);
    }
}
