package io.tagmirror.engine.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Finds how large a file a filesystem allows, by trying: Java offers no {@code pathconf}, and the
 * limit differs by filesystem and its block size (ext4 with 4 KiB blocks: 16 TiB less a block).
 * Used only after growing a new object failed, to tell a size limit from any other failure by what
 * the filesystem does rather than by the words of its error.
 */
final class FileSizeLimit {
    private FileSizeLimit() {
    }

    /**
     * The largest length, in whole {@code blockSize} blocks up to {@code wantedBlocks}, that {@code file}
     * (an empty scratch file the caller deletes afterwards) can be grown to. About 40 one-byte writes
     * into a sparse file, each allocating at most one block.
     */
    static long largestBlocks(Path file, int blockSize, long wantedBlocks) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (fits(ch, wantedBlocks, blockSize)) {
                return wantedBlocks;
            }
            long fits = 0;
            long refused = wantedBlocks;
            while (refused - fits > 1) {
                long middle = fits + (refused - fits) / 2;
                if (fits(ch, middle, blockSize)) {
                    fits = middle;
                } else {
                    refused = middle;
                }
            }
            ch.truncate(0);
            return fits;
        }
    }

    private static boolean fits(FileChannel ch, long blocks, int blockSize) {
        if (blocks == 0) {
            return true;
        }
        try {
            ch.write(ByteBuffer.wrap(new byte[1]), blocks * blockSize - 1);
            ch.truncate(0);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
