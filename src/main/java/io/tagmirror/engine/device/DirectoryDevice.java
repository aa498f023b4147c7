package io.tagmirror.engine.device;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.DeviceAlreadyOpenException;
import io.tagmirror.engine.DeviceDamagedException;
import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.NotADeviceException;
import io.tagmirror.engine.ObjectDamagedException;
import io.tagmirror.engine.StorageObject;
import io.tagmirror.engine.StorageObjects;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TagTable;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A v1 device: a directory holding {@code device.json}, {@code tags.log} (or the first engine's
 * {@code tags.db}) and {@code objects/}.
 *
 * <p>Formatting refuses any directory that holds something, and opening refuses anything that is not
 * exactly what formatting made, so the engine writes only inside directories it formatted itself.
 */
public final class DirectoryDevice extends PipelinedDevice {
    public static final String DESCRIPTOR_FILE = "device.json";
    static final String OBJECTS_DIR = "objects";
    /** Present while a format is in progress; lets a format interrupted by a crash be retried. */
    static final String FORMATTING_MARKER = ".formatting";
    private static final Set<String> FORMAT_FILES = Set.of(FORMATTING_MARKER, LogTagTable.FILE_NAME,
            LogTagTable.NEW_FILE_NAME, SqliteTagTable.FILE_NAME,
            SqliteTagTable.FILE_NAME + "-wal", SqliteTagTable.FILE_NAME + "-shm",
            SqliteTagTable.FILE_NAME + "-journal", IntentSlots.FILE_NAME, OBJECTS_DIR, DeviceLock.FILE_NAME,
            DESCRIPTOR_FILE + ".tmp");

    /** The largest mirror a device accepts, as {@link Mirror#create} does. */
    static final long MAX_MIRROR_BLOCKS = 1L << 40;

    /** How to get a device with a damaged object back, said the same way for a missing and a short one. */
    private static final String WAY_BACK = "repair rebuilds it from the other devices (copying the whole volume onto it),"
            + " or replace the device (see the recovery guide)";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Real paths of devices open in this process: the same directory must never be open twice. */
    private static final Map<Path, DirectoryDevice> OPEN = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path realDir;
    private final DeviceLock lock;
    private final TagTable table;
    /** The table as the device uses it: {@link #table} itself, unless a test hook looks through it. */
    private final TagTable tableView;
    private final ObjectIo io;
    private final WritePipeline pipeline;
    private final Map<String, FileStorageObject> objects = new ConcurrentHashMap<>();
    private volatile DeviceDescriptor descriptor;

    private DirectoryDevice(Path dir, Path realDir, boolean readOnly, DeviceLock lock, TagTable table,
                            TagTable tableView, ObjectIo io, DeviceDescriptor descriptor, IntentSlots slots)
            throws IOException {
        super(readOnly);
        this.dir = dir;
        this.realDir = realDir;
        this.lock = lock;
        this.table = table;
        this.tableView = tableView;
        this.io = io;
        this.descriptor = descriptor;
        this.pipeline = WritePipeline.open(tableView, slots, this::intentSettings, descriptor.blockSize(), readOnly,
                this::writeData, threadName(descriptor));
    }

    @Override
    protected WritePipeline pipeline() {
        return pipeline;
    }

