package io.tagmirror.engine.block;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.ptr.LongByReference;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The system calls the JDK does not offer on a block device: an open with {@code O_EXCL} (the
 * kernel's exclusive claim that mount, mkfs and mdadm take too), {@code BLKGETSIZE64} (its size) and
 * {@code BLKZEROOUT} (zeroing a range the fast way the device allows).
 */
final class NativeBlock {
    private static final int O_RDWR = 2;
    private static final int O_EXCL = 0200;
    private static final int O_CLOEXEC = 02000000;
    private static final long BLKGETSIZE64 = 0x80081272L;
    private static final long BLKZEROOUT = 0x127FL;
    private static final int EBUSY = 16;

    static {
        Native.register("c");
    }

    private NativeBlock() {
    }

    private static native int open(String path, int flags) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private static native int ioctl(int fd, long request, LongByReference out) throws LastErrorException;

    private static native int ioctl(int fd, long request, long[] range) throws LastErrorException;

    /** The block device opened with {@code O_EXCL}: held until closed. */
    static final class Claim implements AutoCloseable {
        private int fd;

        private Claim(int fd) {
            this.fd = fd;
        }

        /** The device's size in bytes. */
        long size() throws IOException {
            LongByReference bytes = new LongByReference();
            try {
                ioctl(fd, BLKGETSIZE64, bytes);
            } catch (LastErrorException e) {
                throw new IOException("BLKGETSIZE64 failed (errno " + e.getErrorCode() + ")");
            }
            return bytes.getValue();
        }

        /** Zeros {@code [offset, offset + length)}, which must be aligned to 512 bytes. */
        void zeroOut(long offset, long length) throws IOException {
            try {
                ioctl(fd, BLKZEROOUT, new long[] {offset, length});
            } catch (LastErrorException e) {
                throw new IOException("BLKZEROOUT failed (errno " + e.getErrorCode() + ")");
            }
        }

        @Override
        public synchronized void close() {
            if (fd >= 0) {
                try {
                    NativeBlock.close(fd);
                } catch (LastErrorException ignored) {
                    // the claim ends with the descriptor whatever close says
                }
                fd = -1;
            }
        }
    }

    /** Thrown when another holder has the device: mounted, a member of md or LVM, or opened with O_EXCL. */
    static final class Busy extends IOException {
        private static final long serialVersionUID = 1L;

        Busy() {
            super("EBUSY");
        }
    }

    /** Opens {@code device} with {@code O_EXCL}; {@link Busy} when another holder has it. */
    static Claim claim(Path device) throws IOException {
        try {
            return new Claim(open(device.toString(), O_RDWR | O_EXCL | O_CLOEXEC));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EBUSY) {
                throw new Busy();
            }
            throw new IOException("cannot open " + device + " (errno " + e.getErrorCode() + ")");
        }
    }
}
