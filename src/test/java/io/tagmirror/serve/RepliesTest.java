package io.tagmirror.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reply is counted before its bytes reach the client, so a client never sees a reply the figures lack. */
class RepliesTest {

    /** Records, at each write, what had already run. */
    private static class RecordingWire implements Wire {
        final List<String> events;

        RecordingWire(List<String> events) {
            this.events = events;
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException("no reads in this test");
        }

        @Override
        public void writeFully(ByteBuffer... frames) throws IOException {
            events.add("written");
        }

        @Override
        public void shutdownInput() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aReplySentNowIsCountedBeforeItIsWrittenAndGivesItsBudgetBackAfter() throws Exception {
        List<String> events = new ArrayList<>();
        Replies replies = new Replies(new RecordingWire(events), "replies-test");
        replies.sendNow(new Replies.Reply(new ByteBuffer[] {ByteBuffer.allocate(16)},
                () -> events.add("counted"), () -> events.add("budget back")));
        replies.finish();
        assertThat(events).containsExactly("counted", "written", "budget back");
    }

    @Test
    void aQueuedReplyIsCountedBeforeItIsWritten() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Replies replies = new Replies(new RecordingWire(events), "replies-test");
        replies.send(new Replies.Reply(new ByteBuffer[] {ByteBuffer.allocate(16)},
                () -> events.add("counted"), () -> events.add("budget back")));
        replies.finish();
        assertThat(events).containsExactly("counted", "written", "budget back");
    }

    @Test
    void aReplyToAClientThatIsGoneIsStillCountedAndGivesItsBudgetBack() throws Exception {
        List<String> events = new ArrayList<>();
        Wire failing = new RecordingWire(events) {
            @Override
            public void writeFully(ByteBuffer... frames) throws IOException {
                throw new IOException("connection reset");
            }
        };
        Replies replies = new Replies(failing, "replies-test");
        replies.sendNow(new Replies.Reply(new ByteBuffer[] {ByteBuffer.allocate(16)},
                () -> events.add("counted"), () -> events.add("budget back")));
        replies.finish();
        assertThat(replies.broken()).isTrue();
        assertThat(events).containsExactly("counted", "budget back");
    }
}
