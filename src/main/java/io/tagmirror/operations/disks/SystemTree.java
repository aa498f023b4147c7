package io.tagmirror.operations.disks;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the machine describes its drives: sysfs, proc and the device nodes. The machine's own by
 * default; a made-up tree in tests, so a survey can be checked against disks this machine lacks.
 *
 * @param sys what is mounted at {@code /sys}
 * @param proc what is mounted at {@code /proc}
 * @param dev where the device nodes are ({@code /dev})
 */
public record SystemTree(Path sys, Path proc, Path dev) {

    public SystemTree {
        Objects.requireNonNull(sys, "sys");
        Objects.requireNonNull(proc, "proc");
        Objects.requireNonNull(dev, "dev");
    }

    /** This machine's {@code /sys}, {@code /proc} and {@code /dev}. */
    public static SystemTree machine() {
        return new SystemTree(Path.of("/sys"), Path.of("/proc"), Path.of("/dev"));
    }

    /** A tree with {@code sys}, {@code proc} and {@code dev} under {@code root}. */
    public static SystemTree under(Path root) {
        return new SystemTree(root.resolve("sys"), root.resolve("proc"), root.resolve("dev"));
    }

    /** The node of the block device the kernel calls {@code name}. */
    public Path node(String name) {
        return dev.resolve(name);
    }
}
