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

    /**
     * A write whose entry reaches every online device but whose data reaches only the first
     * {@code devicesReached} of them, as when the host dies in the middle of it: made through the
     * mirror, then the other devices' old data is put back. Whole blocks only.
     */
    public Tag writeInterrupted(TagGenerator generator, long offset, ByteBuffer data, int devicesReached)
            throws IOException {
        int bs = mirror.blockSize();
        long first = offset / bs;
        int count = data.remaining() / bs;
        List<StorageObject> missed = new ArrayList<>();
        List<ByteBuffer> before = new ArrayList<>();
        int online = 0;
        for (MemberStatus s : mirror.status()) {
            if (s.online() && online++ >= devicesReached) {
                StorageObject o = deviceByUuid(s.device()).object(mirror.definition().objectId());
                missed.add(o);
                before.add(o.read(first, count));
            }
        }
        Tag tag = mirror.write(generator, offset, data);
        for (int i = 0; i < missed.size(); i++) {
            missed.get(i).write(first, before.get(i));
        }
        return tag;
    }

    /**
     * Records {@code entry} on device {@code i} without its data reaching it: the transaction carries
     * the blocks the device already holds, with the per-block checksums of {@code entryData}.
     */
    public void recordEntryOnly(int i, TagEntry entry, ByteBuffer entryData) throws IOException {
        ByteBuffer current = object(i).read(entry.firstBlock(), entry.blockCount());
        int bs = device(i).blockSize();
        int[] checksums = new int[entry.blockCount()];
        for (int b = 0; b < checksums.length; b++) {
            checksums[b] = checksum(entryData.slice(b * bs, bs));
        }
        device(i).submit(new WriteTransaction(entry, current, checksums)).join();
    }

    private DirectoryDevice deviceByUuid(java.util.UUID uuid) {
        return devices.stream().filter(d -> d.uuid().equals(uuid)).findFirst().orElseThrow();
    }

    /** Closes every device given, in order; the first failure stops it. */
    public static void closeAll(java.util.Collection<? extends Device> devices) throws IOException {
        for (Device d : devices) {
            d.close();
        }
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
