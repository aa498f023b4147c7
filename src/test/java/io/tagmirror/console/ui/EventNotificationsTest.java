package io.tagmirror.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A notification's text fits a popup narrower than the console's window. */
class EventNotificationsTest {

    @Test
    void theSentenceTurnsToWhatToDoOnItsOwnLine() {
        assertThat(EventNotifications.lines("member b of mirror home is offline; the others take the writes"))
                .isEqualTo("member b of mirror home is offline;\nthe others take the writes");
    }

    @Test
    void aLongSentenceIsBrokenBetweenWordsSoNoLineIsWiderThanThePopup() {
        String detail = "member /tmp/workspace/demo/device-b of mirror demo is back but missed writes: "
                + "'tagmirror repair demo --yes' copies them (or the scrub that status names)";
        String text = EventNotifications.lines(detail);
        assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(EventNotifications.LINE));
        assertThat(text.lines()).hasSizeGreaterThan(1);
        assertThat(text.replace('\n', ' ')).isEqualTo(detail);
    }
}
