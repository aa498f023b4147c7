package io.tagmirror.workload.replay;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.StorageObject;
import io.tagmirror.engine.Verdict;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workload.WorkloadOp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Two (or more) devices and a mirror in a test's temp dir, with helpers to look at what a replay did. */
final class ReplayFixture implements AutoCloseable {
    static final int BS = 4096;

    final Path root;
    final List<DirectoryDevice> devices = new ArrayList<>();
    Mirror mirror;

    private ReplayFixture(Path root) {
        this.root = root;
    }

    static ReplayFixture create(Path root, int deviceCount, long sizeBytes, DurabilityMode mode) throws IOException {
        ReplayFixture f = new ReplayFixture(Files.createDirectories(root));
        for (int i = 0; i < deviceCount; i++) {
            f.devices.add(DirectoryDevice.format(root.resolve("dev" + i), BS));
        }
        f.mirror = Mirror.create("m", sizeBytes, f.devices, mode);
        return f;
    }

    Path dir(int i) {
        return root.resolve("dev" + i).toAbsolutePath().normalize();
    }

    StorageObject object(int i) throws IOException {
        return devices.get(i).object(mirror.definition().objectId());
    }

    byte[] objectBytes(int i) throws IOException {
        StorageObject o = object(i);
        return o.read(0, (int) o.lengthBlocks()).array();
    }

    Replayer.Builder replay(List<WorkloadOp> ops) {
        return Replayer.builder(mirror, WorkloadSource.of(ops.iterator(), "test ops")).devices(devices)
                .halter(summary -> {
                    throw new AssertionError("unexpected crash");
                });
    }

    FaultPlan resolve(FaultPlan plan) throws IOException {
        return plan.resolve(mirror, DeviceResolver.byDescriptor());
    }

    /** Closes the devices without closing the mirror (which would flush), as a crashed host leaves them, and reopens. */
    void reopenAsAfterCrash(DurabilityMode mode) throws IOException {
        MirrorDefinition def = mirror.definition();
        int n = devices.size();
        closeDevices();
        for (int i = 0; i < n; i++) {
            devices.add(DirectoryDevice.open(root.resolve("dev" + i), false));
        }
        mirror = Mirror.open(def, devices, mode);
    }

    /** The blocks of every range compare found divergent. */
    static TreeSet<Long> divergentBlocks(CompareReport report) {
        TreeSet<Long> blocks = new TreeSet<>();
        for (DiffRange d : report.ranges()) {
            if (d.verdict() != Verdict.IN_SYNC) {
                for (long b = d.firstBlock(); b < d.endBlock(); b++) {
                    blocks.add(b);
                }
            }
        }
        return blocks;
    }

    /** Seeded writes at unaligned offsets and lengths over the first {@code regionBytes}, with a flush now and then. */
    static List<WorkloadOp> overlappingWrites(long seed, int writes, int regionBytes, int maxLength, int flushEvery) {
        SplittableRandom r = new SplittableRandom(seed);
        List<WorkloadOp> ops = new ArrayList<>();
        long line = 0;
        for (int i = 0; i < writes; i++) {
            int length = 1 + r.nextInt(maxLength);
            long offset = r.nextInt(regionBytes - length + 1);
            ops.add(WorkloadOp.write("", offset, length, -1, ++line));
            if (flushEvery > 0 && i % flushEvery == flushEvery - 1) {
                ops.add(WorkloadOp.flush("", -1, ++line));
            }
        }
        return ops;
    }

    /** What a sequential replay of {@code ops} leaves in a volume of {@code sizeBytes}: the reference image. */
    static byte[] sequentialImage(List<WorkloadOp> ops, long seed, int sizeBytes) {
        byte[] image = new byte[sizeBytes];
        long n = 0;
        for (WorkloadOp op : ops) {
            if (op.kind() == WorkloadOp.Kind.WRITE) {
                ByteBuffer data = WriteData.of(seed, n++, (int) op.length());
                data.get(image, (int) op.offset(), (int) op.length());
            }
        }
        return image;
    }

    /** Covering blocks of each data write, by write number. */
    static List<long[]> coveringBlocks(List<WorkloadOp> ops) {
        List<long[]> out = new ArrayList<>();
        for (WorkloadOp op : ops) {
            if (op.kind() == WorkloadOp.Kind.WRITE) {
                out.add(new long[] {op.offset() / BS, Replayer.ceilDiv(op.end(), BS)});
            }
        }
        return out;
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
