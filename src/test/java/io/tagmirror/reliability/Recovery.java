package io.tagmirror.reliability;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.CopiedRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.StorageObject;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What every crash test checks on the state a crash left: DESIGN §3's invariants, through the engine's
 * own compare, repair and verify.
 *
 * <ol>
 *   <li>Detectability: before anything is changed, every block that differs between devices is
 *       covered by an entry in some device's tag table.</li>
 *   <li>Exactness: repair copies only blocks named by entries, and verify then finds the devices identical;
 *       a second compare finds nothing left to do.</li>
 *   <li>No lost acknowledged write: the repaired volume passes {@code expected}.</li>
 * </ol>
 */
final class Recovery {
    /** Checks a repaired volume image (all of it, from byte 0). */
    @FunctionalInterface
    interface ImageCheck {
        void check(byte[] image);
    }

    /** Figures of one recovery, for the run's summary line. */
    record Outcome(long entries, long divergentBlocks, long copiedBlocks) {
    }

    private Recovery() {
    }

    /** Opens the devices (which must open), then checks the invariants; the devices are closed afterwards. */
    static Outcome check(List<Path> deviceDirs, String mirrorName, DurabilityMode mode, ImageCheck expected)
            throws IOException {
        List<DirectoryDevice> devices = new ArrayList<>();
        try {
            for (Path d : deviceDirs) {
                devices.add(DirectoryDevice.open(d, false));
            }
            return checkOpen(devices, mirrorName, mode, expected);
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }

    /** Checks the invariants on open devices (left open). */
    static Outcome checkOpen(List<DirectoryDevice> devices, String mirrorName, DurabilityMode mode, ImageCheck expected)
            throws IOException {
        MirrorDefinition def = devices.get(0).descriptor().mirror(mirrorName)
                .orElseThrow(() -> new AssertionError(devices.get(0) + " does not record mirror " + mirrorName));
        int bs = def.blockSize();
        List<TagEntry> entries = entries(devices, def.objectId());
        List<byte[]> images = new ArrayList<>();
        for (DirectoryDevice d : devices) {
            images.add(image(d.object(def.objectId())));
        }
        long divergent = checkDetectable(images, entries, bs, devices);

        Mirror mirror = Mirror.open(def, devices, mode);
        CompareReport report = mirror.compare(TaskMonitor.NONE);
        RepairReport repair = mirror.repair(report, RepairPolicy.NEWEST_SEQUENCE, TaskMonitor.NONE);
        long copied = 0;
        for (CopiedRange c : repair.copied()) {
            for (long b = c.firstBlock(); b < c.firstBlock() + c.blockCount(); b++) {
                if (!covered(entries, b)) {
                    throw new AssertionError("repair copied block " + b + " (range " + c.firstBlock() + "+" + c.blockCount()
                            + ", " + c.verdict() + "), which no entry names: invariant 2 (exactness) broken");
                }
            }
            copied += c.blockCount() * c.targets().size();
        }
        VerifyReport verify = mirror.verify(TaskMonitor.NONE);
        if (!verify.identical()) {
            throw new AssertionError("after repair the devices still differ: " + verify.differingRanges()
                    + " lengths " + verify.lengthBlocks() + " (repair: " + repair + ")");
        }
        expected.check(image(devices.get(0).object(def.objectId())));
        CompareReport again = mirror.compare(TaskMonitor.NONE);
        if (!again.inSync()) {
            throw new AssertionError("a compare after repair still finds work: " + again.divergent());
        }
        mirror.close();
        return new Outcome(entries.size(), divergent, copied);
    }

    /** Every entry of {@code objectId} on the devices. */
    static List<TagEntry> entries(List<DirectoryDevice> devices, String objectId) throws IOException {
        List<TagEntry> all = new ArrayList<>();
        for (DirectoryDevice d : devices) {
            d.tagTable().scan((batch, e) -> {
                if (e.objectId().equals(objectId)) {
                    all.add(e);
                }
                return true;
            });
        }
        return all;
    }

    static byte[] image(StorageObject object) throws IOException {
        long blocks = object.lengthBlocks();
        ByteBuffer b = object.read(0, Math.toIntExact(blocks));
        return Arrays.copyOf(b.array(), b.capacity());
    }

    /** Invariant 1 on raw images: returns how many blocks differ, failing on one no entry covers. */
    static long checkDetectable(List<byte[]> images, List<TagEntry> entries, int bs, List<?> names) {
        int longest = images.stream().mapToInt(i -> i.length).max().orElse(0);
        long differing = 0;
        for (int b = 0; b * bs < longest; b++) {
            byte[] first = block(images.get(0), b, bs);
            for (int d = 1; d < images.size(); d++) {
                if (!Arrays.equals(first, block(images.get(d), b, bs))) {
                    differing++;
                    if (!covered(entries, b)) {
                        throw new AssertionError("block " + b + " differs between " + names.get(0) + " and " + names.get(d)
                                + " but no entry in any tag table covers it: invariant 1 (detectability) broken");
                    }
                    break;
                }
            }
        }
        return differing;
    }

    static boolean covered(List<TagEntry> entries, long block) {
        for (TagEntry e : entries) {
            if (e.covers(block)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] block(byte[] image, int b, int bs) {
        byte[] out = new byte[bs];
        int from = b * bs;
        if (from < image.length) {
            System.arraycopy(image, from, out, 0, Math.min(bs, image.length - from));
        }
        return out;
    }
}
