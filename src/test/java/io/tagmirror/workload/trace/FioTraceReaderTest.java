package io.tagmirror.workload.trace;

import static io.tagmirror.workload.trace.TraceSamples.readAll;
import static io.tagmirror.workload.trace.TraceSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workload.WorkloadOp;
import io.tagmirror.workload.WorkloadOp.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FioTraceReaderTest {

    @TempDir
    Path dir;

    @Test
    void version2ProducesWritesAndFlushesTimedByAccumulatedWaits() throws IOException {
        List<WorkloadOp> ops = readAll("fio-v2.log", TraceOptions.defaults()).ops();

        assertThat(ops).containsExactly(
                WorkloadOp.write("/dev/sdb", 0, 4096, 0, 6),
                WorkloadOp.write("/dev/sdc", 65536, 8192, 1_500_000, 9),
                WorkloadOp.flush("/dev/sdb", 1_500_000, 10),
                WorkloadOp.flush("/dev/sdc", 1_750_000, 12),
                WorkloadOp.flush("/dev/sdb", 1_750_000, 13),
                WorkloadOp.write("/dev/sdb", 1_048_576, 512, 1_750_000, 14));
    }

    @Test
    void version3TimestampsAreMicrosecondsSinceTheStartOfTheRun() throws IOException {
        List<WorkloadOp> ops = readAll("fio-v3.log", TraceOptions.defaults()).ops();

        assertThat(ops).containsExactly(
                WorkloadOp.write("/dev/sdb", 0, 4096, 100_000, 4),
                WorkloadOp.write("/dev/sdb", 8192, 16384, 1_000_000, 6),
                WorkloadOp.flush("/dev/sdb", 1_200_000, 7),
                WorkloadOp.flush("/dev/sdb", 2_500_000, 8),
                WorkloadOp.write("/dev/sdb", 4_194_304, 65536, 3_000_000_000L, 9));
    }

    @Test
    void readsAndFileActionsProduceNothing() throws IOException {
        List<WorkloadOp> ops = readAll("fio-v2.log", TraceOptions.defaults()).ops();

        assertThat(ops).extracting(WorkloadOp::lineNumber).doesNotContain(2L, 3L, 4L, 5L, 7L, 8L, 11L, 15L, 16L);
    }

    @Test
    void trimIsAFlushPoint() throws IOException {
        List<WorkloadOp> ops = readAll("fio-v3.log", TraceOptions.defaults()).ops();

        assertThat(ops).filteredOn(op -> op.lineNumber() == 8)
                .singleElement()
                .extracting(WorkloadOp::kind)
                .isEqualTo(Kind.FLUSH);
    }

    @Test
    void logWrittenByFioItselfIsReadWithAllItsWritesAndSyncs() throws IOException {
        TraceSamples.Read read = readAll("fio-real-v3.log", TraceOptions.defaults());

        assertThat(read.writes()).hasSize(78);
        assertThat(read.flushes()).hasSize(20);
        assertThat(read.ops().get(0)).isEqualTo(WorkloadOp.write("/data/a", 24576, 8192, 174_000, 5));
        assertThat(read.writes().get(read.writes().size() - 1))
                .isEqualTo(WorkloadOp.write("/data/a", 327680, 8192, 9_668_000, 152));
        assertThat(read.ops()).extracting(WorkloadOp::timestampNanos).isSorted();
        assertThat(read.writes()).allSatisfy(op -> assertThat(op.end()).isLessThanOrEqualTo(524288));
        assertThat(read.skipped()).isZero();
    }

    @Test
    void fileFilterKeepsOnlyTheNamedFilesMatchingTheirLastPathComponent() throws IOException {
        TraceSamples.Read read = readAll("fio-real-v3.log", TraceOptions.defaults().withFileFilter(Set.of("b")));

        assertThat(read.writes()).hasSize(37);
        assertThat(read.flushes()).hasSize(10);
        assertThat(read.ops()).extracting(WorkloadOp::file).containsOnly("/data/b");
    }

    @Test
    void fileFilterMatchesWholeNames() throws IOException {
        TraceSamples.Read read = readAll("fio-v2.log", TraceOptions.defaults().withFileFilter(Set.of("/dev/sdc")));

        assertThat(read.ops()).extracting(WorkloadOp::lineNumber).containsExactly(9L, 12L);
    }

    @Test
    void waitOfAFilteredOutFileStillAdvancesTheClock() throws IOException {
        TraceSamples.Read read = readAll("fio-v2.log", TraceOptions.defaults().withFileFilter(Set.of("sdc")));

        // The 1500 us wait is on /dev/sdb, yet /dev/sdc's write comes after it.
        assertThat(read.ops().get(0).timestampNanos()).isEqualTo(1_500_000);
    }

    @Test
    void malformedLineStopsTheReadNamingFileAndLine() {
        Path file = sample("fio-v2-malformed.log");

        assertThatThrownBy(() -> readAll(file, null, TraceOptions.defaults()))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageStartingWith(file + ":5: ")
                .hasMessageContaining("needs an OFFSET and a LENGTH")
                .hasMessageContaining("/dev/sdb write 4096");
    }

    @Test
    void skippingMalformedLinesCountsThem() throws IOException {
        TraceSamples.Read read = readAll("fio-v2-malformed.log", TraceOptions.defaults().withSkipMalformed(true));

        assertThat(read.ops()).containsExactly(
                WorkloadOp.write("/dev/sdb", 0, 4096, 0, 4),
                WorkloadOp.write("/dev/sdb", 12288, 4096, 0, 11));
        assertThat(read.skipped()).isEqualTo(6);
    }

    @Test
    void eachKindOfBadLineIsExplained() throws IOException {
        assertThat(firstError("/dev/sdb write x 4096")).contains(":4: the offset is not a whole number");
        assertThat(firstError("/dev/sdb write -4096 4096")).contains(":4: the offset is negative");
        assertThat(firstError("/dev/sdb write 8192 0")).contains(":4: the write has length 0");
        assertThat(firstError("/dev/sdb scribble 0 4096")).contains(":4: unknown action 'scribble'");
        assertThat(firstError("/dev/sdz write 0 4096")).contains(":4: file '/dev/sdz' was never added");
        assertThat(firstError("/dev/sdb add 0 4096")).contains(":4: 'add' takes no offset or length");
    }

    @Test
    void version3RejectsWaitAndBadTimestamps() throws IOException {
        Path file = sample("fio-v3-malformed.log");

        assertThatThrownBy(() -> readAll(file, null, TraceOptions.defaults()))
                .hasMessageStartingWith(file + ":5: the timestamp is not a whole number");

        TraceSamples.Read read = readAll(file, null, TraceOptions.defaults().withSkipMalformed(true));
        assertThat(read.ops()).extracting(WorkloadOp::lineNumber).containsExactly(4L, 8L);
        assertThat(read.skipped()).isEqualTo(3);
    }

    @Test
    void version3WaitIsExplainedAsNotAllowed() throws IOException {
        Path file = write("v3-wait.log", "fio version 3 iolog", "0 /dev/sdb add", "20 /dev/sdb wait 100 0");

        assertThatThrownBy(() -> readAll(file, TraceFormat.FIO, TraceOptions.defaults()))
                .hasMessageStartingWith(file + ":3: 'wait' is not allowed in a version 3 iolog");
    }

    @Test
    void missingHeaderIsRefusedEvenWhenSkippingMalformedLines() throws IOException {
        Path file = write("no-header.log", "/dev/sdb add", "/dev/sdb write 0 4096");

        assertThatThrownBy(() -> readAll(file, TraceFormat.FIO, TraceOptions.defaults().withSkipMalformed(true)))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageStartingWith(file + ":1: not a fio iolog");
    }

    @Test
    void syncWithoutOffsetAndLengthIsAFlush() throws IOException {
        Path file = write("sync.log", "fio version 2 iolog", "f add", "f sync", "f datasync 0 0");

        assertThat(readAll(file, TraceFormat.FIO, TraceOptions.defaults()).ops())
                .extracting(WorkloadOp::kind)
                .containsExactly(Kind.FLUSH, Kind.FLUSH);
    }

    @Test
    void waitWithoutTheUnusedLengthIsAcceptedToo() throws IOException {
        Path file = write("wait.log", "fio version 2 iolog", "f add", "f wait 250", "f wait 50 0", "f write 0 512");

        assertThat(readAll(file, TraceFormat.FIO, TraceOptions.defaults()).ops())
                .containsExactly(WorkloadOp.write("f", 0, 512, 300_000, 5));
    }

    @Test
    void windowsLineEndingsAndBlankLinesAreAccepted() throws IOException {
        Path file = dir.resolve("crlf.log");
        Files.writeString(file, "fio version 2 iolog\r\n\r\nf add\r\nf write 0 512\r\n");

        assertThat(readAll(file, TraceFormat.FIO, TraceOptions.defaults()).ops())
                .containsExactly(WorkloadOp.write("f", 0, 512, 0, 4));
    }

    @Test
    void overlongLineIsMalformedNotLoadedWhole() throws IOException {
        Path file = dir.resolve("long.log");
        Files.writeString(file, "fio version 2 iolog\nf add\n" + "x".repeat(200_000) + "\nf write 0 512\n");

        assertThatThrownBy(() -> readAll(file, TraceFormat.FIO, TraceOptions.defaults()))
                .hasMessageContaining(":3: the line is longer than")
                .hasMessageContaining("...");
        assertThat(readAll(file, TraceFormat.FIO, TraceOptions.defaults().withSkipMalformed(true)).ops())
                .hasSize(1);
    }

    private String firstError(String badLine) throws IOException {
        Path file = write("bad.log", "fio version 2 iolog", "/dev/sdb add", "/dev/sdb open", badLine);
        try {
            readAll(file, TraceFormat.FIO, TraceOptions.defaults());
        } catch (TagMirrorException e) {
            assertThat(e.getMessage()).startsWith(file.toString());
            return e.getMessage();
        }
        throw new AssertionError("no error for: " + badLine);
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return file;
    }
}
