package io.tagmirror.workload.trace;

import static io.tagmirror.workload.trace.TraceSamples.readAll;
import static io.tagmirror.workload.trace.TraceSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workload.WorkloadOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlkparseTraceReaderTest {

    @TempDir
    Path dir;

    @Test
    void queueEventsAreReplayedBySectorTimesFiveHundredTwelve() throws IOException {
        List<WorkloadOp> ops = readAll("blkparse.txt", TraceOptions.defaults()).ops();

        assertThat(ops).containsExactly(
                WorkloadOp.write("8,0", 223490L * 512, 8 * 512, 487, 2),
                WorkloadOp.write("8,0", 223498L * 512, 8 * 512, 4_000, 6),
                WorkloadOp.flush("8,0", 1_000_000, 13),
                WorkloadOp.flush("8,0", 1_100_000, 14),
                WorkloadOp.flush("8,0", 2_000_000, 15),
                WorkloadOp.write("8,0", 123L * 512, 512, 2_500_000, 16),
                WorkloadOp.write("8,16", 77L * 512, 3 * 512, 1_500_000_001L, 20));
    }

    @Test
    void completionEventsAreReplayedWhenAsked() throws IOException {
        List<WorkloadOp> ops = readAll("blkparse.txt", TraceOptions.defaults().withBlkparseCompleted(true)).ops();

        assertThat(ops).containsExactly(
                WorkloadOp.write("8,0", 223490L * 512, 16 * 512, 400_000, 12),
                WorkloadOp.flush("8,0", 3_100_000, 19),
                WorkloadOp.write("8,16", 77L * 512, 3 * 512, 1_700_000_000L, 22));
    }

    @Test
    void blkparseSummaryBlockIsNotAWrite() throws IOException {
        TraceSamples.Read read = readAll("blkparse.txt", TraceOptions.defaults());

        assertThat(read.ops()).extracting(WorkloadOp::lineNumber).allMatch(line -> line <= 22);
        assertThat(read.skipped()).isZero();
    }

    @Test
    void nonQueueEventsAndReadsAreNeitherWritesNorMalformed() throws IOException {
        TraceSamples.Read read = readAll("blkparse.txt", TraceOptions.defaults());

        // A G P I M U D X m events and the queued read on line 10 produce nothing.
        assertThat(read.ops()).extracting(WorkloadOp::lineNumber)
                .doesNotContain(1L, 3L, 4L, 5L, 7L, 8L, 9L, 10L, 11L, 17L, 21L);
        assertThat(read.skipped()).isZero();
    }

    @Test
    void preflushRequestIsAFlushEvenWithASectorRange() throws IOException {
        List<WorkloadOp> ops = readAll("blkparse.txt", TraceOptions.defaults()).ops();

        assertThat(ops).filteredOn(op -> op.lineNumber() == 14).singleElement()
                .isEqualTo(WorkloadOp.flush("8,0", 1_100_000, 14));
    }

    @Test
    void fuaWriteWithoutPreflushIsAWrite() throws IOException {
        List<WorkloadOp> ops = readAll("blkparse.txt", TraceOptions.defaults()).ops();

        assertThat(ops).filteredOn(op -> op.lineNumber() == 16).singleElement()
                .extracting(WorkloadOp::kind).isEqualTo(WorkloadOp.Kind.WRITE);
    }

    @Test
    void fileFilterSelectsADevice() throws IOException {
        List<WorkloadOp> ops = readAll("blkparse.txt", TraceOptions.defaults().withFileFilter(Set.of("8,16"))).ops();

        assertThat(ops).containsExactly(WorkloadOp.write("8,16", 77L * 512, 3 * 512, 1_500_000_001L, 20));
    }

    @Test
    void wholeBlkparseOutputWithInputNotesHeaderAndSummaryReplaysItsWrites() throws IOException {
        // a commented column header, blkparse's "Input file ... added" notes, events, and its summary
        TraceSamples.Read read = readAll("blkparse-full-output.txt", TraceOptions.defaults());

        assertThat(read.ops()).containsExactly(
                WorkloadOp.write("8,0", 3420160L * 512, 8 * 512, 0, 4),
                WorkloadOp.flush("8,0", 402_518, 12),
                WorkloadOp.write("8,0", 2048L * 512, 16 * 512, 1_500_000, 14));
        assertThat(read.skipped()).isZero();
    }

    @Test
    void anEventLineAfterTheHeaderIsStillHeldToTheEventShape() throws IOException {
        Path file = dir.resolve("bad-after-header.txt");
        Files.write(file, List.of("#Maj,Mn CPU SeqNo Time PID Act RWBS Sector + Count [Process]",
                "Input file sda.blktrace.0 added",
                "  8,0    0        1     0.000000000  1873  Q  WS 3420160 + 8 [jbd2/sda1-8]",
                "  8,0    0        2     0.0000016x4  1873  Q  WS 3420168 + 8 [jbd2/sda1-8]"));

        assertThatThrownBy(() -> readAll(file, null, TraceOptions.defaults()))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageStartingWith(file + ":4: the time '0.0000016x4' is not in seconds");
    }

    @Test
    void aLineThatIsNeitherEventNorHeaderNorSummaryIsRefusedWithItsNumber() throws IOException {
        Path file = dir.resolve("stray.txt");
        Files.write(file, List.of("Input file sda.blktrace.0 added",
                "  8,0    0        1     0.000000000  1873  Q  WS 3420160 + 8 [jbd2/sda1-8]",
                "Input file sda.blktrace.1 was not found"));

        assertThatThrownBy(() -> readAll(file, null, TraceOptions.defaults()))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageStartingWith(file + ":3: not a blkparse event");
    }

    @Test
    void malformedEventNamesFileAndLine() {
        Path file = sample("blkparse-malformed.txt");

        assertThatThrownBy(() -> readAll(file, null, TraceOptions.defaults()))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageStartingWith(file + ":2: the time '0.00000x487' is not in seconds");
    }

    @Test
    void skippingMalformedEventsCountsThem() throws IOException {
        TraceSamples.Read read = readAll(sample("blkparse-malformed.txt"), TraceFormat.BLKPARSE,
                TraceOptions.defaults().withSkipMalformed(true));

        assertThat(read.ops()).extracting(WorkloadOp::lineNumber).containsExactly(1L, 7L);
        assertThat(read.skipped()).isEqualTo(5);
    }

    @Test
    void eachKindOfBadEventIsExplained() throws IOException {
        assertThat(error("  8,0 3 3 0.000001000 697 Q WS abc + 8 [p]")).contains(":1: the sector is not a whole number");
        assertThat(error("  8,0 3 4 0.000002000 697 Q")).contains(":1: the Q event has no RWBS field");
        assertThat(error("garbage line without structure")).contains(":1: not a blkparse event");
        assertThat(error("  8,0 3")).contains(":1: expected MAJOR,MINOR CPU");
        assertThat(error("  8,0 3 1 0.1 697 Q W2 1 + 8 [p]")).contains(":1: the RWBS field 'W2'");
    }

    @Test
    void secondsAreReadExactlyToTheNanosecond() throws MalformedLineException {
        assertThat(BlkparseTraceReader.secondsToNanos("12.000000001")).isEqualTo(12_000_000_001L);
        assertThat(BlkparseTraceReader.secondsToNanos("3.5")).isEqualTo(3_500_000_000L);
        assertThat(BlkparseTraceReader.secondsToNanos("0.1234567899")).isEqualTo(123_456_789L);
    }

    private String error(String line) throws IOException {
        Path file = dir.resolve("bad.txt");
        Files.write(file, List.of(line));
        try {
            readAll(file, TraceFormat.BLKPARSE, TraceOptions.defaults());
        } catch (TagMirrorException e) {
            assertThat(e.getMessage()).startsWith(file.toString());
            return e.getMessage();
        }
        throw new AssertionError("no error for: " + line);
    }
}
