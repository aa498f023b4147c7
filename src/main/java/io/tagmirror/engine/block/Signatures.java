package io.tagmirror.engine.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises what a device already carries by its magic bytes, read here rather than through
 * {@code blkid} so the check works where util-linux is not installed: the file systems, partition
 * tables and volume managers an administrator would not want overwritten, and TagMirror's own devices.
 */
final class Signatures {
    private static final int MD_MAGIC = 0xa92b4efc;

    private Signatures() {
    }

    /** What {@code ch} (of {@code size} bytes) carries, in blkid's words; empty when nothing known. */
    static List<String> find(FileChannel ch, long size) throws IOException {
        List<String> found = new ArrayList<>();
        ByteBuffer head = read(ch, 0, 128 * 1024);
        if (head.getShort(1080) == (short) 0xEF53) {
            found.add(extKind(head));
        }
        if (ascii(head, 0, 4).equals("XFSB")) {
            found.add("xfs");
        }
        if (ascii(head, 0x10040, 8).equals("_BHRfS_M")) {
            found.add("btrfs");
        }
        for (int page : new int[] {4096, 8192, 16384, 65536}) {
            String s = ascii(head, page - 10, 10);
            if (s.equals("SWAPSPACE2") || s.equals("SWAP-SPACE")) {
                found.add("swap");
                break;
            }
        }
        for (int sector = 0; sector < 4; sector++) {
            if (ascii(head, sector * 512, 8).equals("LABELONE") && ascii(head, sector * 512 + 24, 8).equals("LVM2 001")) {
                found.add("LVM2_member");
            }
        }
        if (head.getInt(0) == MD_MAGIC || head.getInt(4096) == MD_MAGIC || mdAtEnd(ch, size)) {
            found.add("linux_raid_member");
        }
        if (ascii(head, 512, 8).equals("EFI PART")) {
            found.add("gpt");
        } else if (head.get(510) == (byte) 0x55 && head.get(511) == (byte) 0xAA) {
            found.add("dos (an MBR partition table or a boot sector)");
        }
        if (Superblock.hasMagic(slice(head, 4096)) || Superblock.hasMagic(slice(head, 8192))) {
            found.add("tagmirror (a TagMirror device)");
        }
        return found;
    }

    private static String extKind(ByteBuffer head) {
        int compat = head.getInt(1024 + 0x5C);
        int incompat = head.getInt(1024 + 0x60);
        if ((incompat & 0x40) != 0 || (incompat & 0x80) != 0 || (incompat & 0x200) != 0) {
            return "ext4";
        }
        return (compat & 0x4) != 0 ? "ext3" : "ext2";
    }

    /** md superblocks 0.90 (64 KiB from the end, aligned) and 1.0 (8 KiB from the end). */
    private static boolean mdAtEnd(FileChannel ch, long size) throws IOException {
        if (size < 128 * 1024) {
            return false;
        }
        long v090 = (size & ~0xFFFFL) - 0x10000;
        long v10 = ((size >> 9) - 16 & ~7L) << 9;
        return read(ch, v090, 4).getInt(0) == MD_MAGIC || read(ch, v10, 4).getInt(0) == MD_MAGIC;
    }

    private static byte[] slice(ByteBuffer b, int at) {
        byte[] out = new byte[8];
        b.get(at, out);
        return out;
    }

    private static String ascii(ByteBuffer b, int at, int n) {
        byte[] out = new byte[n];
        b.get(at, out);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && ch.read(b, at + b.position()) >= 0) {
            // reads the whole window; past the end stays zero
        }
        return b.clear();
    }
}
