package io.tagmirror.engine;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C of each block of a write and of the whole write, in one pass over the data: the whole-range
 * checksum is combined from the block checksums (zlib's crc32_combine, with the operator for one
 * block length computed once), so tagging a large write does not read its data twice.
 */
final class Crc32cBlocks {
    /** The reflected Castagnoli polynomial. */
    private static final int POLY = 0x82F63B78;

    private final int blockSize;
    /** Multiplies a CRC by x^(8 * blockSize) over GF(2): what appending blockSize zero bytes does to it. */
    private final int[] shiftByBlock;

    Crc32cBlocks(int blockSize) {
        this.blockSize = blockSize;
        this.shiftByBlock = zerosOperator(blockSize);
    }

    /** Fills {@code blockChecksums} and returns the checksum of the whole buffer (whole blocks). */
    int checksums(ByteBuffer data, int[] blockChecksums) {
        CRC32C crc = new CRC32C();
        int whole = 0;
        for (int b = 0; b < blockChecksums.length; b++) {
            crc.reset();
            crc.update(data.slice(data.position() + b * blockSize, blockSize));
            int c = (int) crc.getValue();
            blockChecksums[b] = c;
            whole = b == 0 ? c : combine(whole, c);
        }
        return whole;
    }

    /** crc(A ++ B) from crc(A) and crc(B) when B is one block long. */
    int combine(int crcA, int crcB) {
        return times(shiftByBlock, crcA) ^ crcB;
    }

    private static int times(int[] matrix, int vector) {
        int sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static int[] square(int[] matrix) {
        int[] out = new int[32];
        for (int i = 0; i < 32; i++) {
            out[i] = times(matrix, matrix[i]);
        }
        return out;
    }

    /** The operator for appending {@code length} zero bytes, by repeated squaring as in zlib. */
    private static int[] zerosOperator(int length) {
        int[] odd = new int[32];
        odd[0] = POLY; // one zero bit
        int row = 1;
        for (int i = 1; i < 32; i++) {
            odd[i] = row;
            row <<= 1;
        }
        int[] even = square(odd); // two zero bits
        odd = square(even); // four zero bits
        int[] result = null;
        long len = length;
        // odd now applies one zero byte's worth after the first squaring below (zlib's loop)
        do {
            even = square(odd);
            if ((len & 1) != 0) {
                result = result == null ? even : multiply(even, result);
            }
            len >>= 1;
            if (len == 0) {
                break;
            }
            odd = square(even);
            if ((len & 1) != 0) {
                result = result == null ? odd : multiply(odd, result);
            }
            len >>= 1;
        } while (len != 0);
        return result;
    }

    /** The operator applying {@code second} after {@code first}. */
    private static int[] multiply(int[] second, int[] first) {
        int[] out = new int[32];
        for (int i = 0; i < 32; i++) {
            out[i] = times(second, first[i]);
        }
        return out;
    }
}
