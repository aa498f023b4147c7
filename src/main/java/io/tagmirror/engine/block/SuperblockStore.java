package io.tagmirror.engine.block;

import io.tagmirror.engine.DeviceDamagedException;
import io.tagmirror.engine.NotADeviceException;
import io.tagmirror.engine.StorageObjects;
import io.tagmirror.engine.device.io.RangeSync;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The two superblock copies of one block device: read both and take the valid one with the higher
 * sequence; write the other one next, synced, so a write torn by a crash or power cut leaves the
 * copy before it whole (md keeps one copy; DRBD's internal metadata, two).
 *
 * <p>Thread-safe: every method that reads or writes the device holds this object's monitor; the
 * current copy is also read without it, since every data write asks for the object's length.
 */
final class SuperblockStore {
    private final String where;
    private final FileChannel channel;
    /** Replaced whole under the monitor; read without it, so data writes share no lock to learn the length. */
    private volatile Superblock current;
    /** The copy the next write goes to. */
    private long nextAt;
    private final List<String> notices = new ArrayList<>();

    private SuperblockStore(String where, FileChannel channel) {
        this.where = where;
        this.channel = channel;
    }

    /** Reads both copies of {@code channel}'s device; refuses a device where neither is valid. */
    static SuperblockStore read(String where, FileChannel channel) throws IOException {
        SuperblockStore store = new SuperblockStore(where, channel);
        store.load();
        return store;
    }

    /** Writes both copies of a device being formatted (sequence 1 and 2), synced. */
    static SuperblockStore format(String where, FileChannel channel, Superblock first) throws IOException {
        SuperblockStore store = new SuperblockStore(where, channel);
        store.writeCopy(BlockLayout.SUPERBLOCK_A, first);
        Superblock second = first.next(first.descriptor(), first.activeHalf(), first.logGeneration(), first.objectId(),
                first.objectBlocks());
        store.writeCopy(BlockLayout.SUPERBLOCK_B, second);
        store.current = second;
        store.nextAt = BlockLayout.SUPERBLOCK_A;
        return store;
    }

    /** Whether {@code channel} holds a superblock copy that begins as TagMirror's do (valid or not). */
    static boolean looksLikeDevice(FileChannel channel) throws IOException {
        return Superblock.hasMagic(readCopy(channel, BlockLayout.SUPERBLOCK_A))
                || Superblock.hasMagic(readCopy(channel, BlockLayout.SUPERBLOCK_B));
    }

    private void load() throws IOException {
        notices.clear();
        byte[] a = readCopy(channel, BlockLayout.SUPERBLOCK_A);
        byte[] b = readCopy(channel, BlockLayout.SUPERBLOCK_B);
        String problemA = problem(a);
        String problemB = problem(b);
        if (problemA != null && problemB != null) {
            if (!Superblock.hasMagic(a) && !Superblock.hasMagic(b)) {
                throw new NotADeviceException(where + " is not a TagMirror device (no superblock at 4 KiB or 8 KiB)");
            }
            throw new DeviceDamagedException(where + " is damaged: both superblock copies are unusable (at 4 KiB: "
                    + problemA + "; at 8 KiB: " + problemB + "); the device cannot be opened: replace it in its mirror"
                    + " (see the recovery guide)");
        }
        Superblock sa = problemA == null ? Superblock.decode(a) : null;
        Superblock sb = problemB == null ? Superblock.decode(b) : null;
        if (sa != null && (sb == null || sa.sequence() > sb.sequence())) {
            current = sa;
            nextAt = BlockLayout.SUPERBLOCK_B;
        } else {
            current = sb;
            nextAt = BlockLayout.SUPERBLOCK_A;
        }
        if (problemA != null) {
            notices.add("the superblock copy at 4 KiB is unusable (" + problemA + "); the copy at 8 KiB is used, and the"
                    + " next update rewrites the damaged one");
        } else if (problemB != null) {
            notices.add("the superblock copy at 8 KiB is unusable (" + problemB + "); the copy at 4 KiB is used, and the"
                    + " next update rewrites the damaged one");
        }
    }

    /** Why a copy cannot be used, or null when it can. */
    private String problem(byte[] copy) {
        String problem = Superblock.problem(copy).orElse(null);
        if (problem != null) {
            return problem;
        }
        try {
            Superblock s = Superblock.decode(copy);
            return sane(s);
        } catch (IOException | RuntimeException e) {
            return "its contents do not decode";
        }
    }

    /** What makes a copy whose checksum matches impossible (written by hand or by a bug), or null. */
    private static String sane(Superblock s) {
        BlockLayout l = s.layout();
        if (s.descriptor() == null || s.descriptor().uuid() == null) {
            return "it names no device";
        }
        int bs = s.descriptor().blockSize();
        if (bs < 512 || bs > (1 << 20) || Integer.bitCount(bs) != 1) {
            return "block size " + bs;
        }
        if (l.ringOffset() < BlockLayout.SLOTS_OFFSET || l.logOffset() < l.ringOffset() + l.ringBytes()
                || l.dataOffset() < l.logOffset() + 2 * l.logHalfBytes() || l.dataOffset() % BlockLayout.MIB != 0
                || l.dataBytes() <= 0 || l.logHalfBytes() <= 0 || (s.activeHalf() != 0 && s.activeHalf() != 1)) {
            return "its regions do not add up";
        }
        if (s.objectId() != null && (!StorageObjects.isValidObjectId(s.objectId()) || s.objectBlocks() < 0
                || s.objectBlocks() * bs > l.dataBytes())) {
            return "its storage object record is impossible";
        }
        return null;
    }

    private static byte[] readCopy(FileChannel channel, long at) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(BlockLayout.SUPERBLOCK_BYTES);
        while (buf.hasRemaining()) {
            if (channel.read(buf, at + buf.position()) < 0) {
                break;
            }
        }
        return buf.array();
    }

    private void writeCopy(long at, Superblock s) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(s.encode());
        while (buf.hasRemaining()) {
            channel.write(buf, at + buf.position());
        }
        // the copy alone: what a superblock write follows (a rewritten log half) was synced by its
        // writer, and data writes are made durable by the mirror's flushes, not by this
        RangeSync.force(channel, at, BlockLayout.SUPERBLOCK_BYTES);
    }

    Superblock current() {
        return current;
    }

    /** What an administrator should know about the copies as they were read. */
    synchronized List<String> notices() {
        return List.copyOf(notices);
    }

    /** Writes {@code next} to the copy not in use, synced, and makes it the current one. */
    synchronized void write(Superblock next) throws IOException {
        writeCopy(nextAt, next);
        current = next;
        nextAt = nextAt == BlockLayout.SUPERBLOCK_A ? BlockLayout.SUPERBLOCK_B : BlockLayout.SUPERBLOCK_A;
        notices.clear();
    }

    /** Reads both copies again (a reader in another process follows the writer's updates). */
    synchronized Superblock reread() throws IOException {
        load();
        return current;
    }
}
