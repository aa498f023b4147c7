package io.tagmirror.operations;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** A workspace with mirror "lab" on devices a and b, opened as the command line opens it. */
final class OperationsFixture implements AutoCloseable {
    static final String MIRROR = "lab";
    static final int BLOCK_SIZE = 4096;
    static final long SIZE_BYTES = 16L << 20;

    private final Path root;
    Workspace workspace;
    final Path a;
    final Path b;
    final UUID uuidA;
    final UUID uuidB;
    private OpenMirror opened;
    AssembledMirror on;

    OperationsFixture(Path root) throws IOException {
        this.root = root;
        a = root.resolve("device-a").toAbsolutePath().normalize();
        b = root.resolve("device-b").toAbsolutePath().normalize();
        workspace = Workspace.open(root.resolve("workspace"));
        try (DirectoryDevice da = DirectoryDevice.format(a, BLOCK_SIZE);
             DirectoryDevice db = DirectoryDevice.format(b, BLOCK_SIZE);
             Mirror mirror = Mirror.create(MIRROR, SIZE_BYTES, List.of(da, db), DurabilityMode.CRASH_SAFE)) {
            uuidA = da.uuid();
            uuidB = db.uuid();
            workspace.addDevice(uuidA, a);
            workspace.addDevice(uuidB, b);
            workspace.addMirror(mirror.definition());
        }
        reopen();
    }

    /** Closes the mirror and assembles it again from its devices, as the next command would. */
    void reopen() throws IOException {
        if (opened != null) {
            opened.close();
        }
        opened = OpenMirror.open(workspace, MIRROR, DurabilityMode.CRASH_SAFE, false);
        on = AssembledMirror.of(workspace, opened);
    }

    /**
     * Ends this session (the mirror and the workspace closed, as the console or a command ends) and
     * opens the workspace and the mirror again, as the next one would.
     */
    void reopenWorkspace() throws IOException {
        endSession();
        startSession();
    }

    /** Closes the mirror and the workspace; {@link #startSession} opens them again. */
    void endSession() throws IOException {
        opened.close();
        opened = null;
        workspace.close();
    }

    /** Opens the workspace and the mirror again after {@link #endSession}. */
    void startSession() throws IOException {
        workspace = Workspace.open(root.resolve("workspace"));
        reopen();
    }

    /** Device b misses {@code writes} seeded writes of one to four blocks. */
    void offlineWindow(int writes, long seed) throws IOException {
        Mirror m = on.mirror();
        Random random = new Random(seed);
        m.takeOffline(uuidB, "test outage");
        for (int i = 0; i < writes; i++) {
            int count = 1 + random.nextInt(4);
            long first = random.nextInt((int) (SIZE_BYTES / BLOCK_SIZE) - count);
            byte[] data = new byte[count * BLOCK_SIZE];
            random.nextBytes(data);
            m.write(m.generator(Mirror.DEFAULT_GENERATOR), first * BLOCK_SIZE, ByteBuffer.wrap(data));
        }
        m.bringOnline(uuidB);
    }

    /** Two writers each reach only one device with a write to {@code block}: a conflict. */
    void conflictAt(long block) throws IOException {
        Mirror m = on.mirror();
        m.takeOffline(uuidB, "host 1 sees only device a");
        m.write(m.generator(1), block * BLOCK_SIZE, ByteBuffer.wrap(filled((byte) 1)));
        m.bringOnline(uuidB);
        m.takeOffline(uuidA, "host 2 sees only device b");
        m.write(m.generator(2), block * BLOCK_SIZE, ByteBuffer.wrap(filled((byte) 2)));
        m.bringOnline(uuidA);
    }

    static byte[] filled(byte value) {
        byte[] bytes = new byte[BLOCK_SIZE];
        Arrays.fill(bytes, value);
        return bytes;
    }

    /** One block of a device's data. */
    byte[] block(UUID device, long block) throws IOException {
        for (var d : on.openDevices()) {
            if (d.uuid().equals(device)) {
                return d.object(on.mirror().definition().objectId()).read(block, 1).array();
            }
        }
        throw new IllegalArgumentException("no open device " + device);
    }

    List<Workspace.HistoryEntry> history() throws IOException {
        return workspace.history(MIRROR, 100);
    }

    @Override
    public void close() throws IOException {
        try {
            opened.close();
        } finally {
            workspace.close();
        }
    }
}
