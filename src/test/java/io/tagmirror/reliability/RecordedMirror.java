package io.tagmirror.reliability;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.block.BlockDevice;
import io.tagmirror.engine.block.BlockLayout;
import io.tagmirror.engine.block.RecordingChannel;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A run of a mirror written through a {@link RecordingIo}, from a template of its devices kept aside as
 * they were before it (directory devices, and image files beside them in a mixed mirror): opened by
 * {@link #start}, written by the test while open (its writers mark in {@link #io()} what they issued
 * and which flushes returned), then cut by
 * {@link PowerCutSimulator}: {@link #check} rebuilds on real directories the tag tables and objects a
 * cut may leave and checks DESIGN §3's invariants on them ({@link Recovery}).
 *
 * <p>The writers' marks are {@code W stream index offset length} and {@code F stream index}, from which
 * the check knows which writes a cut must keep ({@link WriteLog}); each write's data is
 * {@link CrashChild#data} of the run's seed.
 */
final class RecordedMirror implements PowerCutSimulator.Recording, AutoCloseable {
    /** The size of an image file member: room for the metadata of a small log and a small volume. */
    static final long IMAGE_BYTES = 4L << 20;
    private final Path root;
    private final Path template;
    private final List<String> names;
    private final RecordingIo io;
    private final String mirror;
    private final DurabilityMode mode;
    private final long seed;
    private final List<Device> devices;
    private final Map<WriteLog.Write, byte[]> data = new ConcurrentHashMap<>();
    /** The cut and seed the tables last built are of: the states of one cut share them. */
    private PowerCutSimulator.State tablesBuilt;

    private RecordedMirror(Path root, Path template, List<String> names, RecordingIo io, String mirror,
                           DurabilityMode mode, long seed, List<Device> devices) {
        this.root = root;
        this.template = template;
        this.names = names;
        this.io = io;
        this.mirror = mirror;
        this.mode = mode;
        this.seed = seed;
        this.devices = devices;
    }

    /** As {@link #start(Path, List, String, long, DurabilityMode, IntentExtents, long)} on directory devices dev0, dev1, .... */
    static RecordedMirror start(Path root, int deviceCount, String mirror, long volumeBytes, DurabilityMode mode,
                                IntentExtents intents, long seed) throws IOException {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < deviceCount; i++) {
            members.add("dev" + i);
        }
        return start(root, members, mirror, volumeBytes, mode, intents, seed);
    }

    /**
     * Formats the devices named {@code members} under {@code root} (a name ending in {@code .img} an image
     * file of {@value #IMAGE_BYTES} bytes, any other a directory device), makes mirror {@code mirror} of
     * {@code volumeBytes} on them in that order with {@code intents}, keeps them aside as the template,
     * and opens a copy of them through a recording layer for the run of {@code seed}.
     */
    static RecordedMirror start(Path root, List<String> members, String mirror, long volumeBytes, DurabilityMode mode,
                                IntentExtents intents, long seed) throws IOException {
        Path template = root.resolve("template");
        Files.createDirectories(template);
        List<Device> formatted = new ArrayList<>();
        try {
            for (String m : members) {
                formatted.add(isImage(m)
                        ? BlockDevice.createImage(template.resolve(m), IMAGE_BYTES, CrashChild.BS, BlockLayout.MIN_LOG_HALF_BYTES)
                        : DirectoryDevice.format(template.resolve(m), CrashChild.BS));
            }
            Mirror.create(mirror, volumeBytes, formatted, mode, intents).close();
        } finally {
            for (Device d : formatted) {
                d.close();
            }
        }
        Path live = root.resolve("live");
        Reliability.copyTree(template, live);
        RecordingIo io = new RecordingIo(live);
        List<Device> devices = new ArrayList<>();
        try {
            for (String m : members) {
                devices.add(isImage(m) ? RecordingChannel.openDevice(live.resolve(m), io.image(live.resolve(m)))
                        : DirectoryDevice.open(live.resolve(m), false, io, io.tableRecorder(m)));
            }
        } catch (IOException | RuntimeException e) {
            for (Device d : devices) {
                d.close();
            }
            throw e;
        }
        return new RecordedMirror(root, template, List.copyOf(members), io, mirror, mode, seed, devices);
    }

    private static boolean isImage(String member) {
        return member.endsWith(".img");
    }

    /** The devices being written, open until {@link #close}. */
    List<Device> devices() {
        return devices;
    }

    /** The mirror as the devices record it. */
    MirrorDefinition definition() {
        return devices.get(0).descriptor().mirror(mirror).orElseThrow();
    }

    /** The log of the run, where its writers mark what they did. */
    RecordingIo io() {
        return io;
    }

    long seed() {
        return seed;
    }

    DurabilityMode mode() {
        return mode;
    }

    /** Ends the recording: closes the devices; the log stays to be cut. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Device d : devices) {
            try {
                d.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public int events() {
        return io.size();
    }

    /** After which writer's mark, and how many tag table commits after it, a cut falls. */
    @Override
    public String where(int cut) {
        String lastMark = "start";
        int commits = 0;
        for (RecordingIo.Event e : io.events().subList(0, cut)) {
            if (e instanceof RecordingIo.Mark m) {
                lastMark = m.text();
                commits = 0;
            } else if (e instanceof RecordingIo.Commit) {
                commits++;
            }
        }
        return "after mark '" + lastMark + "' and " + commits + " commits";
    }

    @Override
    public void discard() throws IOException {
        Reliability.deleteTree(root);
    }

    /** The data of a write the run's writers issued. */
    byte[] dataOf(WriteLog.Write w) {
        return data.computeIfAbsent(w, x -> CrashChild.data(seed, x.stream(), x.index(), x.length()).array());
    }

    /**
     * Rebuilds the state a cut leaves, in {@code scratch}, and checks the invariants on it: the tag tables
     * a cut keeps (built once per cut and seed, as {@code tables/<device>/tags.log}, since a state's
     * repair changes them), then the objects (what was synced, and a seeded part of what was not).
     */
    Recovery.Outcome check(PowerCutSimulator.State state, Path scratch) throws IOException {
        Path tables = scratch.resolve("tables");
        if (tablesBuilt == null || tablesBuilt.cut() != state.cut() || tablesBuilt.tablesSeed() != state.tablesSeed()) {
            tablesBuilt = null; // until built whole
            buildTables(state.cut(), new Random(state.tablesSeed()), tables);
            tablesBuilt = state;
        }
        Path dir = scratch.resolve("state");
        Reliability.deleteTree(dir);
        Files.createDirectories(dir);
        for (String device : names) {
            if (!isImage(device)) {
                copyMetadata(tables.resolve(device), dir.resolve(device));
            }
        }
        Random r = new Random(state.seed());
        double keep = new double[] {0, 0.25, 0.5, 0.75, 1}[r.nextInt(5)];
        for (String file : io.files()) {
            // an image's pages are kept whole: its tag log appends records within a page (RecordingIo#imageAt)
            Files.write(dir.resolve(file), isImage(file) ? io.imageAt(file, state.cut(), r)
                    : io.objectAt(file, state.cut(), r, keep));
        }
        WriteLog log = writesBefore(state.cut());
        List<Path> paths = names.stream().map(dir::resolve).toList();
        return Recovery.check(paths, p -> Files.isDirectory(p) ? DirectoryDevice.open(p, false)
                : PowerCutSimulator.openImage(p), mirror, mode,
                image -> log.checkNoFlushedWriteLost(image, this::dataOf, "power cut"));
    }

    /** The tag tables the devices hold after a cut at {@code cut}, on a copy of the template. */
    private void buildTables(int cut, Random r, Path dir) throws IOException {
        Reliability.deleteTree(dir);
        for (String device : names.stream().filter(n -> !isImage(n)).toList()) {
            Path d = dir.resolve(device);
            copyMetadata(template.resolve(device), d);
            List<List<TagEntry>> batches = io.tableAt(device, cut, r);
            if (batches != null && !batches.isEmpty()) {
                try (DirectoryDevice open = DirectoryDevice.open(d, false, ObjectIo.SYSTEM, UnaryOperator.identity())) {
                    open.setDurability(DurabilityMode.CRASH_SAFE); // building the state, not testing it
                    for (List<TagEntry> batch : batches) {
                        open.tagTable().append(batch, io.blockChecksums(batch)); // as the device kept them
                    }
                    open.tagTable().sync();
                }
            }
        }
    }

    /** A device directory with {@code from}'s descriptor and tag log, and no objects yet. */
    private static void copyMetadata(Path from, Path to) throws IOException {
        Files.createDirectories(to.resolve("objects"));
        Files.copy(from.resolve("device.json"), to.resolve("device.json"));
        Files.copy(from.resolve("tags.log"), to.resolve("tags.log"));
    }

    /** The writes issued, and the flushes returned, before {@code cut}, from the writers' marks. */
    private WriteLog writesBefore(int cut) {
        WriteLog log = new WriteLog();
        for (RecordingIo.Event e : io.events().subList(0, cut)) {
            if (e instanceof RecordingIo.Mark m) {
                String[] f = m.text().split(" ");
                if (f[0].equals("W")) {
                    log.issued(new WriteLog.Write(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                            Integer.parseInt(f[4])));
                } else if (f[0].equals("F")) {
                    log.flushed(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                }
            }
        }
        return log;
    }
}