    /**
     * Formats {@code dir} as a new device and opens it for writing. A missing {@code dir} is made, but
     * never its parent: a mount point whose drive is not mounted looks like a missing parent, and
     * making it would put the device on whatever filesystem lies below.
     */
    public static DirectoryDevice format(Path dir, int blockSize) throws IOException {
        checkBlockSize(blockSize);
        dir = dir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new TagMirrorException(dir + " is a file, not a directory");
        }
        if (Files.isRegularFile(dir.resolve(DESCRIPTOR_FILE))) {
            throw new TagMirrorException(dir + " is already a TagMirror device; formatting never overwrites one");
        }
        if (Files.isDirectory(dir)) {
            List<String> names = listNames(dir);
            boolean interrupted = names.contains(FORMATTING_MARKER) && FORMAT_FILES.containsAll(names);
            if (!names.isEmpty() && !interrupted) {
                throw new TagMirrorException(dir + " is not empty and is not a TagMirror device (no " + DESCRIPTOR_FILE
                        + "); formatting never overwrites anything: choose an empty or new directory");
            }
            if (interrupted) {
                removeInterruptedFormat(dir);
            }
        }
        Path parent = dir.getParent();
        if (!Files.isDirectory(dir) && (parent == null || !Files.isDirectory(parent))) {
            throw new TagMirrorException("cannot create a device at " + dir + ": " + parent + " does not exist"
                    + " (is its drive mounted?); only the last folder of the path is made");
        }
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir);
            }
            Files.createFile(dir.resolve(FORMATTING_MARKER));
        } catch (AccessDeniedException e) {
            throw new TagMirrorException("cannot create a device at " + dir + ": the location is not writable");
        } catch (FileSystemException e) {
            throw new TagMirrorException("cannot create a device at " + dir + ": " + reason(e), e);
        }
        UUID uuid = UUID.randomUUID();
        Files.createDirectories(dir.resolve(OBJECTS_DIR));
        LogTagTable.create(dir.resolve(LogTagTable.FILE_NAME), uuid);
        IntentSlots.create(ObjectIo.SYSTEM, dir.resolve(IntentSlots.FILE_NAME));
        DeviceDescriptor descriptor = new DeviceDescriptor(DeviceDescriptor.FORMAT_VERSION, uuid, blockSize,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), List.of());
        // device.json is written last and atomically: until it exists the directory is not a device.
        writeDescriptor(dir, descriptor);
        Files.delete(dir.resolve(FORMATTING_MARKER));
        syncDirectory(dir);
        return open(dir, false);
    }

    private static void removeInterruptedFormat(Path dir) throws IOException {
        Path objects = dir.resolve(OBJECTS_DIR);
        if (Files.isDirectory(objects) && !listNames(objects).isEmpty()) {
            throw new TagMirrorException(dir + " holds an interrupted format with objects in it; refusing to remove them");
        }
        for (String name : FORMAT_FILES) {
            if (!name.equals(FORMATTING_MARKER)) {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
        Files.deleteIfExists(dir.resolve(FORMATTING_MARKER));
    }

    /** Opens an existing device; {@code readOnly} opens without the lock, for inspection. */
    public static DirectoryDevice open(Path dir, boolean readOnly) throws IOException {
        return open(dir, readOnly, ObjectIo.SYSTEM, UnaryOperator.identity());
    }

    /**
     * Test hook: opens a device whose object files go through {@code io} (a layer that records writes
     * and syncs, or fails them) and whose tag table is used through {@code tableView} (a decorator that
     * observes commits or fails them, since SQLite's own file I/O cannot be intercepted from Java).
     * Everything else is as {@link #open(Path, boolean)}.
     */
    public static DirectoryDevice open(Path dir, boolean readOnly, ObjectIo io, UnaryOperator<TagTable> tableView)
            throws IOException {
        dir = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new NotADeviceException(dir + " does not exist or is not a directory");
        }
        DeviceDescriptor descriptor = readDescriptor(dir);
        if (!Files.isDirectory(dir.resolve(OBJECTS_DIR))) {
            throw new DeviceDamagedException(dir + " is damaged: its " + OBJECTS_DIR + "/ directory is missing");
        }
        Path real = dir.toRealPath();
        if (!readOnly) {
            DirectoryDevice already = OPEN.get(real);
            if (already != null) {
                throw new DeviceAlreadyOpenException(dir + " is already open as device " + already.uuid()
                        + (already.dir.equals(dir) ? "" : " (through " + already.dir + ")"));
            }
        }
        // Check the tag table before taking the lock or opening it for good: a refused device is left
        // exactly as it was (the lock file takes the holder's name; a log's torn tail is cut off).
        Path log = dir.resolve(LogTagTable.FILE_NAME);
        Path first = dir.resolve(SqliteTagTable.FILE_NAME);
        boolean firstEngine = !Files.exists(log) && Files.exists(first);
        if (firstEngine) {
            SqliteTagTable.check(first, descriptor.uuid());
        } else {
            LogTagTable.check(log, descriptor.uuid());
        }
        DeviceLock lock = readOnly ? null : DeviceLock.acquire(dir);
        TagTable table = null;
        IntentSlots slots = null;
        try {
            if (firstEngine && readOnly) {
                // read as a snapshot when no write-ahead log is there: nothing is made beside it
                table = SqliteTagTable.inspect(first, descriptor.uuid());
            } else {
                if (!readOnly) {
                    // a rewrite or carry-over that a crash interrupted: the log it was to replace is whole
                    Files.deleteIfExists(dir.resolve(LogTagTable.NEW_FILE_NAME));
                }
                if (firstEngine) {
                    LogTagTable.carryOver(first, log, descriptor.uuid());
                }
                LogTagTable opened = LogTagTable.open(log, descriptor.uuid(), readOnly);
                table = opened;
                if (!readOnly && Files.exists(first)) {
                    opened.carriedFrom(first);
                }
            }
            slots = IntentSlots.open(io, dir, readOnly);
            DirectoryDevice device = new DirectoryDevice(dir, real, readOnly, lock, table, tableView.apply(table), io,
                    descriptor, slots);
            if (!readOnly && OPEN.putIfAbsent(real, device) != null) {
                device.close();
                throw new DeviceAlreadyOpenException(dir + " is already open in this process");
            }
            return device;
        } catch (IOException | RuntimeException e) {
            if (slots != null) {
                slots.close();
            }
            if (table != null) {
                table.close();
            }
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    /**
     * Replaces a lost or corrupt tag table with an empty log, keeping the old files beside it
     * (renamed, never deleted). The device's mirrors then need a scrub, which the new log records.
     * Returns the name the old table was kept under, or null when there was none.
     */
    public static Path resetTagTable(Path dir) throws IOException {
        dir = dir.toAbsolutePath().normalize();
        DeviceDescriptor descriptor = readDescriptor(dir);
        if (OPEN.containsKey(dir.toRealPath())) {
            throw new DeviceAlreadyOpenException(dir + " is open in this process; close it first");
        }
        try (DeviceLock lock = DeviceLock.acquire(dir)) {
            String stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
            Path kept = null;
            for (String name : List.of(SqliteTagTable.FILE_NAME, LogTagTable.FILE_NAME)) {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Path f = dir.resolve(name + suffix);
                    if (Files.exists(f)) {
                        Path to = dir.resolve(name + ".lost-" + stamp + suffix);
                        Files.move(f, to);
                        kept = suffix.isEmpty() ? to : kept;
                    }
                }
            }
            Files.deleteIfExists(dir.resolve(LogTagTable.NEW_FILE_NAME));
            Path log = dir.resolve(LogTagTable.FILE_NAME);
            LogTagTable.create(log, descriptor.uuid());
            try (LogTagTable table = LogTagTable.open(log, descriptor.uuid(), false)) {
                table.setNeedsScrub(true);
            }
            syncDirectory(dir);
            return kept;
        }
    }

    /**
     * How many entries {@code dir}'s tag table holds when it opens and reads to its end: a table that
     * does is not lost, and replacing it would only forget what its entries name. Empty when the table
     * is missing or damaged. Changes nothing on disk.
     */
    public static OptionalLong readableEntries(Path dir) throws IOException {
        dir = dir.toAbsolutePath().normalize();
        DeviceDescriptor descriptor = readDescriptor(dir);
        Path log = dir.resolve(LogTagTable.FILE_NAME);
        Path first = dir.resolve(SqliteTagTable.FILE_NAME);
        try {
            try (TagTable table = !Files.exists(log) && Files.exists(first)
                    ? SqliteTagTable.inspect(first, descriptor.uuid()) : LogTagTable.open(log, descriptor.uuid(), true)) {
                long[] entries = {0};
                table.scan((batch, entry) -> {
                    entries[0]++;
                    return true;
                });
                return OptionalLong.of(entries[0]);
            }
        } catch (TagMirrorException missingOrDamaged) {
            return OptionalLong.empty();
        }
    }

    /** Whether {@code dir} looks like a device (has a descriptor), without opening it. */
    public static boolean isDevice(Path dir) {
        return Files.isRegularFile(dir.resolve(DESCRIPTOR_FILE));
    }

    /** Reads and checks {@code device.json}; refuses a non-device, a corrupt file or a newer format. */
    public static DeviceDescriptor readDescriptor(Path dir) throws IOException {
        Path file = dir.resolve(DESCRIPTOR_FILE);
        if (!Files.isRegularFile(file)) {
            if (Files.exists(dir.resolve(FORMATTING_MARKER))) {
                throw new NotADeviceException(dir + " is a device whose creation was interrupted; run device create on it again");
            }
            throw new NotADeviceException(dir + " is not a TagMirror device (no " + DESCRIPTOR_FILE + ")");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new DeviceDamagedException(file + " is corrupt (not valid JSON)");
        }
        if (tree == null || !tree.isObject() || !tree.has("formatVersion") || !tree.has("uuid")) {
            throw new DeviceDamagedException(file + " is corrupt (formatVersion or uuid missing)");
        }
        int version = tree.get("formatVersion").asInt(-1);
        if (version != DeviceDescriptor.FORMAT_VERSION) {
            throw new DeviceDamagedException(dir + " is a device of format version " + tree.get("formatVersion")
                    + "; this TagMirror reads version " + DeviceDescriptor.FORMAT_VERSION
                    + (version > DeviceDescriptor.FORMAT_VERSION ? " (made by a newer TagMirror: upgrade to open it)" : ""));
        }
        DeviceDescriptor d;
        try {
            d = JSON.treeToValue(tree, DeviceDescriptor.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new DeviceDamagedException(file + " is corrupt: " + TagMirrorException.firstLine(e.getMessage()));
        }
        if (d == null || d.uuid() == null) {
            throw new DeviceDamagedException(file + " is corrupt (formatVersion or uuid missing)");
        }
        try {
            checkBlockSize(d.blockSize());
        } catch (TagMirrorException e) {
            throw new DeviceDamagedException(file + " is corrupt: " + e.getMessage());
        }
        for (MirrorDefinition m : d.mirrors()) {
            checkMirror(file, d, m);
        }
        return d;
    }

    /**
     * Refuses a mirror record that could make the engine touch anything outside the device (an object
     * id with a path in it) or work on absurd geometry: such a file was damaged or made by hand.
     */
    private static void checkMirror(Path file, DeviceDescriptor d, MirrorDefinition m) throws TagMirrorException {
        String problem = null;
        if (m == null || m.name() == null || m.uuid() == null || m.objectId() == null || m.devices() == null) {
            problem = "a mirror record lacks its name, uuid, object or devices";
        } else if (!StorageObjects.isValidObjectId(m.objectId())) {
            problem = "mirror " + m.name() + " names the object '" + m.objectId() + "', which is not a valid object id";
        } else if (m.blockSize() != d.blockSize()) {
            problem = "mirror " + m.name() + " has block size " + m.blockSize() + " on a device of block size " + d.blockSize();
        } else if (m.sizeBlocks() <= 0 || m.sizeBlocks() > MAX_MIRROR_BLOCKS) {
            problem = "mirror " + m.name() + " has an impossible size of " + m.sizeBlocks() + " blocks";
        } else if (!m.devices().contains(d.uuid()) || m.devices().stream().distinct().count() != m.devices().size()
                || m.devices().size() < 2) {
            problem = "mirror " + m.name() + " has a device list that does not hold this device once among two or more";
        }
        if (problem != null) {
            throw new DeviceDamagedException(file + " is corrupt: " + problem);
        }
    }

    private static void writeDescriptor(Path dir, DeviceDescriptor descriptor) throws IOException {
        Path tmp = dir.resolve(DESCRIPTOR_FILE + ".tmp");
        byte[] bytes = JSON.writeValueAsBytes(descriptor);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(DESCRIPTOR_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on a directory; the rename is still ordered after the data.
        }
    }

    static void checkBlockSize(int blockSize) throws TagMirrorException {
        if (blockSize < 512 || blockSize > (1 << 20) || Integer.bitCount(blockSize) != 1) {
            throw new TagMirrorException("block size " + blockSize + " is not allowed: use a power of two from 512 to 1048576");
        }
    }

    private static List<String> listNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                names.add(p.getFileName().toString());
            }
        }
        return names;
    }

    private static String reason(FileSystemException e) {
        return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }

    public Path directory() {
        return dir;
    }

    @Override
    public UUID uuid() {
        return descriptor.uuid();
    }

    @Override
    public int blockSize() {
        return descriptor.blockSize();
    }

    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public DeviceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public synchronized void updateDescriptor(DeviceDescriptor next) throws IOException {
        checkWritable();
        if (!next.uuid().equals(descriptor.uuid())) {
            throw new IllegalArgumentException("a device's uuid never changes");
        }
        writeDescriptor(dir, next);
        descriptor = next;
    }

    @Override
    public TagTable tagTable() {
        return tableView;
    }

    private Path objectPath(String objectId) {
        StorageObjects.checkObjectId(objectId);
        return dir.resolve(OBJECTS_DIR).resolve(objectId);
    }

    @Override
    public boolean hasObject(String objectId) {
        return StorageObjects.isValidObjectId(objectId) && Files.isRegularFile(objectPath(objectId));
    }

    @Override
    public List<String> objectIds() throws IOException {
        return listNames(dir.resolve(OBJECTS_DIR));
    }

    @Override
    public StorageObject createObject(String objectId, long lengthBlocks) throws IOException {
        checkWritable();
        Path path = objectPath(objectId);
        if (Files.exists(path)) {
            throw new TagMirrorException("object " + objectId + " already exists on " + dir);
        }
        FileStorageObject object;
        try {
            object = FileStorageObject.create(io, objectId, path, blockSize(), lengthBlocks);
        } catch (IOException e) {
            throw refusedObject(path, lengthBlocks, e);
        }
        object.sync();
        syncDirectory(path.getParent());
        objects.put(objectId, object);
        return object;
    }

    /**
     * Removes the new object file a failed creation left (a refusal changes nothing) and says why:
     * the filesystem's file size limit when that is what was hit, else the failure itself.
     */
    private TagMirrorException refusedObject(Path path, long lengthBlocks, IOException failure) {
        long fits = -1;
        try {
            if (Files.isRegularFile(path)) {
                fits = FileSizeLimit.largestBlocks(path, blockSize(), lengthBlocks);
            }
        } catch (IOException probe) {
            failure.addSuppressed(probe);
        }
        try {
            Files.deleteIfExists(path);
            syncDirectory(path.getParent());
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
        if (fits >= 0 && fits < lengthBlocks) {
            return new TagMirrorException("an object of " + ByteSize.format(lengthBlocks * blockSize()) + " does not fit on "
                    + dir + ": its filesystem" + fileSystemType() + " allows at most "
                    + ByteSize.format(fits * blockSize()) + " in one file; choose a smaller size", failure);
        }
        if (failure instanceof TagMirrorException t) {
            return t;
        }
        return new TagMirrorException("cannot create an object on " + dir + ": " + failure.getMessage(), failure);
    }

    private String fileSystemType() {
        try {
            return " (" + Files.getFileStore(dir).type() + ")";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public StorageObject object(String objectId) throws IOException {
        FileStorageObject object = objects.get(objectId);
        if (object != null) {
            return object;
        }
        synchronized (objects) {
            object = objects.get(objectId);
            if (object == null) {
                Path path = objectPath(objectId);
                if (!Files.isRegularFile(path)) {
                    throw missing(objectId);
                }
                try {
                    object = FileStorageObject.open(io, objectId, path, blockSize(), isReadOnly());
                } catch (NoSuchFileException e) {
                    throw missing(objectId);
                }
                try {
                    checkNotShort(object);
                } catch (IOException | RuntimeException e) {
                    object.close();
                    throw e;
                }
                objects.put(objectId, object);
            }
            return object;
        }
    }

    private ObjectDamagedException missing(String objectId) {
        String mirror = descriptor.mirrors().stream().filter(m -> m.objectId().equals(objectId))
                .map(m -> " of mirror " + m.name()).findFirst().orElse("");
        return new ObjectDamagedException(objectId, ObjectDamagedException.Damage.MISSING, "object " + objectId + mirror
                + " is missing on device " + dir + ": every block it held is lost; " + WAY_BACK);
    }

    /**
     * Refuses an object shorter than the mirror it holds: objects only grow (by extension), so a
     * shorter one was truncated or damaged outside TagMirror, and its tail is not named by any entry.
     */
    private void checkNotShort(FileStorageObject object) throws IOException {
        for (MirrorDefinition m : descriptor.mirrors()) {
            if (m.objectId().equals(object.id())) {
                long length = object.lengthBlocks();
                if (length < m.sizeBlocks()) {
                    throw new ObjectDamagedException(object.id(), ObjectDamagedException.Damage.TRUNCATED,
                            "object " + object.id() + " on device " + dir + " is " + length + " blocks long, shorter than"
                            + " mirror " + m.name() + " (" + m.sizeBlocks() + " blocks): it was truncated outside"
                            + " TagMirror and the blocks past its end are lost, named by no entry; " + WAY_BACK);
                }
            }
        }
    }

    @Override
    public StorageObject restoreObject(String objectId, long lengthBlocks) throws IOException {
        checkWritable();
        Path path = objectPath(objectId);
        synchronized (objects) {
            FileStorageObject cached = objects.remove(objectId);
            if (cached != null) {
                cached.close();
            }
            FileStorageObject object = Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? FileStorageObject.open(io, objectId, path, blockSize(), false)
                    : FileStorageObject.create(io, objectId, path, blockSize(), lengthBlocks);
            try {
                if (object.lengthBlocks() < lengthBlocks) {
                    object.setLengthBlocks(lengthBlocks);
                }
                object.sync();
                syncDirectory(path.getParent());
            } catch (IOException | RuntimeException e) {
                object.close();
                throw e;
            }
            objects.put(objectId, object);
            return object;
        }
    }

    @Override
    public void deleteObject(String objectId) throws IOException {
        checkWritable();
        FileStorageObject object = objects.remove(objectId);
        if (object != null) {
            object.close();
        }
        Files.deleteIfExists(objectPath(objectId));
    }

    @Override
    public long freeBytes() {
        try {
            FileStore store = Files.getFileStore(dir);
            return store.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The file that holds object {@code objectId} of the device in {@code dir}. */
    public static Path objectFile(Path dir, String objectId) {
        return dir.resolve(OBJECTS_DIR).resolve(objectId);
    }

    /** Bytes one entry of {@code blockCount} blocks takes in a tag table's batch row, block checksums included. */
    public static int packedEntryBytes(int blockCount) {
        return EntryCodec.ENTRY_BYTES + EntryCodec.blockChecksumBytes(blockCount);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            pipeline.close();
        } catch (IOException e) {
            first = e;
        }
        for (FileStorageObject o : objects.values()) {
            try {
                o.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        objects.clear();
        try {
            tableView.close();
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        if (lock != null) {
            OPEN.remove(realDir, this);
            lock.close();
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
