package io.tagmirror.reliability;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.CopiedRange;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.StorageObject;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.Verdict;
import io.tagmirror.engine.VerifyReport;
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
 *
 * <p>Public for the power-cut tests of device kinds whose test seams live in their own packages.
 */
public final class Recovery {
    /** Checks a repaired volume image (all of it, from byte 0). */
    @FunctionalInterface
    public interface ImageCheck {
        void check(byte[] image);
    }

    /** Opens a device for recovery, for writing. */
    @FunctionalInterface
    public interface DeviceOpener {
        Device open(Path path) throws IOException;
    }

    /**
     * One of DESIGN §3's invariants does not hold: what a crash state may show in a mode that does not
     * promise it (crash-safe under a power cut), told apart from any other failure by its type.
     */
    public static final class InvariantBroken extends AssertionError {
        public InvariantBroken(String message) {
            super(message);
        }
    }

    /**
     * Figures of one recovery, for the run's summary line: {@code intentOnlyBlocks} differed with no
     * entry naming them (only an intent extent did), {@code intentBlocksCompared} were read beside the
     * entries, {@code intentBlocksCopied} copied for an intent extent (counted per target); {@code report}
     * is the compare the repair applied.
     */
    public record Outcome(long entries, long divergentBlocks, long copiedBlocks, long intentOnlyBlocks,
                          long intentBlocksCompared, long intentBlocksCopied, CompareReport report) {
    }

    private Recovery() {
    }

    /** Opens the directory devices (which must open), then checks the invariants; the devices are closed afterwards. */
    static Outcome check(List<Path> deviceDirs, String mirrorName, DurabilityMode mode, ImageCheck expected)
            throws IOException {
        return check(deviceDirs, d -> io.tagmirror.engine.device.DirectoryDevice.open(d, false), mirrorName, mode,
                expected);
    }

    /** Opens the devices at {@code paths} with {@code opener}, then checks the invariants; the devices are closed afterwards. */
    public static Outcome check(List<Path> paths, DeviceOpener opener, String mirrorName, DurabilityMode mode,
                                ImageCheck expected) throws IOException {
        List<Device> devices = new ArrayList<>();
        try {
            for (Path p : paths) {
                devices.add(opener.open(p));
            }
            return checkOpen(devices, mirrorName, mode, expected);
        } finally {
            for (Device d : devices) {
                d.close();
            }
        }
    }

    /** Checks the invariants on open devices (left open). */
    public static Outcome checkOpen(List<? extends Device> devices, String mirrorName, DurabilityMode mode,
                                    ImageCheck expected) throws IOException {
        MirrorDefinition def = devices.get(0).descriptor().mirror(mirrorName)
                .orElseThrow(() -> new AssertionError(devices.get(0) + " does not record mirror " + mirrorName));
        int bs = def.blockSize();
        List<TagEntry> entries = entries(devices, def.objectId());
        List<byte[]> images = new ArrayList<>();
        for (Device d : devices) {
            images.add(image(d.object(def.objectId())));
        }
        List<BlockRange> intents = intentExtents(devices, def.objectId());
        long[] intentOnly = {0};
        long divergent = checkDetectable(images, entries, intents, bs, devices, intentOnly);

        Mirror mirror = Mirror.open(def, devices, mode);
        CompareReport report = mirror.compare(TaskMonitor.NONE);
        RepairReport repair = mirror.repair(report, RepairPolicy.NEWEST_SEQUENCE, TaskMonitor.NONE);
        long copied = 0;
        long intentCopied = 0;
        for (CopiedRange c : repair.copied()) {
            for (long b = c.firstBlock(); b < c.firstBlock() + c.blockCount(); b++) {
                if (!covered(entries, b) && !inAny(intents, b)) {
                    throw new InvariantBroken("repair copied block " + b + " (range " + c.firstBlock() + "+" + c.blockCount()
                            + ", " + c.verdict() + "), which no entry and no intent extent names: invariant 2"
                            + " (exactness) broken");
                }
            }
            copied += c.blockCount() * c.targets().size();
            if (c.verdict() == Verdict.INTENT) {
                intentCopied += c.blockCount() * c.targets().size();
            }
        }
        VerifyReport verify = mirror.verify(TaskMonitor.NONE);
        if (!verify.identical()) {
            throw new AssertionError("after repair the devices still differ: " + verify.differingRanges()
                    + " lengths " + verify.lengthBlocks() + " (repair: " + repair + ")");
        }
        try {
            expected.check(image(devices.get(0).object(def.objectId())));
        } catch (AssertionError e) {
            String told = e.getMessage() + "\n  the compare found " + report.divergent() + "\n  the repair copied "
                    + repair.copied();
            AssertionError more = e instanceof InvariantBroken ? new InvariantBroken(told) : new AssertionError(told);
            more.initCause(e);
            throw more;
        }
        CompareReport again = mirror.compare(TaskMonitor.NONE);
        if (!again.inSync()) {
            throw new AssertionError("a compare after repair still finds work: " + again.divergent());
        }
        if (!again.intents().extents().isEmpty()) {
            throw new AssertionError("a repair of every member left intent extents to read again: "
                    + again.intents().extents());
        }
        mirror.close();
        return new Outcome(entries.size(), divergent, copied, intentOnly[0], report.intents().blocksCompared(),
                intentCopied, report);
    }

    /** Every device's durable intent extents of {@code objectId}, as read back at open. */
    static List<BlockRange> intentExtents(List<? extends Device> devices, String objectId) throws IOException {
        List<BlockRange> all = new ArrayList<>();
        for (Device d : devices) {
            all.addAll(d.intentExtentsToCompare(objectId));
        }
        return all;
    }

    static boolean inAny(List<BlockRange> ranges, long block) {
        for (BlockRange r : ranges) {
            if (r.contains(block)) {
                return true;
            }
        }
        return false;
    }

    /** Every entry of {@code objectId} on the devices. */
    static List<TagEntry> entries(List<? extends Device> devices, String objectId) throws IOException {
        List<TagEntry> all = new ArrayList<>();
        for (Device d : devices) {
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

    /** Invariant 1 on raw images, in its first form (entries only): returns how many blocks differ. */
    static long checkDetectable(List<byte[]> images, List<TagEntry> entries, int bs, List<?> names) {
        return checkDetectable(images, entries, List.of(), bs, names, new long[1]);
    }

    /**
     * Invariant 1 in its power-safe form (DESIGN §3): every block that differs is named by a durable
     * entry or lies in an extent of some device's durable intent set. Returns how many blocks differ and
     * counts in {@code intentOnly[0]} those only an intent extent names.
     */
    static long checkDetectable(List<byte[]> images, List<TagEntry> entries, List<BlockRange> intents, int bs,
                                List<?> names, long[] intentOnly) {
        int longest = images.stream().mapToInt(i -> i.length).max().orElse(0);
        long differing = 0;
        for (int b = 0; b * bs < longest; b++) {
            byte[] first = block(images.get(0), b, bs);
            for (int d = 1; d < images.size(); d++) {
                if (!Arrays.equals(first, block(images.get(d), b, bs))) {
                    differing++;
                    if (!covered(entries, b)) {
                        if (!inAny(intents, b)) {
                            throw new InvariantBroken("block " + b + " differs between " + names.get(0) + " and "
                                    + names.get(d) + " but no entry in any tag table and no durable intent extent covers it:"
                                    + " invariant 1 (detectability) broken");
                        }
                        intentOnly[0]++;
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
