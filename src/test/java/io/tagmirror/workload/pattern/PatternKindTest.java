package io.tagmirror.workload.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import org.junit.jupiter.api.Test;

class PatternKindTest {

    @Test
    void parsesEveryKindByItsLowerCaseName() throws TagMirrorException {
        for (PatternKind kind : PatternKind.values()) {
            assertThat(PatternKind.parse(kind.toString())).isEqualTo(kind);
        }
        assertThat(PatternKind.parse(" Zipf ")).isEqualTo(PatternKind.ZIPF);
    }

    @Test
    void refusesUnknownNamesListingTheKnownOnes() {
        assertThatThrownBy(() -> PatternKind.parse("burst"))
                .isInstanceOf(TagMirrorException.class)
                .hasMessage("unknown pattern 'burst': use sequential, random, zipf, append or mix");
    }
}
