package io.tagmirror.engine;

import io.tagmirror.engine.block.BlockDevice;
import io.tagmirror.engine.block.BlockLayout;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where a device is: its kind and a locator read as that kind says (a directory's path today). The one
 * way above the engine to create, open or read a device, whatever it is made of, so a new kind of
 * device fits without changing those who keep or show addresses.
 *
 * @param kind what the device is made of
 * @param locator where it is, in the kind's own words
 */
public record DeviceAddress(DeviceKind kind, String locator) {

    public DeviceAddress {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(locator, "locator");
    }

    /** The directory device at {@code dir}. */
    public static DeviceAddress directory(Path dir) {
        return new DeviceAddress(DeviceKind.DIRECTORY, dir.toAbsolutePath().normalize().toString());
    }

    /** The block device (a disk, a partition, a loop device or an image file) at {@code path}. */
    public static DeviceAddress block(Path path) {
        return new DeviceAddress(DeviceKind.BLOCK, path.toAbsolutePath().normalize().toString());
    }

    /**
     * The device at {@code path} as what is there says: a block device node or a file is a block
     * device, anything else (a directory, or nothing yet) a directory device.
     */
    public static DeviceAddress at(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return Files.isDirectory(abs) || !Files.exists(abs) ? directory(abs) : block(abs);
    }

    /**
     * Makes a sparse image file of {@code bytes} at {@code file} (a new file) and formats it as a block
     * device, opened for writing; a refusal leaves no file.
     */
    public static Device createImage(Path file, long bytes, int blockSize) throws IOException {
        return BlockDevice.createImage(file, bytes, blockSize);
    }

    /** As {@link #createImage(Path, long, int)} with a tag log of {@code logBytes} (two halves). */
    public static Device createImage(Path file, long bytes, int blockSize, long logBytes) throws IOException {
        return BlockDevice.createImage(file, bytes, blockSize, BlockLayout.logHalfBytes(file.toString(), logBytes));
    }

    /** Formats a new device here with {@code blockSize}-byte blocks and opens it for writing. */
    public Device format(int blockSize) throws IOException {
        return format(blockSize, false);
    }

    /**
     * Formats a new device here and opens it for writing; {@code force} formats a block device that
     * carries a signature (a file system, a partition table) after the caller told what is there. A
     * drive in use is refused whatever {@code force} says.
     */
    public Device format(int blockSize, boolean force) throws IOException {
        return switch (kind) {
            case DIRECTORY -> DirectoryDevice.format(path(), blockSize);
            case BLOCK -> BlockDevice.format(path(), blockSize, force);
        };
    }

    /**
     * As {@link #format(int, boolean)}, a block device's tag log taking {@code logBytes} (two halves);
     * a directory device's log is a file that grows, so a size is refused for one.
     */
    public Device format(int blockSize, boolean force, long logBytes) throws IOException {
        if (kind == DeviceKind.DIRECTORY) {
            throw new TagMirrorException(path() + " is a directory: its tag log is a file that grows as needed;"
                    + " --log-size is for disks, partitions and image files");
        }
        return BlockDevice.format(path(), blockSize, force, BlockLayout.logHalfBytes(path().toString(), logBytes));
    }

    /** Opens the device here; {@code readOnly} opens it without the lock, for inspection. */
    public Device open(boolean readOnly) throws IOException {
        return switch (kind) {
            case DIRECTORY -> DirectoryDevice.open(path(), readOnly);
            case BLOCK -> BlockDevice.open(path(), readOnly);
        };
    }

    /**
     * Opens the device here read-only, without its lock, for inspection: listing a device or reading its
     * data for a look must never take the device from whoever writes to it.
     */
    public Device inspect() throws IOException {
        return open(true);
    }

    /** Where the device keeps the object {@code objectId}, in words an administrator recognises (a file's path). */
    public String objectLocation(String objectId) {
        return switch (kind) {
            case DIRECTORY -> DirectoryDevice.objectFile(path(), objectId).toString();
            case BLOCK -> locator + " (its data region)";
        };
    }

    /** Reads and checks the device's descriptor without opening it. */
    public DeviceDescriptor readDescriptor() throws IOException {
        return switch (kind) {
            case DIRECTORY -> DirectoryDevice.readDescriptor(path());
            case BLOCK -> BlockDevice.readDescriptor(path());
        };
    }

    /** Whether the place is there at all (a directory's folder exists), device or not. */
    public boolean isReachable() {
        return switch (kind) {
            case DIRECTORY -> Files.isDirectory(path());
            case BLOCK -> Files.exists(path());
        };
    }

    /** Whether a device is here (it has a descriptor), without opening it. */
    public boolean isDevice() {
        return switch (kind) {
            case DIRECTORY -> DirectoryDevice.isDevice(path());
            case BLOCK -> BlockDevice.isDevice(path());
        };
    }

    /**
     * The entries the device's tag table still holds, read without opening the device, or empty when the
     * table cannot be read (lost or corrupt).
     */
    public OptionalLong readableEntries() throws IOException {
        return switch (kind) {
            case DIRECTORY -> DirectoryDevice.readableEntries(path());
            case BLOCK -> BlockDevice.readableEntries(path());
        };
    }

    /**
     * Replaces the device's lost or corrupt tag table with an empty one that asks for a scrub, keeping the
     * old one beside it; returns where it was kept, in the kind's words, or null when there was none.
     */
    public String resetTagTable() throws IOException {
        return switch (kind) {
            case DIRECTORY -> {
                Path kept = DirectoryDevice.resetTagTable(path());
                yield kept == null ? null : kept.toString();
            }
            case BLOCK -> {
                BlockDevice.resetTagTable(path());
                yield null;
            }
        };
    }

    private Path path() {
        return Path.of(locator);
    }

    @Override
    public String toString() {
        return locator;
    }
}
