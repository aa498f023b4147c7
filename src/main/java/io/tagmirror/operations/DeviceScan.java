package io.tagmirror.operations;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds TagMirror block devices, as {@code mdadm --examine --scan} finds md members: on the paths
 * given (disks, partitions, image files), or on every block device of this machine. Reads only.
 */
public final class DeviceScan {

    /**
     * One device found: its descriptor and what its opening had to say, or why it could not be read.
     *
     * @param path where it is
     * @param descriptor what it records, or null when it could not be read
     * @param notices what an administrator should know (a damaged superblock copy), or the refusal
     */
    public record Found(Path path, DeviceDescriptor descriptor, List<String> notices) {
    }

    private DeviceScan() {
    }

    /** The TagMirror devices among {@code paths}, or among the machine's block devices when none are given. */
    public static List<Found> scan(List<Path> paths) throws IOException {
        List<Path> candidates = paths.isEmpty() ? blockDevices() : paths;
        List<Found> found = new ArrayList<>();
        for (Path p : candidates) {
            Path abs = p.toAbsolutePath().normalize();
            if (Files.isDirectory(abs) || !Files.isReadable(abs)) {
                continue;
            }
            DeviceAddress address = DeviceAddress.block(abs);
            if (!address.isDevice()) {
                continue;
            }
            try (Device d = address.inspect()) {
                found.add(new Found(abs, d.descriptor(), d.notices()));
            } catch (TagMirrorException e) {
                found.add(new Found(abs, null, List.of(TagMirrorException.firstLine(e.getMessage()))));
            }
        }
        return found;
    }

    /** Every block device node sysfs lists, as /dev/NAME. */
    private static List<Path> blockDevices() throws IOException {
        List<Path> out = new ArrayList<>();
        Path sys = Path.of("/sys/class/block");
        if (!Files.isDirectory(sys)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(sys)) {
            for (Path p : s) {
                Path node = Path.of("/dev", p.getFileName().toString());
                if (Files.exists(node)) {
                    out.add(node);
                }
            }
        }
        out.sort(null);
        return out;
    }
}
