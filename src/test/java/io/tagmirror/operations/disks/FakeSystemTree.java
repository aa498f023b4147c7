package io.tagmirror.operations.disks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A made-up sysfs, proc and dev tree, written as the kernel lays them out, so a survey can be tested
 * against disks this machine lacks. Device nodes are small sparse files carrying the magic bytes asked.
 */
public final class FakeSystemTree {
    public static final long GIB = 1L << 30;

    private final Path root;
    private final List<String> mounts = new ArrayList<>();
    private final List<String> swaps = new ArrayList<>();
    private int nextMount = 30;

    public FakeSystemTree(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("sys/block"));
        Files.createDirectories(root.resolve("proc/self"));
        Files.createDirectories(root.resolve("dev"));
        writeProc();
    }

    public SystemTree tree() {
        return SystemTree.under(root);
    }

    /** A whole disk on a bus: model, serial, rotational or not, removable or not. */
    public Path disk(String name, String number, long bytes, String model, String serial, boolean rotational,
                     boolean removable) throws IOException {
        Path dir = blockDevice(name, number, bytes);
        Files.createDirectories(dir.resolve("device"));
        write(dir.resolve("device/model"), model + "\n");
        write(dir.resolve("device/serial"), serial + "\n");
        write(dir.resolve("queue/rotational"), rotational ? "1\n" : "0\n");
        write(dir.resolve("removable"), removable ? "1\n" : "0\n");
        return dir;
    }

    /** A block device with no bus behind it (loop, dm, zram): no device link, no model. */
    public Path blockDevice(String name, String number, long bytes) throws IOException {
        Path dir = root.resolve("sys/block").resolve(name);
        Files.createDirectories(dir.resolve("holders"));
        Files.createDirectories(dir.resolve("queue"));
        write(dir.resolve("size"), bytes / 512 + "\n");
        write(dir.resolve("dev"), number + "\n");
        write(dir.resolve("ro"), "0\n");
        write(dir.resolve("removable"), "0\n");
        return dir;
    }

    /** Partition {@code index} of {@code disk}, as a subdirectory with a partition file. */
    public Path partition(String disk, String name, int index, String number, long bytes) throws IOException {
        Path dir = root.resolve("sys/block").resolve(disk).resolve(name);
        Files.createDirectories(dir.resolve("holders"));
        write(dir.resolve("partition"), index + "\n");
        write(dir.resolve("size"), bytes / 512 + "\n");
        write(dir.resolve("dev"), number + "\n");
        write(dir.resolve("ro"), "0\n");
        return dir;
    }

    /** {@code holder} (a dm or md device) is built on {@code sysDir}. */
    public void holds(Path sysDir, String holder) throws IOException {
        Files.createDirectories(sysDir.resolve("holders").resolve(holder));
    }

    /** The device node of {@code name}: a sparse file with {@code magic} written at {@code offset} (none when null). */
    public Path node(String name, long offset, byte[] magic) throws IOException {
        return node(name, 256 << 10, offset, magic);
    }

    /**
     * A device node of {@code bytes}, large enough to be formatted when it stands in for a disk (an
     * image file where a disk would be).
     */
    public Path node(String name, long bytes, long offset, byte[] magic) throws IOException {
        Path node = root.resolve("dev").resolve(name);
        try (FileChannel ch = FileChannel.open(node, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(1), bytes - 1);
            if (magic != null) {
                ch.write(ByteBuffer.wrap(magic), offset);
            }
        }
        return node;
    }

    /** A node carrying an ext4 superblock's magic and an extents flag. */
    public Path ext4Node(String name) throws IOException {
        Path node = node(name, 1080, new byte[] {0x53, (byte) 0xEF});
        try (FileChannel ch = FileChannel.open(node, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x40, 0, 0, 0}), 1024 + 0x60);
        }
        return node;
    }

    public Path gptNode(String name) throws IOException {
        return node(name, 512, "EFI PART".getBytes(StandardCharsets.US_ASCII));
    }

    public Path swapNode(String name) throws IOException {
        return node(name, 4096 - 10, "SWAPSPACE2".getBytes(StandardCharsets.US_ASCII));
    }

    /** A mountinfo line for device {@code number}, mounted from {@code source} at {@code mountPoint}. */
    public void mount(String number, String source, String mountPoint, String type) throws IOException {
        mounts.add(nextMount++ + " 1 " + number + " / " + mountPoint.replace(" ", "\\040") + " rw,relatime - " + type
                + " " + source + " rw");
        writeProc();
    }

    public void unmountAll() throws IOException {
        mounts.clear();
        writeProc();
    }

    public void swap(String devicePath) throws IOException {
        swaps.add(devicePath + "\tpartition\t1048572\t0\t-2");
        writeProc();
    }

    public void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void writeProc() throws IOException {
        StringBuilder info = new StringBuilder("22 1 0:21 / /proc rw,relatime - proc proc rw\n");
        mounts.forEach(m -> info.append(m).append('\n'));
        write(root.resolve("proc/self/mountinfo"), info.toString());
        StringBuilder sw = new StringBuilder("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
        swaps.forEach(s -> sw.append(s).append('\n'));
        write(root.resolve("proc/swaps"), sw.toString());
    }

    /**
     * The tree the survey tests and the Drives screen tests share: an SSD with a GPT, its ext4 partition
     * mounted at /boot and its swap partition; a rotational disk whose one partition holds dm-0
     * (vg-data, mounted at /srv); a removable stick; an attached and an unattached loop device; a disk
     * whose node cannot be read.
     */
    public static FakeSystemTree standard(Path root) throws IOException {
        FakeSystemTree t = new FakeSystemTree(root);
        t.disk("sda", "8:0", 240 * GIB, "Samsung SSD 870", "S5Y1NX0R", false, false);
        t.gptNode("sda");
        t.partition("sda", "sda1", 1, "8:1", GIB);
        t.ext4Node("sda1");
        t.mount("8:1", "/dev/sda1", "/boot", "ext4");
        t.partition("sda", "sda2", 2, "8:2", 4 * GIB);
        t.swapNode("sda2");
        t.swap("/dev/sda2");
        t.partition("sda", "sda10", 10, "8:10", 2 * GIB);
        t.node("sda10", 0, null);
        Path sdb = t.disk("sdb", "8:16", 4096 * GIB, "WDC WD40EFRX", "WD-WCC7K1", true, false);
        t.gptNode("sdb");
        Path sdb1 = t.partition("sdb", "sdb1", 1, "8:17", 4000 * GIB);
        t.node("sdb1", 0, null);
        t.holds(sdb1, "dm-0");
        Path dm = t.blockDevice("dm-0", "253:0", 4000 * GIB);
        t.write(dm.resolve("dm/name"), "vg-data\n");
        t.ext4Node("dm-0");
        t.mount("253:0", "/dev/mapper/vg-data", "/srv", "ext4");
        t.disk("sdc", "8:32", 32 * GIB, "Ultra USB 3.0", "4C530001", false, true);
        t.node("sdc", 0, null);
        t.blockDevice("loop0", "7:0", 0);
        Path loop1 = t.blockDevice("loop1", "7:1", 64L << 20);
        t.write(loop1.resolve("loop/backing_file"), "/var/tmp/disk.img\n");
        t.node("loop1", 0, null);
        t.disk("sdd", "8:48", 500 * GIB, "Crucial MX500", "", false, false);
        return t;
    }
}
