package io.tagmirror.engine;

import io.tagmirror.engine.compare.MirrorAccess;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds devices and mirrors in a test's temp dir and closes them afterwards (for the engine's tests in every room). */
public final class TestMirrors implements AutoCloseable {
    public final Path root;
    public final List<DirectoryDevice> devices = new ArrayList<>();
    public Mirror mirror;

    public TestMirrors(Path root) {
        this.root = root;
    }

    public static TestMirrors create(Path root, int deviceCount, long sizeBytes, DurabilityMode mode) throws IOException {
        TestMirrors t = new TestMirrors(Files.createDirectories(root));
        for (int i = 0; i < deviceCount; i++) {
            t.devices.add(DirectoryDevice.format(root.resolve("dev" + i), 4096));
        }
        t.mirror = Mirror.create("m", sizeBytes, t.devices, mode);
        return t;
    }

    public DirectoryDevice device(int i) {
        return devices.get(i);
    }

    public StorageObject object(int i) throws IOException {
        return devices.get(i).object(mirror.definition().objectId());
    }

    /** What the mirror hands its compares and repairs, for tests that run them directly. */
    public MirrorAccess access() {
        return mirror.access();
    }

    /** The CRC32C the mirror tags a write's data with. */
    public static int checksum(ByteBuffer data) {
        return Mirror.checksum(data);
    }

    public static ByteBuffer randomData(long seed, int length) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return ByteBuffer.wrap(b);
    }

    public byte[] objectBytes(int i) throws IOException {
        StorageObject o = object(i);
        return o.read(0, (int) o.lengthBlocks()).array();
    }

    public void reopen(DurabilityMode mode) throws IOException {
        MirrorDefinition def = mirror.definition();
        closeDevices();
        for (int i = 0; i < def.devices().size(); i++) {
            devices.add(DirectoryDevice.open(root.resolve("dev" + i), false));
        }
        mirror = Mirror.open(def, devices, mode);
    }

    private void closeDevices() throws IOException {
        for (DirectoryDevice d : devices) {
            d.close();
        }
        devices.clear();
    }

    @Override
    public void close() throws IOException {
        closeDevices();
    }
}
