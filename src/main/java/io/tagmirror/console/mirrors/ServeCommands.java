package io.tagmirror.console.mirrors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ready-made commands that use a served mirror, for an administrator to copy: QEMU's {@code -drive},
 * {@code nbdfuse} with {@code mount}, and {@code nbd-client} when the kernel has the nbd driver.
 */
public final class ServeCommands {

    private ServeCommands() {
    }

    /** Whether this kernel has the nbd driver loaded (or its devices), so {@code nbd-client} can attach. */
    public static boolean kernelHasNbd() {
        return Files.isDirectory(Path.of("/sys/module/nbd")) || Files.exists(Path.of("/dev/nbd0"));
    }

    /**
     * The commands for mirror {@code name} served on {@code socket}, whose NBD URI is {@code unixUri};
     * {@code tcpUriOrNull} adds QEMU's TCP form.
     */
    public static List<String> of(String name, Path socket, String unixUri, String tcpUriOrNull, boolean kernelNbd) {
        List<String> out = new ArrayList<>();
        out.add("# QEMU: the mirror as the guest's disk");
        out.add("qemu-system-x86_64 -m 1G -drive file=" + unixUri + ",format=raw,if=virtio");
        if (tcpUriOrNull != null) {
            out.add("qemu-system-x86_64 -m 1G -drive file=" + tcpUriOrNull + ",format=raw,if=virtio");
        }
        String mountPoint = "/tmp/" + name + "-nbd";
        out.add("# nbdfuse: the mirror as a file, then a filesystem on it (as root)");
        out.add("mkdir -p " + mountPoint + " /mnt/" + name + " && nbdfuse " + mountPoint + " '" + unixUri + "' &");
        out.add("mkfs.ext4 " + mountPoint + "/nbd && mount -o loop " + mountPoint + "/nbd /mnt/" + name);
        if (kernelNbd) {
            out.add("# nbd-client: the mirror as /dev/nbd0 (as root)");
            out.add("nbd-client -unix " + socket.toAbsolutePath() + " -N " + name + " /dev/nbd0");
        }
        return out;
    }
}
