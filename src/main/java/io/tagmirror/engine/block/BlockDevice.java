package io.tagmirror.engine.block;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.DeviceAlreadyOpenException;
import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.NotADeviceException;
import io.tagmirror.engine.ObjectDamagedException;
import io.tagmirror.engine.StorageObject;
import io.tagmirror.engine.StorageObjects;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TagTable;
import io.tagmirror.engine.device.io.MappedWindow;
import io.tagmirror.engine.device.PipelinedDevice;
import io.tagmirror.engine.device.WritePipeline;
import io.tagmirror.engine.device.LogTagTable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A block device: a disk, a partition, a loop device or an image file, with TagMirror's metadata
 * inside it (DESIGN §4b, docs/formats.md): superblocks, one host slot's tag log, and the data region
 * that is its one storage object.
 *
 * <p>Opened for writing, a disk or partition is held with {@code O_EXCL} and an image file with a
 * lock, so nothing else claims it meanwhile; read-only opens take neither, for inspection.
 */
public final class BlockDevice extends PipelinedDevice {
    /** Real paths open for writing in this process: the same device must never be open twice. */
    private static final Map<Path, BlockDevice> OPEN = new ConcurrentHashMap<>();
    /** -Dtagmirror.block.pwriteLog=true writes the log with system calls, to measure the mapping against them. */
    private static final boolean MAP_LOG = !Boolean.getBoolean("tagmirror.block.pwriteLog");

    private final Path path;
    private final Path realPath;
    private final FileChannel channel;
    private final AutoCloseable hold;
    private final SuperblockStore superblocks;
    private final LogTagTable table;
    private final WritePipeline pipeline;
    /** An image file's identity when it was opened, null for a disk (which answers EIO when it goes). */
    private final Object imageKey;
    private volatile BlockStorageObject object;

    private BlockDevice(Path path, Path realPath, boolean readOnly, FileChannel channel, AutoCloseable hold,
                        SuperblockStore superblocks, LogTagTable table, boolean freshRing) throws IOException {
        super(readOnly);
        this.path = path;
        this.realPath = realPath;
        this.channel = channel;
        this.hold = hold;
        this.superblocks = superblocks;
        this.table = table;
        this.imageKey = Files.isRegularFile(realPath) ? Files.readAttributes(realPath,
                java.nio.file.attribute.BasicFileAttributes.class).fileKey() : null;
        BlockLayout l = superblocks.current().layout();
        this.pipeline = WritePipeline.open(table, new RegionChannel(channel, "the intent set of " + path, l.ringOffset(),
                        l.ringBytes()), "the intent set of " + path, freshRing, this::intentSettings,
                superblocks.current().descriptor().blockSize(), readOnly, this::writeData,
                threadName(superblocks.current().descriptor()));
    }

    @Override
    protected WritePipeline pipeline() {
        return pipeline;
    }

    /**
     * Makes a sparse image file of {@code bytes} at {@code file} (which must not exist) and formats it;
     * a refusal leaves no file behind.
     */
    public static BlockDevice createImage(Path file, long bytes, int blockSize) throws IOException {
        return createImage(file, bytes, blockSize, BlockLayout.LOG_HALF_BYTES);
    }

