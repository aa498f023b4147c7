package io.tagmirror.console.workflow;

import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * A workspace in a test's temp folder with one mirror "lab" over two devices, reached through a
 * {@link CatalogMirrorAccess}; by default every job runs at once on the calling thread.
 */
public final class WorkflowFixture implements AutoCloseable {

    public static final String MIRROR = "lab";
    public static final int BLOCK_SIZE = 4096;
    public static final long SIZE_BYTES = 16L << 20;

    public final Path root;
    public final Path deviceA;
    public final Path deviceB;
    public final UUID uuidA;
    public final UUID uuidB;
    public final CatalogMirrorAccess access;
    public final EngineWork work;
    public int historyChanges;

    private WorkflowFixture(Path root, Path deviceA, Path deviceB, UUID uuidA, UUID uuidB, CatalogMirrorAccess access,
                            EngineWork work) {
        this.root = root;
        this.deviceA = deviceA;
        this.deviceB = deviceB;
        this.uuidA = uuidA;
        this.uuidB = uuidB;
        this.access = access;
        this.work = work;
    }

    /** The fixture with synchronous jobs: every call has finished when it returns. */
    public static WorkflowFixture create(Path root) throws IOException {
        return create(root, new DirectTaskRunner(), Runnable::run, UiThread.INLINE);
    }

    public static WorkflowFixture create(Path root, TaskRunner tasks, Executor engine, UiThread ui) throws IOException {
        Path a = root.resolve("device-a");
        Path b = root.resolve("device-b");
        Workspace ws = Workspace.open(root.resolve("workspace"));
        UUID ua;
        UUID ub;
        try (DirectoryDevice da = DirectoryDevice.format(a, BLOCK_SIZE);
             DirectoryDevice db = DirectoryDevice.format(b, BLOCK_SIZE);
             Mirror mirror = Mirror.create(MIRROR, SIZE_BYTES, List.of(da, db), DurabilityMode.CRASH_SAFE)) {
            ua = da.uuid();
            ub = db.uuid();
            ws.addDevice(ua, a);
            ws.addDevice(ub, b);
            ws.addMirror(mirror.definition());
        }
        CatalogMirrorAccess access = new CatalogMirrorAccess(ws, DurabilityMode.CRASH_SAFE);
        return new WorkflowFixture(root, a.toAbsolutePath().normalize(), b.toAbsolutePath().normalize(), ua, ub,
                access, new EngineWork(tasks, engine, ui));
    }

    /** Counts the history notifications. */
    public Runnable historyCounter() {
        return () -> historyChanges++;
    }

    /** Device b misses {@code writes} seeded writes of one to four blocks; returns the blocks it missed. */
    public java.util.TreeSet<Long> offlineWindow(int writes, long seed) throws IOException {
        try (MirrorLease lease = access.lease(MIRROR, "a test")) {
            return offlineWindowOn(lease, writes, seed);
        }
    }

    /** As {@link #offlineWindow}, on a mirror the test already holds. */
    public java.util.TreeSet<Long> offlineWindowOn(MirrorLease lease, int writes, long seed) throws IOException {
        java.util.TreeSet<Long> missed = new java.util.TreeSet<>();
        Mirror m = lease.mirror();
        TagGenerator gen = m.generator(Mirror.DEFAULT_GENERATOR);
        Random random = new Random(seed);
        m.takeOffline(uuidB, "test outage");
        for (int i = 0; i < writes; i++) {
            int count = 1 + random.nextInt(4);
            long first = random.nextInt((int) (SIZE_BYTES / BLOCK_SIZE) - count);
            byte[] data = new byte[count * BLOCK_SIZE];
            random.nextBytes(data);
            m.write(gen, first * BLOCK_SIZE, ByteBuffer.wrap(data));
            for (long blk = first; blk < first + count; blk++) {
                missed.add(blk);
            }
        }
        m.bringOnline(uuidB);
        return missed;
    }

    /**
     * Two writers each reach only one device with a write to block {@code block}: conflicting newest
     * writes, as after two hosts each saw one half of the mirror.
     */
    public void conflictAt(long block) throws IOException {
        try (MirrorLease lease = access.lease(MIRROR, "a test")) {
            Mirror m = lease.mirror();
            m.takeOffline(uuidB, "host 1 sees only device a");
            m.write(m.generator(1), block * BLOCK_SIZE, ByteBuffer.wrap(filled(BLOCK_SIZE, (byte) 1)));
            m.bringOnline(uuidB);
            m.takeOffline(uuidA, "host 2 sees only device b");
            m.write(m.generator(2), block * BLOCK_SIZE, ByteBuffer.wrap(filled(BLOCK_SIZE, (byte) 2)));
            m.bringOnline(uuidA);
        }
    }

    public static byte[] filled(int n, byte value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, value);
        return b;
    }

    /** One block of a device's data, read through the leased mirror's devices. */
    public byte[] block(UUID device, long block) throws IOException {
        try (MirrorLease lease = access.lease(MIRROR, "a test")) {
            return lease.devices().get(device).object(lease.definition().objectId()).read(block, 1).array();
        }
    }

    public Workspace workspace() {
        return access.workspace().orElseThrow();
    }

    @Override
    public void close() throws IOException {
        access.close();
    }
}
