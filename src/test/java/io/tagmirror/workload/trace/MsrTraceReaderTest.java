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

class MsrTraceReaderTest {

    @TempDir
    Path dir;

    @Test
    void writesAreTimedInHundredNanosecondTicksFromTheFirstRecord() throws IOException {
        List<WorkloadOp> ops = readAll("msr.csv", TraceOptions.defaults()).ops();

        assertThat(ops).containsExactly(
                WorkloadOp.write("hm/1", 3_154_059_264L, 4096, 1_000_000, 2),
                WorkloadOp.write("hm/0", 1_024_000, 512, 2_000_000, 3),
                WorkloadOp.write("src1/1", 8192, 65536, 3_000_000, 4),
                WorkloadOp.write("hm/1", 3_154_063_360L, 8192, 100_000_000, 5));
    }

    @Test
    void hostFilterKeepsOneHost() throws IOException {
        List<WorkloadOp> ops = readAll("msr.csv", TraceOptions.defaults().withHost("HM")).ops();

        assertThat(ops).extracting(WorkloadOp::lineNumber).containsExactly(2L, 3L, 5L);
    }

    @Test
    void hostAndDiskFiltersCombine() throws IOException {
        List<WorkloadOp> ops = readAll("msr.csv", TraceOptions.defaults().withHost("hm").withDisk(1)).ops();

        assertThat(ops).extracting(WorkloadOp::lineNumber).containsExactly(2L, 5L);
    }

    @Test
    void diskFilterAloneSpansHosts() throws IOException {
        List<WorkloadOp> ops = readAll("msr.csv", TraceOptions.defaults().withDisk(1)).ops();

        assertThat(ops).extracting(WorkloadOp::file).containsExactly("hm/1", "src1/1", "hm/1");
    }

    @Test
    void fileFilterSelectsHostAndDisk() throws IOException {
        List<WorkloadOp> ops = readAll("msr.csv", TraceOptions.defaults().withFileFilter(Set.of("src1/1"))).ops();

        assertThat(ops).extracting(WorkloadOp::lineNumber).containsExactly(4L);
    }

    @Test
    void filteredTraceKeepsTheWholeTracesTimeZero() throws IOException {
        List<WorkloadOp> ops = readAll("msr.csv", TraceOptions.defaults().withHost("src1")).ops();

        assertThat(ops.get(0).timestampNanos()).isEqualTo(3_000_000);
    }

    @Test
    void malformedRecordNamesFileAndLine() {
        Path file = sample("msr-malformed.csv");

        assertThatThrownBy(() -> readAll(file, null, TraceOptions.defaults()))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageStartingWith(file + ":2: expected 7 comma-separated columns")
                .hasMessageContaining("found 6");
    }

    @Test
    void skippingMalformedRecordsCountsThem() throws IOException {
        TraceSamples.Read read = readAll("msr-malformed.csv", TraceOptions.defaults().withSkipMalformed(true));

        assertThat(read.ops()).extracting(WorkloadOp::lineNumber).containsExactly(1L, 7L);
        assertThat(read.ops().get(1).timestampNanos()).isEqualTo((128166372003062200L - 128166372003061629L) * 100);
        assertThat(read.skipped()).isEqualTo(5);
    }

    @Test
    void eachKindOfBadRecordIsExplained() throws IOException {
        assertThat(error("1,hm,x,Write,4096,4096,100")).contains(":1: the disk number is not a whole number");
        assertThat(error("1,hm,1,Erase,4096,4096,100")).contains(":1: the type 'Erase' is neither Read nor Write");
        assertThat(error("1,hm,1,Write,-4096,4096,100")).contains(":1: the offset is negative");
        assertThat(error("1,hm,1,Write,8192,0,100")).contains(":1: the write has size 0");
        assertThat(error("1,,1,Write,8192,512,100")).contains(":1: the host name is empty");
        assertThat(error("5,hm,1,Write,0,512,1", "4,hm,1,Write,0,512,1")).contains(":2: the timestamp is earlier");
    }

    @Test
    void headerRowIsSkippedNotMalformed() throws IOException {
        Path file = dir.resolve("with-header.csv");
        Files.write(file, List.of("Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime",
                "10,hm,0,Write,0,512,1"));

        TraceSamples.Read read = readAll(file, null, TraceOptions.defaults());

        assertThat(read.ops()).containsExactly(WorkloadOp.write("hm/0", 0, 512, 0, 2));
        assertThat(read.skipped()).isZero();
    }

    private String error(String... lines) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.write(file, List.of(lines));
        try {
            readAll(file, TraceFormat.MSR, TraceOptions.defaults());
        } catch (TagMirrorException e) {
            assertThat(e.getMessage()).startsWith(file.toString());
            return e.getMessage();
        }
        throw new AssertionError("no error for: " + List.of(lines));
    }
}
