package io.tagmirror.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.DeviceDamagedException;
import io.tagmirror.engine.device.io.FileObjectChannel;
import io.tagmirror.engine.device.io.ObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFormatTest {
    @TempDir
    Path tmp;

    @Test
    void recordsOfEverySizeReadBackAcrossBlockBoundaries() throws IOException {
        Path file = tmp.resolve("log");
        List<byte[]> written = new ArrayList<>();
        Random r = new Random(11);
        try (ObjectChannel ch = FileObjectChannel.open(file, ObjectIo.OpenMode.CREATE_NEW)) {
            LogWriter w = new LogWriter(ch, 0);
            // sizes that end a block exactly, leave fewer than a header's bytes, or span several blocks
            int[] sizes = {0, 1, 100, Fragment.BLOCK_SIZE - 7 - 100 - 7 - 1 - 7 - 7 - 3, 0, Fragment.BLOCK_SIZE * 3 + 5, 40, 7};
            for (int size : sizes) {
                written.add(bytes(r, size));
                w.append(written.get(written.size() - 1));
            }
            for (int i = 0; i < 300; i++) {
                written.add(bytes(r, r.nextInt(2_000)));
            }
            w.append(written.subList(sizes.length, written.size()).toArray(new byte[0][]));
            w.sync();
            assertThat(w.end()).isEqualTo(Files.size(file));
        }
        assertThat(readAll(file)).containsExactlyElementsOf(written.stream().map(ByteBuffer::wrap).toList());
    }

    @Test
    void aTornTailAtEveryByteOfTheLastRecordReadsBackEveryEarlierRecordAndNothingOfTheTornOne() throws IOException {
        Path file = tmp.resolve("log");
        Random r = new Random(12);
        List<byte[]> written = new ArrayList<>();
        long lastStart;
        try (ObjectChannel ch = FileObjectChannel.open(file, ObjectIo.OpenMode.CREATE_NEW)) {
            LogWriter w = new LogWriter(ch, 0);
            // the earlier records end close to a block boundary, so the last one spans it
            for (int i = 0; i < 16; i++) {
                written.add(bytes(r, 2_000));
                w.append(written.get(i));
            }
            written.add(bytes(r, 3_000));
            lastStart = w.append(written.get(16))[0];
        }
        byte[] whole = Files.readAllBytes(file);
        assertThat(lastStart).isLessThan(Fragment.BLOCK_SIZE).isGreaterThan(Fragment.BLOCK_SIZE - 3_000);
        Path torn = tmp.resolve("torn");
        for (long cut = lastStart; cut < whole.length; cut++) {
            Files.write(torn, java.util.Arrays.copyOf(whole, (int) cut));
            try (ObjectChannel ch = FileObjectChannel.open(torn, ObjectIo.OpenMode.READ_ONLY)) {
                LogReader reader = LogReader.of(ch, "torn");
                List<ByteBuffer> read = new ArrayList<>();
                for (LogReader.Record rec; (rec = reader.next()) != null; ) {
                    read.add(ByteBuffer.wrap(rec.payload()));
                }
                assertThat(read).as("cut at byte %d", cut)
                        .containsExactlyElementsOf(written.subList(0, 16).stream().map(ByteBuffer::wrap).toList());
                assertThat(reader.validEnd()).as("cut at byte %d", cut).isEqualTo(lastStart);
                assertThat(reader.tornTail()).isEqualTo(cut > lastStart);
            }
        }
    }

    @Test
    void aTailOfZerosOrGarbageAfterTheLastRecordIsATornTail() throws IOException {
        Path file = tmp.resolve("log");
        long end = writeRecords(file, 5, 300);
        byte[] noise = new byte[5_000];
        new Random(13).nextBytes(noise);
        try (ObjectChannel ch = FileObjectChannel.open(file, ObjectIo.OpenMode.READ_WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[4_000]), end); // a power cut after the file grew
        }
        assertThat(readAll(file)).hasSize(5);
        try (ObjectChannel ch = FileObjectChannel.open(file, ObjectIo.OpenMode.READ_WRITE)) {
            ch.write(ByteBuffer.wrap(noise), end + 4_000);
        }
        assertThat(readAll(file)).hasSize(5);
    }

    @Test
    void aBadChecksumInTheMiddleIsNamedNeverAccepted() throws IOException {
        Path file = tmp.resolve("log");
        writeRecords(file, 10, 300);
        long third = 2L * (300 + Fragment.HEADER_SIZE);
        flip(file, third + Fragment.HEADER_SIZE + 17);
        assertThatThrownBy(() -> readAll(file)).isInstanceOf(DeviceDamagedException.class)
                .hasMessageContaining("the record at byte " + third).hasMessageContaining("checksum mismatch")
                .hasMessageContaining("follows at byte " + (third + 300 + Fragment.HEADER_SIZE));
    }

    @Test
    void damageInAnEarlierBlockIsNamedWhenLaterBlocksHoldRecords() throws IOException {
        Path file = tmp.resolve("log");
        writeRecords(file, 40, 3_000);
        // a damaged length: the reader cannot step to the next record by it, but finds it byte by byte
        ByteBuffer len = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) 60_000);
        try (ObjectChannel ch = FileObjectChannel.open(file, ObjectIo.OpenMode.READ_WRITE)) {
            ch.write(len, 4);
        }
        assertThatThrownBy(() -> readAll(file)).isInstanceOf(DeviceDamagedException.class)
                .hasMessageContaining("the record at byte 0").hasMessageContaining("follows at byte " + (3_000 + 7));
        // the same damage in the block's last record: the next whole fragment starts the next block
        writeRecords(tmp.resolve("log2"), 40, 3_000);
        long last = 10L * (3_000 + 7);
        try (ObjectChannel ch = FileObjectChannel.open(tmp.resolve("log2"), ObjectIo.OpenMode.READ_WRITE)) {
            ch.write(len.clear(), last + 4);
        }
        assertThatThrownBy(() -> readAll(tmp.resolve("log2"))).isInstanceOf(DeviceDamagedException.class)
                .hasMessageContaining("the record at byte " + last).hasMessageContaining("follows at byte " + Fragment.BLOCK_SIZE);
    }

    @Test
    void aReaderStartedAtARecordsOffsetReadsFromThere() throws IOException {
        Path file = tmp.resolve("log");
        Random r = new Random(14);
        List<Long> starts = new ArrayList<>();
        List<byte[]> written = new ArrayList<>();
        try (ObjectChannel ch = FileObjectChannel.open(file, ObjectIo.OpenMode.CREATE_NEW)) {
            LogWriter w = new LogWriter(ch, 0);
            for (int i = 0; i < 50; i++) {
                written.add(bytes(r, r.nextInt(5_000)));
                starts.add(w.append(written.get(i))[0]);
            }
        }
        try (ObjectChannel ch = FileObjectChannel.open(file, ObjectIo.OpenMode.READ_ONLY)) {
            for (int i = 0; i < 50; i += 7) {
                LogReader.Record rec = new LogReader(ch, "log", starts.get(i), ch.size()).next();
                assertThat(rec.offset()).isEqualTo(starts.get(i));
                assertThat(rec.payload()).isEqualTo(written.get(i));
            }
        }
    }

    @Test
    void theMaskedChecksumIsLevelDbs() {
        // LevelDB's crc32c_test: Mask(Value("foo")) round-trips through Unmask; here the known vector
        // that the CRC32C of 32 zero bytes is 0x8a9136aa, masked after the type byte is folded in, is
        // checked through the unmasked value instead.
        byte[] zeros = new byte[32];
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(zeros);
        assertThat((int) crc.getValue()).isEqualTo(0x8a9136aa);
        int masked = Fragment.checksum((byte) 1, zeros, 0, 32);
        int unmasked = Integer.rotateLeft(masked - 0xa282ead8, 15);
        java.util.zip.CRC32C withType = new java.util.zip.CRC32C();
        withType.update(1);
        withType.update(zeros);
        assertThat(unmasked).isEqualTo((int) withType.getValue());
    }

    private static long writeRecords(Path file, int count, int size) throws IOException {
        Random r = new Random(count * 31L + size);
        try (ObjectChannel ch = FileObjectChannel.open(file, ObjectIo.OpenMode.CREATE_NEW)) {
            LogWriter w = new LogWriter(ch, 0);
            for (int i = 0; i < count; i++) {
                w.append(bytes(r, size));
            }
            return w.end();
        }
    }

    private static void flip(Path file, long at) throws IOException {
        try (ObjectChannel ch = FileObjectChannel.open(file, ObjectIo.OpenMode.READ_WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x40)).clear();
            ch.write(b, at);
        }
    }

    private static List<ByteBuffer> readAll(Path file) throws IOException {
        List<ByteBuffer> out = new ArrayList<>();
        try (ObjectChannel ch = FileObjectChannel.open(file, ObjectIo.OpenMode.READ_ONLY)) {
            LogReader reader = LogReader.of(ch, file.getFileName().toString());
            for (LogReader.Record rec; (rec = reader.next()) != null; ) {
                out.add(ByteBuffer.wrap(rec.payload()));
            }
        }
        return out;
    }

    private static byte[] bytes(Random r, int size) {
        byte[] b = new byte[size];
        r.nextBytes(b);
        return b;
    }
}
