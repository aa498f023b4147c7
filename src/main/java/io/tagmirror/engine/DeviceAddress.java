package io.tagmirror.engine;

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

    /**
     * The device an administrator named by a path, of the kind what is (or will be) there says. Only
     * directory devices exist so far, so every path reads as one; the kinds a path may also name (a disk,
     * a partition, an image file) are told apart here, so nothing that takes a path from an administrator
     * changes when they come.
     */
    public static DeviceAddress at(Path where) {
        return directory(where);
    }

    /** Formats a new device here with {@code blockSize}-byte blocks and opens it for writing. */
    public Device format(int blockSize) throws IOException {
        return switch (kind) {
            case DIRECTORY -> DirectoryDevice.format(path(), blockSize);
        };
    }

    /** Opens the device here; {@code readOnly} opens it without the lock, for inspection. */
    public Device open(boolean readOnly) throws IOException {
        return switch (kind) {
            case DIRECTORY -> DirectoryDevice.open(path(), readOnly);
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
        };
    }

    /** Reads and checks the device's descriptor without opening it. */
    public DeviceDescriptor readDescriptor() throws IOException {
        return switch (kind) {
            case DIRECTORY -> DirectoryDevice.readDescriptor(path());
        };
    }

    /** Whether the place is there at all (a directory's folder exists), device or not. */
    public boolean isReachable() {
        return switch (kind) {
            case DIRECTORY -> Files.isDirectory(path());
        };
    }

    /** Whether a device is here (it has a descriptor), without opening it. */
    public boolean isDevice() {
        return switch (kind) {
            case DIRECTORY -> DirectoryDevice.isDevice(path());
        };
    }

    /**
     * The entries the device's tag table still holds, read without opening the device, or empty when the
     * table cannot be read (lost or corrupt).
     */
    public OptionalLong readableEntries() throws IOException {
        return switch (kind) {
            case DIRECTORY -> DirectoryDevice.readableEntries(path());
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
