package io.tagmirror.reliability;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagTable;
import io.tagmirror.engine.block.RecordingChannel;
import io.tagmirror.engine.device.io.FileObjectChannel;
import io.tagmirror.engine.device.io.ForwardingObjectChannel;
import io.tagmirror.engine.device.io.ObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A power-cut model under a mirror's devices: one log, in the order things happened, of every object
 * write, truncate and fsync, every tag table commit, and the writers' own marks (write issued, flush
 * returned). From it, {@link #objectAt} and {@link #tableAt} rebuild what a disk may hold after power is
 * cut at any point of the log.
 *
 * <p>Object files: what was fsynced, plus a seeded random subset of the writes since, in pieces of one
 * page (the unit the page cache writes back), applied in a seeded random order: real disks keep such
 * subsets and reorder them. The real files are written through, so reads see what the page cache would;
 * the real fsync is skipped, since the model decides what is durable.
 *
 * <p>Tag tables are modelled at the transaction level: a power cut keeps every synced commit and a
 * prefix of the unsynced ones (records are checksummed; a torn tail is cut off at open). A table told {@code power-safe}
 * syncs every commit; one told {@code crash-safe} none, and a {@code sync} call makes everything before
 * it durable (a power-safe device appends its entries unsynced and syncs them in the background and at
 * flush, its intent set covering their data meanwhile). After every commit the table's whole content
 * is recorded (tables stay small: flushes trim them), with the per-block checksums it was given. The
 * intent set is a file written through this layer, torn and kept like any other; so is the image file of
 * a block device in a mixed mirror ({@link #image}), its metadata with it.
 */
final class RecordingIo implements ObjectIo {
    static final int PAGE = 4096;

    /** Something that happened, in log order. */
    sealed interface Event permits Write, Truncate, Sync, Commit, Mark {
    }

    record Write(String file, long position, byte[] data) implements Event {
    }

    record Truncate(String file, long size) implements Event {
    }

    record Sync(String file) implements Event {
    }

    /** A committed tag table state of {@code device}: its batches in id order. */
    record Commit(String device, List<List<TagEntry>> batches, boolean synced) implements Event {
    }

    /** A writer's mark: {@code W stream index offset length} (issued) or {@code F stream index} (flush returned). */
    record Mark(String text) implements Event {
    }

    private final Path root;
    private final List<Event> log = new ArrayList<>();
    private final Map<String, byte[]> initial = new HashMap<>();
    /** The per-block checksums each entry was appended with, so a rebuilt table keeps them as the device did. */
    private final Map<TagEntry, int[]> blockChecksums = new HashMap<>();

    RecordingIo(Path root) {
        this.root = root;
    }

    /** Log size so far: cut points are 0 (nothing happened) to {@code size()} (everything did). */
    synchronized int size() {
        return log.size();
    }

    synchronized List<Event> events() {
        return List.copyOf(log);
    }

    synchronized void mark(String text) {
        log.add(new Mark(text));
    }

    private String key(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString();
    }

    @Override
    public ObjectChannel open(Path file, OpenMode mode) throws IOException {
        String key = key(file);
        synchronized (this) {
            if (!initial.containsKey(key)) {
                initial.put(key, mode == OpenMode.CREATE_NEW || !Files.exists(file) ? new byte[0] : Files.readAllBytes(file));
            }
        }
        return new ForwardingObjectChannel(FileObjectChannel.open(file, mode)) {
            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                synchronized (RecordingIo.this) {
                    ByteBuffer copy = src.duplicate();
                    int n = real.write(src, position);
                    byte[] data = new byte[n];
                    copy.get(data);
                    log.add(new Write(key, position, data));
                    return n;
                }
            }

            @Override
            public void truncate(long size) throws IOException {
                synchronized (RecordingIo.this) {
                    real.truncate(size);
                    log.add(new Truncate(key, size));
                }
            }

            @Override
            public void force() {
                synchronized (RecordingIo.this) {
                    log.add(new Sync(key));
                }
            }
        };
    }

    /**
     * The recorder of a block device's channel on the image file {@code image} under the root (a member
     * of a mixed mirror): its writes and syncs go into this log as the image file's, so that a cut
     * rebuilds the whole image, its superblocks, intent ring and tag log with it, as {@link #objectAt}
     * rebuilds any file. As for object files, the real sync is skipped: the model decides what is durable.
     */
    RecordingChannel.Recorder image(Path image) throws IOException {
        String key = key(image);
        synchronized (this) {
            if (!initial.containsKey(key)) {
                initial.put(key, Files.readAllBytes(image));
            }
        }
        return new RecordingChannel.Recorder() {
            @Override
            public int write(FileChannel device, ByteBuffer src, long position) throws IOException {
                synchronized (RecordingIo.this) {
                    ByteBuffer copy = src.duplicate();
                    int n = device.write(src, position);
                    byte[] data = new byte[n];
                    copy.get(data);
                    log.add(new Write(key, position, data));
                    return n;
                }
            }

            @Override
            public void force(FileChannel device, boolean metaData) {
                synchronized (RecordingIo.this) {
                    log.add(new Sync(key));
                }
            }
        };
    }

    /**
     * The view of device {@code device}'s tag table that logs each commit with the table's content after
     * it; every other call goes straight through.
     */
    UnaryOperator<TagTable> tableRecorder(String device) {
        Set<String> commits = Set.of("append", "trim", "delete", "deleteUpTo", "reserveSequence", "sync");
        return table -> {
            DurabilityMode[] mode = {DurabilityMode.POWER_SAFE};
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getName().equals("setDurability")) {
                    mode[0] = (DurabilityMode) args[0];
                }
                if (!commits.contains(method.getName())) {
                    return invoke(method, table, args);
                }
                synchronized (RecordingIo.this) {
                    if (method.getName().equals("append") && args.length == 2) {
                        @SuppressWarnings("unchecked")
                        List<TagEntry> entries = (List<TagEntry>) args[0];
                        @SuppressWarnings("unchecked")
                        List<int[]> checksums = (List<int[]>) args[1];
                        for (int i = 0; i < entries.size(); i++) {
                            blockChecksums.put(entries.get(i), checksums.get(i));
                        }
                    }
                    Object result = invoke(method, table, args);
                    // a sync makes every earlier commit durable: its state is the floor a cut keeps
                    log.add(new Commit(device, content(table), mode[0] == DurabilityMode.POWER_SAFE
                            || method.getName().equals("sync")));
                    return result;
                }
            };
            return (TagTable) Proxy.newProxyInstance(TagTable.class.getClassLoader(), new Class<?>[] {TagTable.class},
                    handler);
        };
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static List<List<TagEntry>> content(TagTable table) throws IOException {
        List<List<TagEntry>> batches = new ArrayList<>();
        long[] last = {Long.MIN_VALUE};
        table.scan((batch, e) -> {
            if (batch != last[0]) {
                batches.add(new ArrayList<>());
                last[0] = batch;
            }
            batches.get(batches.size() - 1).add(e);
            return true;
        });
        return batches;
    }

    /**
     * The content of {@code file} after a power cut at log position {@code cut}: its state at the last
     * fsync before the cut, plus each page of the later writes kept with probability {@code keep}, in an
     * order drawn from {@code random}.
     */
    synchronized byte[] objectAt(String file, int cut, Random random, double keep) {
        byte[] image = initial.get(file).clone();
        int lastSync = -1;
        for (int i = 0; i < cut; i++) {
            if (log.get(i) instanceof Sync s && s.file().equals(file)) {
                lastSync = i;
            }
        }
        for (int i = 0; i <= lastSync; i++) {
            image = apply(image, log.get(i), file);
        }
        List<Event> pending = new ArrayList<>();
        for (int i = lastSync + 1; i < cut; i++) {
            Event e = log.get(i);
            if (e instanceof Write w && w.file().equals(file)) {
                // The page cache writes back page by page: a multi-page write may land in part.
                long pos = w.position();
                int off = 0;
                while (off < w.data().length) {
                    int len = (int) Math.min(w.data().length - off, PAGE - Math.floorMod(pos + off, PAGE));
                    byte[] piece = new byte[len];
                    System.arraycopy(w.data(), off, piece, 0, len);
                    pending.add(new Write(file, pos + off, piece));
                    off += len;
                }
            } else if (e instanceof Truncate t && t.file().equals(file)) {
                pending.add(t);
            }
        }
        Collections.shuffle(pending, random);
        for (Event e : pending) {
            if (random.nextDouble() < keep) {
                image = apply(image, e, file);
            }
        }
        return image;
    }

    private static byte[] apply(byte[] image, Event e, String file) {
        if (e instanceof Write w && w.file().equals(file)) {
            long end = w.position() + w.data().length;
            if (end > image.length) {
                image = java.util.Arrays.copyOf(image, (int) end);
            }
            System.arraycopy(w.data(), 0, image, (int) w.position(), w.data().length);
        } else if (e instanceof Truncate t && t.file().equals(file)) {
            image = java.util.Arrays.copyOf(image, (int) t.size());
        }
        return image;
    }

    /**
     * The content of the image file {@code file} ({@link #image}) after a power cut at log position
     * {@code cut}: its state at its last sync before the cut, and each page written since in one of the
     * versions it went through ({@link RecordingChannel#afterCut}). Whole pages, not the pieces
     * {@link #objectAt} keeps: a block device's tag log appends records within a page, and writeback never
     * puts a later record of a page on the disk without the earlier ones.
     */
    synchronized byte[] imageAt(String file, int cut, Random random) {
        int lastSync = -1;
        for (int i = 0; i < cut; i++) {
            if (log.get(i) instanceof Sync s && s.file().equals(file)) {
                lastSync = i;
            }
        }
        byte[] image = initial.get(file).clone();
        List<RecordingChannel.Written> since = new ArrayList<>();
        for (int i = 0; i < cut; i++) {
            if (log.get(i) instanceof Write w && w.file().equals(file)) {
                if (i < lastSync) {
                    image = apply(image, w, file);
                } else {
                    since.add(new RecordingChannel.Written(w.position(), w.data()));
                }
            }
        }
        return RecordingChannel.afterCut(image, since, random);
    }

    /**
     * The tag table of {@code device} after a power cut at {@code cut}: every synced commit and, of the
     * unsynced commits after the last synced one, a prefix drawn from {@code random}. Null when no commit
     * of the log survives (the table is as it was when recording started).
     */
    synchronized List<List<TagEntry>> tableAt(String device, int cut, Random random) {
        List<Commit> commits = new ArrayList<>();
        int lastSynced = -1;
        for (int i = 0; i < cut; i++) {
            if (log.get(i) instanceof Commit c && c.device().equals(device)) {
                commits.add(c);
                if (c.synced()) {
                    lastSynced = commits.size() - 1;
                }
            }
        }
        int unsynced = commits.size() - 1 - lastSynced;
        int kept = lastSynced + (unsynced == 0 ? 0 : random.nextInt(unsynced + 1));
        return kept < 0 ? null : commits.get(kept).batches();
    }

    /** The per-block checksums {@code entries} were appended with (null where none was given). */
    synchronized List<int[]> blockChecksums(List<TagEntry> entries) {
        List<int[]> out = new ArrayList<>();
        for (TagEntry e : entries) {
            out.add(blockChecksums.get(e));
        }
        return out;
    }

    /** The object files the log names. */
    synchronized Set<String> files() {
        return Set.copyOf(initial.keySet());
    }
}
