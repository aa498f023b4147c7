package io.tagmirror.console.drives;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises mounts that hold no administrator data (kernel interfaces, RAM disks of the OS,
 * container internals), which the drives screen hides unless asked to show everything.
 */
public final class PseudoFileSystems {

    /** Types that are kernel or runtime interfaces wherever they are mounted. */
    private static final Set<String> PSEUDO_TYPES = Set.of(
            "proc", "sysfs", "devtmpfs", "devpts", "devfs", "cgroup", "cgroup2", "cpuset",
            "securityfs", "pstore", "debugfs", "tracefs", "configfs", "fusectl", "mqueue",
            "hugetlbfs", "binfmt_misc", "autofs", "bpf", "efivarfs", "rpc_pipefs", "nsfs",
            "selinuxfs", "ramfs", "nfsd", "usbfs", "fuse.gvfsd-fuse", "fuse.portal",
            "fuse.lxcfs", "binderfs", "zonefs");

    /** Mount points below which everything is the kernel's own business. */
    private static final List<String> KERNEL_PREFIXES = List.of("/proc", "/sys");

    /**
     * Mount points below which RAM disks belong to the OS; real drives can live there too (desktops
     * mount USB disks under {@code /run/media}), so only RAM disks are hidden.
     */
    private static final List<String> RUNTIME_PREFIXES = List.of("/dev", "/run");

    /** macOS volumes that only the OS uses. */
    private static final List<String> MACOS_SYSTEM_VOLUMES = List.of(
            "/System/Volumes/VM", "/System/Volumes/Preboot", "/System/Volumes/Update",
            "/System/Volumes/xarts", "/System/Volumes/iSCPreboot", "/System/Volumes/Hardware",
            "/System/Volumes/Recovery");

    /** Where container runtimes keep their layered file systems. */
    private static final List<String> CONTAINER_PREFIXES = List.of(
            "/var/lib/docker", "/var/lib/containers", "/var/lib/containerd", "/run/containerd",
            "/var/lib/kubelet", "/snap");

    /** Single files that container runtimes bind-mount into every container. */
    private static final Set<String> CONTAINER_FILES = Set.of("/etc/hosts", "/etc/hostname", "/etc/resolv.conf");

    private PseudoFileSystems() {
    }

    /** True when {@code drive} should be hidden by default. */
    public static boolean isPseudo(DriveInfo drive) {
        String type = drive.type().toLowerCase(Locale.ROOT);
        String mountPoint = drive.mountPoint();
        if (PSEUDO_TYPES.contains(type) || type.startsWith("cgroup")) {
            return true;
        }
        if (under(mountPoint, KERNEL_PREFIXES) || under(mountPoint, CONTAINER_PREFIXES)
                || under(mountPoint, MACOS_SYSTEM_VOLUMES)) {
            return true;
        }
        if (type.equals("tmpfs") && under(mountPoint, RUNTIME_PREFIXES)) {
            return true;
        }
        if (CONTAINER_FILES.contains(mountPoint)) {
            return true;
        }
        // A snap package or a live image: read-only, and never a place for mirrored data.
        return type.equals("squashfs");
    }

    private static boolean under(String mountPoint, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
