package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.cli.TagMirrorCli;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.engine.device.io.FileObjectChannel;
import io.tagmirror.engine.device.io.ObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import io.tagmirror.engine.log.LogWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault class 4, bad input: damaged tag tables and descriptors, a short object, devices that do not
 * belong together, path-traversal names, absurd sizes and offsets, malformed traces, a device from a
 * newer format. Each gets a clear error (a message for an administrator, not a stack trace) and changes
 * nothing on disk: every case hashes the directories before and after.
 */
class BadInputTest {
    private static final int BS = 4096;

    @TempDir
    Path tmp;
    Path root;
    Path dev0;
    Path dev1;
    MirrorDefinition def;

    @BeforeEach
    void mirror() throws IOException {
        root = tmp.resolve("devices");
        ProcessCrashTest.makeMirror(root, 2, 64, DurabilityMode.POWER_SAFE);
        dev0 = root.resolve("dev0");
        dev1 = root.resolve("dev1");
        try (DirectoryDevice d = DirectoryDevice.open(dev0, false)) {
            def = d.descriptor().mirror(CrashChild.MIRROR).orElseThrow();
        }
        List<DirectoryDevice> devices = List.of(DirectoryDevice.open(dev0, false), DirectoryDevice.open(dev1, false));
        try (Mirror m = Mirror.open(def, devices, DurabilityMode.POWER_SAFE)) {
            m.write(0, CrashChild.data(1, 0, 0, 10 * BS).array());
            m.takeOffline(devices.get(1).uuid(), "leave entries behind");
            m.write(3 * BS, CrashChild.data(1, 0, 1, 2 * BS).array());
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }

    /**
     * Runs {@code action}, which must fail with a clear message containing {@code parts}, and checks the
     * device directories are unchanged; {@code opened} says the devices were opened before the refusal,
     * so their lock files name a new holder.
     */
    private void refused(boolean opened, ThrowingCallable action, String... parts) {
        String before = Reliability.digest(root, !opened);
        List<String> listing = Reliability.listing(root);
        assertThatThrownBy(action).satisfies(e -> {
            assertThat(e).isInstanceOfAny(TagMirrorException.class, IllegalArgumentException.class);
            for (String p : parts) {
                assertThat(e.getMessage()).contains(p);
            }
            assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("\n\tat ");
        });
        assertThat(Reliability.digest(root, !opened)).as("nothing changed on disk; before %s, after %s", listing,
                Reliability.listing(root)).isEqualTo(before);
    }

    private void openBoth(boolean readOnly) throws IOException {
        List<DirectoryDevice> devices = new ArrayList<>();
        try {
            devices.add(DirectoryDevice.open(dev0, readOnly));
            devices.add(DirectoryDevice.open(dev1, readOnly));
            Mirror.open(def, devices, DurabilityMode.POWER_SAFE).close();
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }

    /** Appends {@code records} to a tag log as its writer would frame them. */
    private static void appendRecords(Path log, byte[]... records) throws IOException {
        try (ObjectChannel ch = FileObjectChannel.open(log, ObjectIo.OpenMode.READ_WRITE)) {
            new LogWriter(ch, ch.size()).append(records);
        }
    }

    @Test
    void aCorruptTagTableIsRefusedAndLeftAsItIs() throws IOException {
        byte[] garbage = new byte[(int) Files.size(dev0.resolve("tags.log"))];
        new Random(1).nextBytes(garbage);
        Files.write(dev0.resolve("tags.log"), garbage);
        refused(false, () -> DirectoryDevice.open(dev0, false), "tags.log", "corrupt");
        refused(false, () -> DirectoryDevice.open(dev0, true), "tags.log", "corrupt");
    }

    @Test
    void aTagLogCutInsideItsHeaderIsRefusedAndLeftAsItIs() throws IOException {
        Path log = dev0.resolve("tags.log");
        byte[] whole = Files.readAllBytes(log);
        Files.write(log, java.util.Arrays.copyOf(whole, 20));
        refused(false, () -> DirectoryDevice.open(dev0, false), "tags.log", "corrupt");
        Files.write(log, new byte[0]);
        refused(false, () -> openBoth(false), "tags.log", "corrupt");
    }

    @Test
    void aTagLogWithADamagedRecordBeforeWholeOnesIsRefusedAndLeftAsItIs() throws IOException {
        Path log = dev0.resolve("tags.log");
        byte[] bytes = Files.readAllBytes(log);
        bytes[40] ^= 0x10; // inside the first record after the header
        Files.write(log, bytes);
        refused(false, () -> DirectoryDevice.open(dev0, false), "tags.log", "damaged", "checksum mismatch");
        refused(false, () -> openBoth(true), "tags.log", "damaged");
    }

    @Test
    void aMissingTagTableOrOneFromAnotherDeviceIsRefused() throws IOException {
        Files.move(dev0.resolve("tags.log"), tmp.resolve("tags.log.aside"));
        refused(false, () -> DirectoryDevice.open(dev0, false), "no tag table", "recovery guide");
        Files.copy(dev1.resolve("tags.log"), dev0.resolve("tags.log"));
        refused(false, () -> DirectoryDevice.open(dev0, false), "belongs to device");
    }

    @Test
    void aTagTableNamingAnObjectOutsideTheDeviceIsRefused() throws Exception {
        byte[] name = "../../escape".getBytes(StandardCharsets.UTF_8);
        appendRecords(dev0.resolve("tags.log"), java.nio.ByteBuffer.allocate(7 + name.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).put((byte) 2).putInt(9).putShort((short) name.length).put(name).array());
        refused(false, () -> DirectoryDevice.open(dev0, false), "not a valid object id");
    }

    @Test
    void aTagLogOfANewerFormatIsRefused() throws Exception {
        java.util.UUID uuid;
        try (DirectoryDevice d = DirectoryDevice.open(dev0, true)) {
            uuid = d.uuid();
        }
        Path log = dev0.resolve("tags.log");
        Files.delete(log);
        Files.createFile(log);
        appendRecords(log, java.nio.ByteBuffer.allocate(29).order(java.nio.ByteOrder.LITTLE_ENDIAN).put((byte) 1)
                .put("TMTAGLOG".getBytes(StandardCharsets.US_ASCII)).putInt(2).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
        refused(false, () -> DirectoryDevice.open(dev0, false), "format 2", "upgrade");
        Files.delete(log);
        Files.createFile(log);
        appendRecords(log, java.nio.ByteBuffer.allocate(29).order(java.nio.ByteOrder.LITTLE_ENDIAN).put((byte) 1)
                .put("TMTAGLOG".getBytes(StandardCharsets.US_ASCII)).putInt(1).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array(), new byte[] {8, 0, 0});
        refused(false, () -> DirectoryDevice.open(dev0, false), "record of type 8", "upgrade");
    }

    @Test
    void anUndecodableEntryBatchIsRefusedAndChangesNothing() throws Exception {
        // a whole, well-framed batch whose one entry is of a kind no TagMirror writes
        java.nio.ByteBuffer batch = java.nio.ByteBuffer.allocate(17 + 40).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put((byte) 3).putLong(1_000).putInt(1).putInt(-1);
        batch.putLong(1).putLong(99).putInt(1).put((byte) 9);
        appendRecords(dev0.resolve("tags.log"), batch.array());
        refused(false, () -> DirectoryDevice.open(dev0, false), "corrupt", "unknown kind 9");
        refused(false, () -> openBoth(true), "corrupt");
    }

    @Test
    void aDamagedOrForeignDescriptorIsRefusedAndLeftAsItIs() throws IOException {
        Path json = dev0.resolve("device.json");
        String good = Files.readString(json);
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("garbage", "\u0000\u0001 not json at all");
        variants.put("empty", "");
        variants.put("truncated", good.substring(0, good.length() / 2));
        variants.put("no uuid", good.replaceAll("\"uuid\" : \"[^\"]*\",", ""));
        variants.put("uuid of the wrong type", good.replaceFirst("\"uuid\" : \"[^\"]*\"", "\"uuid\" : 5"));
        variants.put("block size 3", good.replaceFirst("\"blockSize\" : 4096", "\"blockSize\" : 3"));
        variants.put("a newer format", good.replaceFirst("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
        variants.put("an object id with a path", good.replace(def.objectId(), "../../escape"));
        variants.put("a negative mirror size", good.replaceFirst("\"sizeBlocks\" : 64", "\"sizeBlocks\" : -64"));
        variants.put("an absurd mirror size", good.replaceFirst("\"sizeBlocks\" : 64", "\"sizeBlocks\" : 9223372036854775807"));
        int mirrors = good.indexOf("\"mirrors\"");
        variants.put("a mirror that does not list this device", good.substring(0, mirrors) + good.substring(mirrors)
                .replace(DirectoryDevice.readDescriptor(dev0).uuid().toString(), "00000000-0000-0000-0000-000000000000"));
        List<String> unchanged = new ArrayList<>();
        for (Map.Entry<String, String> v : variants.entrySet()) {
            assertThat(v.getValue()).as("variant %s differs from the good file", v.getKey()).isNotEqualTo(good);
            Files.writeString(json, v.getValue());
            String part = v.getKey().equals("a newer format") ? "newer TagMirror" : "device.json";
            try {
                refused(false, () -> DirectoryDevice.open(dev0, false), part);
                refused(false, () -> DirectoryDevice.open(dev0, true), part);
            } catch (AssertionError e) {
                throw new AssertionError("device.json with " + v.getKey() + ": " + e.getMessage(), e);
            }
            unchanged.add(v.getKey());
        }
        Files.writeString(json, good);
        assertThat(unchanged).hasSize(variants.size());
    }

    @Test
    void aDeviceFromANewerFormatSaysToUpgrade() throws IOException {
        Path json = dev0.resolve("device.json");
        Files.writeString(json, Files.readString(json).replaceFirst("\"formatVersion\" : 1", "\"formatVersion\" : 7"));
        refused(false, () -> DirectoryDevice.open(dev0, false), "format version 7", "newer TagMirror");
    }

    @Test
    void anObjectShorterThanItsMirrorPutsItsDeviceOfflineWithTheReasonAndChangesNothing() throws IOException {
        try (FileChannel ch = FileChannel.open(dev1.resolve("objects").resolve(def.objectId()), StandardOpenOption.WRITE)) {
            ch.truncate(20L * BS);
        }
        // the objects and descriptors (a read-only look at a table leaves SQLite's -shm and -wal files)
        String objects = Reliability.digest(dev0.resolve("objects")) + Reliability.digest(dev1.resolve("objects"));
        String descriptors = Files.readString(dev0.resolve("device.json")) + Files.readString(dev1.resolve("device.json"));
        List<DirectoryDevice> devices = List.of(DirectoryDevice.open(dev0, true), DirectoryDevice.open(dev1, true));
        try (Mirror m = Mirror.open(def, devices, DurabilityMode.POWER_SAFE)) {
            assertThat(m.state()).isEqualTo(MirrorState.DEGRADED);
            assertThat(m.status().get(1).online()).isFalse();
            assertThat(m.status().get(1).offlineReason()).contains(def.objectId(), "shorter than mirror", "recovery guide")
                    .doesNotContain("Exception");
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
        assertThat(Reliability.digest(dev0.resolve("objects")) + Reliability.digest(dev1.resolve("objects")))
                .as("inspecting it changed no object").isEqualTo(objects);
        assertThat(Files.readString(dev0.resolve("device.json")) + Files.readString(dev1.resolve("device.json")))
                .isEqualTo(descriptors);
    }

    @Test
    void devicesOfDifferentMirrorsAreNotPutTogether() throws IOException {
        Path other = tmp.resolve("other");
        ProcessCrashTest.makeMirror(other, 2, 64, DurabilityMode.POWER_SAFE);
        Files.move(other.resolve("dev0"), root.resolve("foreign"));
        refused(true, () -> {
            List<DirectoryDevice> devices = List.of(DirectoryDevice.open(dev0, false),
                    DirectoryDevice.open(root.resolve("foreign"), false));
            try {
                Mirror.open(def, devices, DurabilityMode.POWER_SAFE).close();
            } finally {
                for (DirectoryDevice d : devices) {
                    d.close();
                }
            }
        }, "foreign");
        refused(true, () -> {
            List<DirectoryDevice> devices = List.of(DirectoryDevice.open(dev0, false),
                    DirectoryDevice.open(root.resolve("foreign"), false));
            try {
                Mirror.create(CrashChild.MIRROR, 64L * BS, devices, DurabilityMode.POWER_SAFE).close();
            } finally {
                for (DirectoryDevice d : devices) {
                    d.close();
                }
            }
        }, "already belongs to a mirror named m");
    }

    @Test
    void devicesOfDifferentBlockSizesAreNotPutTogether() throws IOException {
        DirectoryDevice.format(root.resolve("small"), 512).close();
        DirectoryDevice.format(root.resolve("large"), 4096).close();
        refused(true, () -> {
            List<DirectoryDevice> devices = List.of(DirectoryDevice.open(root.resolve("small"), false),
                    DirectoryDevice.open(root.resolve("large"), false));
            try {
                Mirror.create("n", 64L * BS, devices, DurabilityMode.POWER_SAFE).close();
            } finally {
                for (DirectoryDevice d : devices) {
                    d.close();
                }
            }
        }, "block size");
    }

    @Test
    void theSameDeviceTwiceIsRefusedWhateverPathReachesIt() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-dev0"), dev0);
        try (DirectoryDevice d = DirectoryDevice.open(dev0, false)) {
            refused(true, () -> DirectoryDevice.open(dev0, false), "already open");
            refused(true, () -> DirectoryDevice.open(link, false), "already open");
            refused(true, () -> Mirror.create("n", 64L * BS, List.of(d, d), DurabilityMode.POWER_SAFE), "given twice");
        }
    }

    @Test
    void objectNamesThatReachOutsideTheDeviceAreRefused() throws IOException {
        List<String> outside = Reliability.listing(tmp);
        try (DirectoryDevice d = DirectoryDevice.open(dev0, false)) {
            for (String id : List.of("../escape", "../../escape", "a/b", "..", ".", "/etc/passwd", "", "x\u0000y")) {
                refused(true, () -> d.createObject(id, 1), "not allowed");
                refused(true, () -> d.object(id), "not allowed");
                assertThat(d.hasObject(id)).isFalse();
            }
        }
        assertThat(Reliability.listing(tmp)).as("nothing made outside the devices").isEqualTo(outside);
    }

    @Test
    void absurdSizesAndOffsetsAreRefusedWithoutFailingAnyDevice() throws IOException {
        List<DirectoryDevice> devices = List.of(DirectoryDevice.open(dev0, false), DirectoryDevice.open(dev1, false));
        try {
            for (long size : new long[] {0, -BS, BS + 1, 1L << 62, Long.MAX_VALUE}) {
                refused(true, () -> Mirror.create("n", size, devices, DurabilityMode.POWER_SAFE), "size");
            }
            try (Mirror m = Mirror.open(def, devices, DurabilityMode.POWER_SAFE)) {
                long volume = m.sizeBytes();
                refused(true, () -> m.write(-1, new byte[10]), "offset");
                refused(true, () -> m.write(volume - 1, new byte[2]), "past the end");
                refused(true, () -> m.write(Long.MAX_VALUE - 2, new byte[10]), "past the end");
                refused(true, () -> m.write(Long.MAX_VALUE, new byte[1]), "past the end");
                refused(true, () -> m.read(-1, 1), "block");
                refused(true, () -> m.read(Long.MAX_VALUE / 2, 1), "block");
                refused(true, () -> m.read(0, -1), "block");
                refused(true, () -> m.read(0, Integer.MAX_VALUE), "block");
                refused(true, () -> m.read(60, 10), "block");
                assertThat(m.status()).as("a bad request fails the request, never a device")
                        .allSatisfy(s -> assertThat(s.online()).isTrue());
                assertThat(m.state()).isNotEqualTo(MirrorState.DEGRADED);
            }
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }

    /** The command line on a workspace that knows the mirror; returns exit code and error text. */
    private String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--workspace";
        all[args.length + 1] = tmp.resolve("ws").toString();
        int code = TagMirrorCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new String[] {Integer.toString(code), err.toString(), out.toString()};
    }

    private void cliRefuses(String[] args, String... parts) {
        String before = Reliability.digest(root, false);
        String[] r = cli(args);
        assertThat(r[0]).as("exit code of %s: %s", String.join(" ", args), r[1]).isNotEqualTo("0");
        for (String p : parts) {
            assertThat(r[1]).as("message of %s", String.join(" ", args)).contains(p);
        }
        assertThat(r[1]).doesNotContain("\tat ").doesNotContain("internal error");
        assertThat(Reliability.digest(root, false)).as("%s changed nothing", String.join(" ", args)).isEqualTo(before);
    }

    @Test
    void malformedTracesAndAbsurdCommandLineValuesAreRefusedBeforeAnyWrite() throws IOException {
        assertThat(cli("mirror", "import", dev0.toString())[0]).isEqualTo("0");
        Path fio = tmp.resolve("bad.fio");
        String header = "fio version 2 iolog\n/dev/x add\n/dev/x open\n";
        String good = "/dev/x write 0 4096\n/dev/x write 8192 4096\n";
        Map<String, String> traces = new LinkedHashMap<>();
        traces.put("a word for an offset", header + good + "/dev/x write abc 4096\n");
        traces.put("a negative offset", header + good + "/dev/x write -5 4096\n");
        traces.put("an absurd offset", header + good + "/dev/x write 99999999999999999999999 4096\n");
        traces.put("an absurd length", header + good + "/dev/x write 0 9223372036854775807\n");
        traces.put("an unknown action", header + good + "/dev/x scribble 0 4096\n");
        traces.put("binary garbage", header + good + "\u0000\u0001\u0002\u00ff\n");
        traces.put("no header", good);
        traces.put("a write past the mirror", header + "/dev/x write 1073741824 4096\n");
        for (Map.Entry<String, String> t : traces.entrySet()) {
            Files.writeString(fio, t.getValue(), StandardCharsets.ISO_8859_1);
            try {
                cliRefuses(new String[] {"replay", CrashChild.MIRROR, "--trace", fio.toString()});
            } catch (AssertionError e) {
                throw new AssertionError("trace with " + t.getKey() + ": " + e.getMessage(), e);
            }
        }
        cliRefuses(new String[] {"write", CrashChild.MIRROR, "--offset", "-5", "--length", "10"});
        cliRefuses(new String[] {"write", CrashChild.MIRROR, "--offset", "9223372036854775800", "--length", "100"}, "past the end");
        cliRefuses(new String[] {"write", CrashChild.MIRROR, "--offset", "0", "--length", "-1"});
        cliRefuses(new String[] {"mirror", "create", "n", "--size", "0", dev0.toString(), dev1.toString()});
        cliRefuses(new String[] {"mirror", "create", "n", "--size", "1EiB", dev0.toString(), dev1.toString()});
        cliRefuses(new String[] {"mirror", "create", "n", "--size", "64KiB", dev0.toString(), dev0.toString()}, "twice");
        cliRefuses(new String[] {"device", "create", root.resolve("dev2").toString(), "--block-size", "3"}, "block size");
        cliRefuses(new String[] {"device", "create", dev0.toString()}, "already a TagMirror device");
    }
}
