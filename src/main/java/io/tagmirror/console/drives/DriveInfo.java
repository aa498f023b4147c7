package io.tagmirror.console.drives;

import java.util.Objects;

/**
 * One mounted file store as the machine reports it.
 *
 * @param mountPoint where it is mounted, e.g. {@code /}, {@code /mnt/backup} or {@code C:\}
 * @param device what is mounted there, e.g. {@code /dev/sda1} or a volume label
 * @param type the file system type, e.g. {@code ext4}, {@code NTFS}, {@code nfs4}
 * @param totalBytes capacity, or -1 when it could not be read
 * @param unallocatedBytes bytes not used by anything, or -1 when unknown
 * @param usableBytes bytes this user can still write, or -1 when unknown
 */
public record DriveInfo(String mountPoint, String device, String type,
                        long totalBytes, long unallocatedBytes, long usableBytes) {

    public DriveInfo {
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(type, "type");
    }

    /** A store whose sizes could not be read, e.g. because the query failed or was denied. */
    public static DriveInfo withoutSizes(String mountPoint, String device, String type) {
        return new DriveInfo(mountPoint, device, type, -1, -1, -1);
    }

    public boolean hasSizes() {
        return totalBytes >= 0 && unallocatedBytes >= 0 && usableBytes >= 0;
    }

    /**
     * The share in use, 0..1, or -1 when unknown; computed as {@code df} does, so space reserved for
     * the superuser counts as neither used nor free.
     */
    public double usedFraction() {
        if (!hasSizes()) {
            return -1;
        }
        long used = Math.max(0, totalBytes - unallocatedBytes);
        long denominator = used + usableBytes;
        return denominator == 0 ? 0 : (double) used / denominator;
    }
}
