package io.tagmirror.workload.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * What a user without tags does to resynchronise two copies: read both whole, checksum every block
 * on both sides and copy the ones that differ. The yardstick tag-driven resync is measured against.
 */
final class FullScan {
    private static final int BS = 4096;
    private static final int CHUNK = 1 << 20;

    private FullScan() {
    }

    /**
     * Scans {@code bytes} (a whole number of MiB) of both files and copies the differing blocks from
     * {@code source} to {@code target}; returns the bytes read and the bytes copied.
     */
    static long[] run(FileChannel source, FileChannel target, long bytes) throws IOException {
        // direct buffers: the kernel copies straight into them, as a native tool's reads do; a heap
        // buffer would add a copy per read and flatter the tags
        ByteBuffer a = ByteBuffer.allocateDirect(CHUNK);
        ByteBuffer b = ByteBuffer.allocateDirect(CHUNK);
        long read = 0;
        long copied = 0;
        CRC32C crc = new CRC32C();
        for (long off = 0; off < bytes; off += CHUNK) {
            readFully(source, a.clear(), off);
            readFully(target, b.clear(), off);
            read += 2L * CHUNK;
            for (int k = 0; k < CHUNK; k += BS) {
                crc.reset();
                crc.update(a.clear().position(k).limit(k + BS));
                long ca = crc.getValue();
                crc.reset();
                crc.update(b.clear().position(k).limit(k + BS));
                if (ca != crc.getValue()) {
                    ByteBuffer block = a.clear().position(k).limit(k + BS);
                    while (block.hasRemaining()) {
                        target.write(block, off + block.position());
                    }
                    copied += BS;
                }
            }
        }
        // no fsync: the tag-driven resync it is compared with runs crash-safe and does not sync either
        return new long[] {read, copied};
    }

    static void readFully(FileChannel ch, ByteBuffer b, long off) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, off + b.position()) < 0) {
                break;
            }
        }
    }
}
