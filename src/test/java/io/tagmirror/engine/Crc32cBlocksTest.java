package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Crc32cBlocksTest {

    @ParameterizedTest
    @CsvSource({"512,1", "512,7", "4096,1", "4096,2", "4096,256", "65536,3"})
    void theCombinedChecksumIsTheChecksumOfTheWholeWriteAndEachBlockItsOwn(int blockSize, int blocks) {
        byte[] data = new byte[blockSize * blocks];
        new Random(blockSize * 31L + blocks).nextBytes(data);
        int[] perBlock = new int[blocks];
        int whole = new Crc32cBlocks(blockSize).checksums(ByteBuffer.wrap(data), perBlock);
        CRC32C crc = new CRC32C();
        crc.update(data);
        assertThat(whole).isEqualTo((int) crc.getValue());
        for (int b = 0; b < blocks; b++) {
            crc.reset();
            crc.update(data, b * blockSize, blockSize);
            assertThat(perBlock[b]).as("block %d", b).isEqualTo((int) crc.getValue());
        }
    }
}
