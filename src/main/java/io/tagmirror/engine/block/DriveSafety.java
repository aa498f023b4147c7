package io.tagmirror.engine.block;

import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks mkfs and mdadm make before writing anything to a drive: refused when it is mounted, used
 * as swap, held by another driver (md, device mapper), claimed with {@code O_EXCL} by another process,
 * or (for an image file) backing a loop device; refused unless forced when it carries a known
 * signature. Read from {@code /proc/self/mountinfo}, {@code /proc/swaps} and {@code /sys/class/block}.
 */
public final class DriveSafety {
    private static final Path SYS_BLOCK = Path.of("/sys/class/block");

    private DriveSafety() {
    }

    /** A drive that passed its checks, held (a disk with O_EXCL) until {@link #claim()} is closed. */
    record Drive(Path path, long sizeBytes, NativeBlock.Claim held) {
        AutoCloseable claim() {
            return held == null ? () -> { } : held;
        }

        /** Zeros the data region: a disk with BLKZEROOUT (fast where the disk can), an image by writing zeros where it holds data. */
        void zeroData(FileChannel ch, long offset, long bytes) throws IOException {
            if (held != null) {
                held.zeroOut(offset, bytes);
            } else {
                RegionChannel.zero(ch, offset, bytes);
            }
        }
    }

    /** Whether {@code path} is a block device node. */
    static boolean isBlockDevice(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return (mode & 0170000) == 0060000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Checks {@code path} and, for a block device, claims it with O_EXCL for the format that follows. */
    static Drive check(Path path, boolean force) throws IOException {
        if (!Files.exists(path)) {
            throw new TagMirrorException(path + " does not exist");
        }
        Path real = path.toRealPath();
        boolean block = isBlockDevice(real);
        if (!block && !Files.isRegularFile(real)) {
            throw new TagMirrorException(path + " is neither a block device nor an image file; a directory device is"
                    + " made from a directory without --image");
        }
        checkNotInUse(path, real, block);
        NativeBlock.Claim claim = block ? claimOrRefuse(path, real) : null;
        try {
            long size = block ? claim.size() : Files.size(real);
            try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ)) {
                List<String> found = Signatures.find(ch, size);
                if (!found.isEmpty() && !force) {
                    throw new SignatureFoundException(path + " carries " + String.join(", ", found)
                            + "; formatting it destroys that: check it is the right drive, then add --force", found);
                }
            }
            return new Drive(real, size, claim);
        } catch (IOException | RuntimeException e) {
            if (claim != null) {
                claim.close();
            }
            throw e;
        }
    }

    /** Holds an existing member while it is open: a disk with O_EXCL, nothing for an image (its lock does). */
    static AutoCloseable hold(Path real) throws IOException {
        if (!isBlockDevice(real)) {
            return null;
        }
        return claimOrRefuse(real, real);
    }

    private static NativeBlock.Claim claimOrRefuse(Path path, Path real) throws IOException {
        try {
            return NativeBlock.claim(real);
        } catch (NativeBlock.Busy e) {
            throw new DriveInUseException(DriveInUseException.Use.EXCLUSIVE, path + " is opened exclusively by another"
                    + " process or driver (mounted, a RAID or LVM member, or a program such as mkfs or another TagMirror);"
                    + " nothing was written: close it there first");
        }
    }

    /** Refuses a drive something uses, naming what: the first reason found, the way out in words. */
    static void checkNotInUse(Path path, Path real, boolean block) throws IOException {
        List<Path> nodes = new ArrayList<>();
        nodes.add(real);
        if (block) {
            nodes.addAll(partitions(real));
        } else {
            String loop = loopBacking(real);
            if (loop != null) {
                throw new DriveInUseException(DriveInUseException.Use.LOOP_BACKING, path + " is attached as " + loop
                        + "; nothing was written: detach it first (losetup -d " + loop + ") or use " + loop + " itself");
            }
        }
        for (Path node : nodes) {
            String mountPoint = mountPoint(node, block);
            if (mountPoint != null) {
                throw new DriveInUseException(DriveInUseException.Use.MOUNTED, path + (node.equals(real) ? "" : " (its partition "
                        + node + ")") + " is mounted at " + mountPoint + "; nothing was written: unmount it first");
            }
            if (isSwap(node)) {
                throw new DriveInUseException(DriveInUseException.Use.SWAP, path + (node.equals(real) ? "" : " (its partition "
                        + node + ")") + " is in use as swap; nothing was written: swapoff it first");
            }
            if (block) {
                List<String> holders = names(SYS_BLOCK.resolve(node.getFileName().toString()).resolve("holders"));
                if (!holders.isEmpty()) {
                    throw new DriveInUseException(DriveInUseException.Use.HELD, path + (node.equals(real) ? "" : " (its partition "
                            + node + ")") + " is held by " + String.join(", ", holders) + " (a RAID, LVM or device-mapper"
                            + " device built on it); nothing was written: stop that device first");
                }
            }
        }
    }

    /** The partitions of a whole disk (sysfs lists them as its subdirectories with a partition file). */
    private static List<Path> partitions(Path disk) throws IOException {
        List<Path> out = new ArrayList<>();
        Path dir = SYS_BLOCK.resolve(disk.getFileName().toString());
        if (!Files.isDirectory(dir)) {
            return out;
        }
        for (String name : names(dir)) {
            if (Files.exists(dir.resolve(name).resolve("partition"))) {
                out.add(disk.resolveSibling(name));
            }
        }
        return out;
    }

    private static List<String> names(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(p.getFileName().toString());
            }
        }
        out.sort(null);
        return out;
    }

    /** Where the node is mounted, from /proc/self/mountinfo (by device number for a block device, else by source). */
    private static String mountPoint(Path node, boolean block) throws IOException {
        String number = block ? deviceNumber(node) : null;
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            String source = f[dash + 2];
            if ((number != null && f[2].equals(number)) || samePath(source, node)) {
                return unescape(f[4]);
            }
        }
        return null;
    }

    private static String deviceNumber(Path node) throws IOException {
        Path dev = SYS_BLOCK.resolve(node.getFileName().toString()).resolve("dev");
        return Files.isRegularFile(dev) ? Files.readString(dev).trim() : null;
    }

    private static boolean isSwap(Path node) throws IOException {
        Path swaps = Path.of("/proc/swaps");
        if (!Files.isReadable(swaps)) {
            return false;
        }
        List<String> lines = Files.readAllLines(swaps);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length > 0 && samePath(unescape(f[0]), node)) {
                return true;
            }
        }
        return false;
    }

    /** The loop device an image file backs, or null. */
    private static String loopBacking(Path image) throws IOException {
        for (String name : names(Path.of("/sys/block"))) {
            Path backing = Path.of("/sys/block", name, "loop", "backing_file");
            if (name.startsWith("loop") && Files.isReadable(backing)
                    && samePath(Files.readString(backing).trim(), image)) {
                return "/dev/" + name;
            }
        }
        return null;
    }

    private static boolean samePath(String candidate, Path node) {
        if (!candidate.startsWith("/")) {
            return false;
        }
        try {
            return Path.of(candidate).toRealPath().equals(node);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** Mountinfo and swaps escape spaces and a few other characters as octal. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 3 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }
}