    /** As {@link #createImage(Path, long, int)} with a tag log of two halves of {@code logHalfBytes}. */
    public static BlockDevice createImage(Path file, long bytes, int blockSize, long logHalfBytes) throws IOException {
        file = file.toAbsolutePath().normalize();
        checkBlockSize(blockSize);
        BlockLayout.forDevice(file.toString(), bytes, logHalfBytes);
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new TagMirrorException("cannot create the image " + file + ": " + parent + " does not exist");
        }
        if (Files.exists(file)) {
            throw new TagMirrorException(file + " already exists; an image is made as a new file: choose another name,"
                    + " or give the existing file without --image to format it after its checks");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.allocate(1), bytes - 1); // sparse: only the last byte is written
            ch.force(true);
        }
        try {
            return format(file, blockSize, false, true, logHalfBytes);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Formats the disk, partition, loop device or image file at {@code path} after its checks
     * ({@link DriveSafety}): one in use is refused; one carrying a signature is refused unless
     * {@code force}. Then opens it for writing.
     */
    public static BlockDevice format(Path path, int blockSize, boolean force) throws IOException {
        return format(path, blockSize, force, false, BlockLayout.LOG_HALF_BYTES);
    }

    /** As {@link #format(Path, int, boolean)} with a tag log of two halves of {@code logHalfBytes}. */
    public static BlockDevice format(Path path, int blockSize, boolean force, long logHalfBytes) throws IOException {
        return format(path, blockSize, force, false, logHalfBytes);
    }

    /** {@code fresh}: a sparse image just made, whose data region is known to read as zeros. */
    private static BlockDevice format(Path path, int blockSize, boolean force, boolean fresh, long logHalfBytes)
            throws IOException {
        checkBlockSize(blockSize);
        path = path.toAbsolutePath().normalize();
        DriveSafety.Drive drive = DriveSafety.check(path, force);
        try (AutoCloseable claim = drive.claim()) {
            long bytes = drive.sizeBytes();
            BlockLayout layout = BlockLayout.forDevice(path.toString(), bytes, logHalfBytes);
            UUID uuid = UUID.randomUUID();
            DeviceDescriptor d = new DeviceDescriptor(DeviceDescriptor.FORMAT_VERSION, uuid, blockSize,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), List.of());
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                // the host slot is cleared first, then the data region, then the superblocks name them:
                // until the superblocks are written, the device is not a TagMirror device
                RegionChannel.zero(ch, layout.ringOffset(), layout.dataOffset() - layout.ringOffset());
                if (!fresh) {
                    // the members of a new mirror must agree before its first write: every block reads as zeros
                    drive.zeroData(ch, layout.dataOffset(), layout.dataBytes());
                }
                ch.force(false);
                Superblock first = new Superblock(1, d, layout, 0, 0, null, 0);
                SuperblockStore store = SuperblockStore.format(path.toString(), ch, first);
                LogTagTable.create(new RegionLogPlace(path.toString(), ch, store, false), uuid);
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        return open(path, false, true, ch -> ch);
    }

    /** Opens the device at {@code path}; {@code readOnly} opens it without holding it, for inspection. */
    public static BlockDevice open(Path path, boolean readOnly) throws IOException {
        return open(path, readOnly, false, ch -> ch);
    }

    /**
     * As {@link #open(Path, boolean)}, every read, write and sync going through {@code io} wrapped
     * around the device's channel: the seam tests use to make a device fail as a detached disk does.
     */
    static BlockDevice open(Path path, boolean readOnly, java.util.function.UnaryOperator<FileChannel> io)
            throws IOException {
        return open(path, readOnly, false, io);
    }

    /** {@code freshRing}: the device was just formatted, its intent ring zeroed and waiting for its first set. */
    private static BlockDevice open(Path path, boolean readOnly, boolean freshRing,
                                    java.util.function.UnaryOperator<FileChannel> io) throws IOException {
        path = path.toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new NotADeviceException(path + " does not exist");
        }
        Path real = path.toRealPath();
        if (!readOnly && OPEN.containsKey(real)) {
            throw new DeviceAlreadyOpenException(path + " is already open in this process");
        }
        AutoCloseable hold = readOnly ? null : DriveSafety.hold(real);
        FileChannel ch = null;
        try {
            FileChannel opened = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                    : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            ch = io.apply(opened);
            // the log is written through a mapping of its half (docs/architecture.md), unless a test's
            // wrapper must see every write as a call on the channel
            boolean mapLog = ch == opened && MAP_LOG && MappedWindow.supported();
            if (hold == null && !readOnly) {
                hold = lockImage(path, ch);
            }
            SuperblockStore store = SuperblockStore.read(path.toString(), ch);
            LogTagTable table = LogTagTable.open(new RegionLogPlace(path.toString(), ch, store, readOnly, mapLog),
                    store.current().descriptor().uuid(), readOnly);
            BlockDevice device;
            try {
                device = new BlockDevice(path, real, readOnly, ch, hold, store, table, freshRing);
            } catch (IOException | RuntimeException e) {
                table.close();
                throw e;
            }
            if (!readOnly) {
                OPEN.put(real, device);
            }
            return device;
        } catch (IOException | RuntimeException e) {
            closeQuietly(hold);
            if (ch != null) {
                ch.close();
            }
            throw e;
        }
    }

    private static FileLock lockImage(Path path, FileChannel ch) throws IOException {
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new io.tagmirror.engine.DeviceInUseException(path, "another process (it holds the image's lock)");
            }
            return lock;
        } catch (OverlappingFileLockException e) {
            throw new DeviceAlreadyOpenException(path + " is already open in this process");
        }
    }

    /** Whether {@code path} carries a TagMirror superblock copy (whole or not), read without opening it for writing. */
    public static boolean isDevice(Path path) {
        if (!Files.isRegularFile(path) && !DriveSafety.isBlockDevice(path)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return SuperblockStore.looksLikeDevice(ch);
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the size of the data region the valid superblock names, without opening the device. */
    public static long readDataRegionBytes(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return SuperblockStore.read(path.toString(), ch).current().layout().dataBytes();
        }
    }

    /** Reads the valid superblock's descriptor without opening the device. */
    public static DeviceDescriptor readDescriptor(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NotADeviceException(path + " does not exist");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return SuperblockStore.read(path.toString(), ch).current().descriptor();
        }
    }

    /** The entries the device's tag log holds, or empty when it cannot be read; changes nothing. */
    public static OptionalLong readableEntries(Path path) throws IOException {
        try (BlockDevice d = open(path, true)) {
            return OptionalLong.of(d.tagTable().count());
        } catch (io.tagmirror.engine.DeviceDamagedException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Replaces a lost or corrupt tag log with an empty one that asks for a scrub. The old log's region
     * is overwritten: a block device has no room to keep it beside the new one.
     */
    public static void resetTagTable(Path path) throws IOException {
        path = path.toAbsolutePath().normalize();
        Path real = path.toRealPath();
        if (OPEN.containsKey(real)) {
            throw new DeviceAlreadyOpenException(path + " is open in this process; close it first");
        }
        try (AutoCloseable hold = DriveSafety.hold(real);
             FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = hold == null ? lockImage(path, ch) : null) {
            SuperblockStore store = SuperblockStore.read(path.toString(), ch);
            Superblock s = store.current();
            BlockLayout l = s.layout();
            RegionChannel.zero(ch, l.logHalfOffset(s.activeHalf()), l.logHalfBytes());
            RegionLogPlace place = new RegionLogPlace(path.toString(), ch, store, false);
            LogTagTable.create(place, s.descriptor().uuid());
            try (LogTagTable table = LogTagTable.open(place, s.descriptor().uuid(), false)) {
                table.setNeedsScrub(true);
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static void checkBlockSize(int blockSize) throws TagMirrorException {
        if (blockSize < 512 || blockSize > (1 << 20) || Integer.bitCount(blockSize) != 1) {
            throw new TagMirrorException("block size " + blockSize + " is not allowed: use a power of two from 512 to 1048576");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing after a failure; the failure is what is reported
            }
        }
    }

    // ---------------------------------------------------------------- the device

    @Override
    public UUID uuid() {
        return descriptor().uuid();
    }

    @Override
    public int blockSize() {
        return descriptor().blockSize();
    }

    @Override
    public String location() {
        return path.toString();
    }

    @Override
    public DeviceDescriptor descriptor() {
        return superblocks.current().descriptor();
    }

    /** The superblock in use. */
    Superblock superblock() {
        return superblocks.current();
    }

    /** The regions of the device. */
    public BlockLayout layout() {
        return superblocks.current().layout();
    }

    @Override
    public List<String> notices() {
        return superblocks.notices();
    }

    @Override
    public synchronized void updateDescriptor(DeviceDescriptor next) throws IOException {
        checkWritable();
        if (!next.uuid().equals(uuid())) {
            throw new IllegalArgumentException("a device's uuid never changes");
        }
        Superblock s = superblocks.current();
        superblocks.write(s.next(next, s.activeHalf(), s.logGeneration(), s.objectId(), s.objectBlocks()));
    }

    @Override
    public TagTable tagTable() {
        return table;
    }

    @Override
    public boolean hasObject(String objectId) {
        return objectId != null && objectId.equals(superblocks.current().objectId());
    }

    @Override
    public List<String> objectIds() {
        String id = superblocks.current().objectId();
        return id == null ? List.of() : List.of(id);
    }

    private long capacityBlocks() {
        return layout().dataBytes() / blockSize();
    }

    @Override
    public synchronized StorageObject createObject(String objectId, long lengthBlocks) throws IOException {
        checkWritable();
        StorageObjects.checkObjectId(objectId);
        Superblock s = superblocks.current();
        if (s.objectId() != null) {
            throw new TagMirrorException(path + " already holds the object of a mirror (" + s.objectId()
                    + "); a block device holds one mirror's data");
        }
        if (lengthBlocks > capacityBlocks()) {
            throw new TagMirrorException("a mirror of " + ByteSize.format(lengthBlocks * blockSize()) + " does not fit on "
                    + path + ": its data region holds " + ByteSize.format(capacityBlocks() * blockSize())
                    + "; the smallest member decides: make the mirror at most that size");
        }
        superblocks.write(s.next(s.descriptor(), s.activeHalf(), s.logGeneration(), objectId, lengthBlocks));
        return object(objectId);
    }

    @Override
    public StorageObject object(String objectId) throws IOException {
        BlockStorageObject o = object;
        if (o != null && o.id().equals(objectId)) {
            return o;
        }
        synchronized (this) {
            if (!hasObject(objectId)) {
                String mirror = descriptor().mirrors().stream().filter(m -> m.objectId().equals(objectId))
                        .map(m -> " of mirror " + m.name()).findFirst().orElse("");
                throw new ObjectDamagedException(objectId, ObjectDamagedException.Damage.MISSING, "object " + objectId
                        + mirror + " is missing on device " + path + " (its superblock records none); repair rebuilds it"
                        + " from the other devices");
            }
            object = new BlockStorageObject(objectId, path.toString(), channel, layout().dataOffset(), capacityBlocks(),
                    blockSize(), new SuperblockLength(), this::checkPresent);
            return object;
        }
    }

    /**
     * Refuses an image file that is no longer the one opened: removed or replaced under its path, or
     * cut shorter than the size it was formatted with. A disk that goes answers EIO by itself.
     */
    private void checkPresent() throws IOException {
        if (imageKey == null) {
            return;
        }
        Object now;
        try {
            now = Files.readAttributes(realPath, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (java.nio.file.NoSuchFileException e) {
            now = null;
        }
        if (!imageKey.equals(now)) {
            throw new io.tagmirror.engine.DeviceGoneException("the image file " + path + " was removed or replaced while"
                    + " open; its member leaves the mirror (the others go on): put the image back and bring it online,"
                    + " or replace the member");
        }
        long size = channel.size();
        if (size < layout().deviceBytes()) {
            throw new io.tagmirror.engine.DeviceGoneException("the image file " + path + " was cut to "
                    + ByteSize.format(size) + " while open (it was made with " + ByteSize.format(layout().deviceBytes())
                    + "); its member leaves the mirror (the others go on): replace the member");
        }
    }

    /** The object's length as the superblock keeps it: a change is a superblock write. */
    private final class SuperblockLength implements BlockStorageObject.Length {
        @Override
        public long blocks() {
            return superblocks.current().objectBlocks();
        }

        @Override
        public void set(long blocks) throws IOException {
            synchronized (BlockDevice.this) {
                checkWritable();
                Superblock s = superblocks.current();
                if (s.objectBlocks() != blocks) {
                    superblocks.write(s.next(s.descriptor(), s.activeHalf(), s.logGeneration(), s.objectId(), blocks));
                }
            }
        }
    }

    @Override
    public synchronized StorageObject restoreObject(String objectId, long lengthBlocks) throws IOException {
        checkWritable();
        if (!hasObject(objectId)) {
            return createObject(objectId, lengthBlocks);
        }
        StorageObject o = object(objectId);
        if (o.lengthBlocks() < lengthBlocks) {
            o.setLengthBlocks(lengthBlocks);
        }
        return o;
    }

    @Override
    public synchronized void deleteObject(String objectId) throws IOException {
        checkWritable();
        Superblock s = superblocks.current();
        if (objectId.equals(s.objectId())) {
            object = null;
            superblocks.write(s.next(s.descriptor(), s.activeHalf(), s.logGeneration(), null, 0));
        }
    }

    /** The data region not taken by the object: a block device holds one object, so zero once a mirror is made. */
    @Override
    public long freeBytes() {
        Superblock s = superblocks.current();
        return s.objectId() == null ? s.layout().dataBytes() : 0;
    }

    /** The data region's size. */
    public long dataBytes() {
        return layout().dataBytes();
    }

    @Override
    public OptionalLong dataRegionBytes() {
        return OptionalLong.of(layout().dataBytes());
    }

    /** The mirrors this device belongs to, by name. */
    public List<String> mirrorNames() {
        return descriptor().mirrors().stream().map(MirrorDefinition::name).toList();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            pipeline.close();
        } catch (IOException e) {
            first = e;
        }
        try {
            table.close();
        } catch (IOException e) {
            first = e;
        }
        try {
            if (!isReadOnly()) {
                channel.force(false);
            }
        } catch (IOException e) {
            first = first == null ? e : first;
        } finally {
            channel.close();
            closeQuietly(hold);
            if (!isReadOnly()) {
                OPEN.remove(realPath, this);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
