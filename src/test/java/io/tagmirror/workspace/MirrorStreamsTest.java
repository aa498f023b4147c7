package io.tagmirror.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.ReadPlan;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MirrorStreamsTest {
    private static final int BS = 4096;
    private static final long SIZE = 8L << 20;

    @TempDir
    Path tmp;
    private final List<DirectoryDevice> devices = new ArrayList<>();
    private Mirror mirror;

    @BeforeEach
    void mirror() throws IOException {
        devices.add(DirectoryDevice.format(tmp.resolve("a"), BS));
        devices.add(DirectoryDevice.format(tmp.resolve("b"), BS));
        mirror = Mirror.create("vol", SIZE, devices, DurabilityMode.CRASH_SAFE);
    }

    @AfterEach
    void close() throws IOException {
        mirror.close();
        for (DirectoryDevice d : devices) {
            d.close();
        }
    }

    private static byte[] bytes(long seed, int length) {
        byte[] b = new byte[length];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    private MirrorStreams.Written write(long offset, byte[] data) throws IOException {
        return MirrorStreams.write(mirror, mirror.generator(1), offset,
                MirrorStreams.Input.stream(new ByteArrayInputStream(data), "test data"), TaskMonitor.NONE);
    }

    private byte[] read(long offset, long length) throws IOException {
        ReadPlan plan = MirrorStreams.planRead(mirror, offset, length, TaskMonitor.NONE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(MirrorStreams.read(mirror, plan, offset, length, out, TaskMonitor.NONE)).isEqualTo(length);
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "0, 511", "1, 513", "4095, 4097", "12345, 1048699", "1048575, 3145735", "0, 4096"})
    void whatIsWrittenAtAnyOffsetAndLengthReadsBackAndLeavesItsNeighboursAlone(long offset, int length) throws IOException {
        byte[] before = bytes(1, (int) Math.min(SIZE, offset + length + 2 * BS));
        write(0, before);
        byte[] data = bytes(offset * 31 + length, length);

        MirrorStreams.Written w = write(offset, data);

        assertThat(w.bytes()).isEqualTo(length);
        assertThat(read(offset, length)).isEqualTo(data);
        byte[] around = read(0, before.length);
        byte[] expected = before.clone();
        System.arraycopy(data, 0, expected, (int) offset, length);
        assertThat(around).isEqualTo(expected);
    }

    @Test
    void aLargeStreamIsWrittenInPiecesOfAtMostOneMebibyteAlignedAfterTheFirst() throws IOException {
        int length = 3 * MirrorStreams.CHUNK + 777;
        long offset = 1000;

        MirrorStreams.Written w = write(offset, bytes(9, length));

        // 1000 up to 1 MiB, two whole MiB pieces, then the 1,777-byte tail: never the whole stream at once
        assertThat(w.writes()).isEqualTo(4);
        assertThat(w.lastTag().sequence() - w.firstTag().sequence()).isEqualTo(3);
        assertThat(read(offset, length)).isEqualTo(bytes(9, length));
    }

    @Test
    void appendedBytesReadBackAtTheOldEndAndTheLengthGrowsByWholeBlocks() throws IOException {
        byte[] data = bytes(3, MirrorStreams.CHUNK + 1001);

        MirrorStreams.Appended a = MirrorStreams.append(mirror, mirror.generator(1),
                MirrorStreams.Input.stream(new ByteArrayInputStream(data), "test data"), TaskMonitor.NONE);

        assertThat(a.offset()).isEqualTo(SIZE);
        assertThat(a.bytes()).isEqualTo(data.length);
        assertThat(a.writes()).isEqualTo(2);
        long padded = (data.length + BS - 1) / BS * BS;
        assertThat(a.newLengthBytes()).isEqualTo(SIZE + padded).isEqualTo(mirror.sizeBytes());
        assertThat(read(SIZE, data.length)).isEqualTo(data);
        assertThat(read(SIZE + data.length, padded - data.length)).containsOnly(0);
    }

    @Test
    void aFileThatWouldPassTheEndIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path file = tmp.resolve("big.bin");
        Files.write(file, bytes(4, 5000));
        long entries = devices.get(0).tagTable().count();

        try (MirrorStreams.Input input = MirrorStreams.Input.file(file)) {
            assertThatThrownBy(() -> MirrorStreams.write(mirror, mirror.generator(1), SIZE - 4999, input, TaskMonitor.NONE))
                    .isInstanceOf(TagMirrorException.class)
                    .hasMessage(file + " holds 5000 bytes, which at offset " + (SIZE - 4999)
                            + " run past the end of mirror vol (" + SIZE + " bytes); nothing was written");
        }
        assertThat(devices.get(0).tagTable().count()).isEqualTo(entries);
        assertThat(mirror.writesDone()).isZero();
    }

    @Test
    void aStreamThatPassesTheEndStopsThereAndSaysHowMuchWasWritten() throws IOException {
        long offset = SIZE - MirrorStreams.CHUNK - 10;
        byte[] data = bytes(5, MirrorStreams.CHUNK + 20);

        assertThatThrownBy(() -> write(offset, data))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageContaining("test data runs past the end of mirror vol")
                // 10 bytes up to the MiB boundary, then a whole MiB up to the end; the next piece is refused
                .hasMessageContaining("the first " + (MirrorStreams.CHUNK + 10) + " bytes were written at offset " + offset
                        + ", the rest was not");
    }

    @Test
    void badRequestsAreRefusedInOneLine() throws IOException {
        assertThatThrownBy(() -> write(-1, new byte[1])).hasMessage("the offset must not be negative, not -1");
        assertThatThrownBy(() -> write(SIZE, new byte[1])).hasMessageStartingWith("offset " + SIZE + " is past the end of mirror vol");
        assertThatThrownBy(() -> write(0, new byte[0])).hasMessage("test data is empty; there is nothing to write");
        assertThatThrownBy(() -> read(SIZE - 10, 11)).hasMessage("reading 11 bytes at offset " + (SIZE - 10)
                + " runs past the end of mirror vol (" + SIZE + " bytes)");
        assertThatThrownBy(() -> read(0, 0)).hasMessage("the length to read must be positive, not 0");
        assertThatThrownBy(() -> MirrorStreams.Input.file(tmp.resolve("missing.bin")))
                .hasMessage("input file " + tmp.resolve("missing.bin") + " does not exist");
        assertThatThrownBy(() -> MirrorStreams.Input.file(tmp)).hasMessage("input " + tmp + " is a directory, not a file");
        assertThatThrownBy(() -> MirrorStreams.append(mirror, mirror.generator(1),
                MirrorStreams.Input.stream(InputStream.nullInputStream(), "standard input"), TaskMonitor.NONE))
                .hasMessage("standard input is empty; there is nothing to append");
        assertThat(mirror.writesDone()).isZero();
    }

    @Test
    void aStreamIsReadInPiecesNotLoadedWhole() throws IOException {
        int length = 2 * MirrorStreams.CHUNK + 5;
        write(3, bytes(6, length));
        ReadPlan plan = MirrorStreams.planRead(mirror, 3, length, TaskMonitor.NONE);
        List<Integer> pieces = new ArrayList<>();
        java.io.OutputStream counting = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                pieces.add(1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                pieces.add(len);
            }
        };

        MirrorStreams.read(mirror, plan, 3, length, counting, TaskMonitor.NONE);

        assertThat(pieces).allMatch(n -> n <= MirrorStreams.CHUNK);
        assertThat(pieces.stream().mapToLong(Integer::longValue).sum()).isEqualTo(length);
        assertThat(Arrays.asList(pieces.size())).containsExactly(3);
    }
}
