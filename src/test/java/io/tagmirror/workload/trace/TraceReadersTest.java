package io.tagmirror.workload.trace;

import static io.tagmirror.workload.trace.TraceSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReadersTest {

    @TempDir
    Path dir;

    @Test
    void openDetectsTheFormatWhenNoneIsGiven() throws IOException {
        try (TraceReader reader = TraceReaders.open(sample("msr.csv"), null, TraceOptions.defaults())) {
            assertThat(reader.format()).isEqualTo(TraceFormat.MSR);
            assertThat(reader.file()).isEqualTo(sample("msr.csv"));
        }
    }

    @Test
    void givenFormatOverridesDetection() throws IOException {
        try (TraceReader reader = TraceReaders.open(sample("msr.csv"), TraceFormat.BLKPARSE, TraceOptions.defaults())) {
            assertThatThrownBy(reader::next).hasMessageStartingWith(sample("msr.csv") + ":1: ");
        }
    }

    @Test
    void hostFilterOnANonMsrTraceIsRefused() {
        assertThatThrownBy(() -> TraceReaders.open(sample("fio-v2.log"), null, TraceOptions.defaults().withHost("hm")))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageContaining("read as fio")
                .hasMessageContaining("MSR traces only");
    }

    @Test
    void completedEventsOnANonBlkparseTraceAreRefused() {
        assertThatThrownBy(() -> TraceReaders.open(sample("msr.csv"), null,
                        TraceOptions.defaults().withBlkparseCompleted(true)))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageContaining("blkparse traces only");
    }

    @Test
    void directoryIsRefused() {
        assertThatThrownBy(() -> TraceReaders.open(dir, TraceFormat.FIO, TraceOptions.defaults()))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void endOfTraceStaysEnded() throws IOException {
        try (TraceReader reader = TraceReaders.open(sample("fio-v3.log"), null, TraceOptions.defaults())) {
            while (reader.next().isPresent()) {
                // drain
            }
            assertThat(reader.next()).isEmpty();
        }
    }
}
