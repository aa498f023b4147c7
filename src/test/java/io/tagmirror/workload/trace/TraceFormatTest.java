package io.tagmirror.workload.trace;

import static io.tagmirror.workload.trace.TraceSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceFormatTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "fio-v2.log, FIO",
        "fio-v3.log, FIO",
        "fio-real-v3.log, FIO",
        "fio-v2-malformed.log, FIO",
        "blkparse.txt, BLKPARSE",
        "blkparse-malformed.txt, BLKPARSE",
        "blkparse-full-output.txt, BLKPARSE",
        "msr.csv, MSR",
        "msr-malformed.csv, MSR"
    })
    void detectsEachSampleFormat(String name, TraceFormat expected) throws IOException {
        assertThat(TraceFormat.detect(sample(name))).isEqualTo(expected);
    }

    @Test
    void detectionSkipsLeadingBlankLines() throws IOException {
        assertThat(TraceFormat.detect(write("blank.log", "", "   ", "fio version 3 iolog"))).isEqualTo(TraceFormat.FIO);
    }

    @Test
    void detectionLooksPastABlkparseBannerLine() throws IOException {
        Path file = write("banner.txt", "Input file sda.blktrace.0 added",
                "  8,0    3        1     0.000000000   697  Q  WS 223490 + 8 [kjournald]");

        assertThat(TraceFormat.detect(file)).isEqualTo(TraceFormat.BLKPARSE);
    }

    @Test
    void detectionLooksPastAColumnHeaderAndOneInputNotePerCpuOfALargeMachine() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("#Maj,Mn CPU SeqNo Time PID Act RWBS Sector + Count [Process]");
        for (int cpu = 0; cpu < 64; cpu++) {
            lines.add("Input file sda.blktrace." + cpu + " added");
        }
        lines.add("  8,0    3        1     0.000000000   697  Q  WS 223490 + 8 [kjournald]");
        Path file = write("many-cpus.txt", lines.toArray(String[]::new));

        assertThat(TraceFormat.detect(file)).isEqualTo(TraceFormat.BLKPARSE);
    }

    @Test
    void detectionAcceptsAnMsrHeaderRow() throws IOException {
        Path file = write("header.csv", "Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime",
                "128166372003061629,hm,1,Read,9766576128,4096,16853");

        assertThat(TraceFormat.detect(file)).isEqualTo(TraceFormat.MSR);
    }

    @Test
    void unknownContentIsRefusedNamingTheFile() throws IOException {
        Path file = write("notes.txt", "hello, this is not a trace");

        assertThatThrownBy(() -> TraceFormat.detect(file))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageContaining("cannot tell the format of trace " + file)
                .hasMessageContaining("hello, this is not a trace")
                .hasMessageContaining("fio, blkparse or msr");
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path file = write("empty.log");

        assertThatThrownBy(() -> TraceFormat.detect(file)).hasMessage("trace " + file + " is empty");
    }

    @Test
    void binaryCaptureIsRefusedWithAHint() throws IOException {
        Path file = dir.resolve("sda.blktrace.0");
        Files.write(file, new byte[] {0x65, 0x61, 0x74, 0x07, 0, 0, 0, 1, 2, 3});

        assertThatThrownBy(() -> TraceFormat.detect(file))
                .hasMessageContaining(file + " is a binary file")
                .hasMessageContaining("blkparse");
    }

    @Test
    void missingFileIsRefused() {
        Path file = dir.resolve("nope.log");

        assertThatThrownBy(() -> TraceFormat.detect(file))
                .isInstanceOf(TagMirrorException.class)
                .hasMessage("trace file " + file + " does not exist");
    }

    @Test
    void parseAcceptsTheThreeNamesInAnyCase() throws TagMirrorException {
        assertThat(TraceFormat.parse("fio")).isEqualTo(TraceFormat.FIO);
        assertThat(TraceFormat.parse("BlkParse")).isEqualTo(TraceFormat.BLKPARSE);
        assertThat(TraceFormat.parse(" msr ")).isEqualTo(TraceFormat.MSR);
    }

    @Test
    void parseRefusesOtherNames() {
        assertThatThrownBy(() -> TraceFormat.parse("blktrace"))
                .isInstanceOf(TagMirrorException.class)
                .hasMessage("unknown trace format 'blktrace': use fio, blkparse or msr");
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return file;
    }
}
