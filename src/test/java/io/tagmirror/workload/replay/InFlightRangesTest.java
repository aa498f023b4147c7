package io.tagmirror.workload.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InFlightRangesTest {

    @Test
    void overlapIsFoundOnEitherSideAndTouchingRangesDoNotOverlap() {
        InFlightRanges r = new InFlightRanges();
        r.add(10, 20);
        r.add(30, 40);
        assertThat(r.overlaps(0, 10)).isFalse();
        assertThat(r.overlaps(20, 30)).isFalse();
        assertThat(r.overlaps(0, 11)).isTrue();
        assertThat(r.overlaps(19, 21)).isTrue();
        assertThat(r.overlaps(25, 31)).isTrue();
        assertThat(r.overlaps(12, 13)).isTrue();
        assertThat(r.overlaps(0, 100)).isTrue();
        assertThat(r.overlaps(40, 41)).isFalse();
        assertThatThrownBy(() -> r.add(15, 35)).isInstanceOf(IllegalStateException.class);
        r.remove(10);
        assertThat(r.overlaps(0, 30)).isFalse();
        assertThat(r.size()).isEqualTo(1);
    }

    @Test
    void anOpenEndedRangeHoldsBackEverythingPastItsStart() {
        InFlightRanges r = new InFlightRanges();
        r.add(1L << 40, Long.MAX_VALUE);
        assertThat(r.overlaps((1L << 40) + 5, (1L << 40) + 6)).isTrue();
        assertThat(r.overlaps(0, 1L << 40)).isFalse();
    }
}
