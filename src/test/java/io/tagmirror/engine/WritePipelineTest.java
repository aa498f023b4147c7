package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.engine.device.io.ForwardingObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The device write pipeline under load, in both durability modes: every data write reaches the
 * object only after the commit of the batch naming it; asynchronous writes are committed by the
 * device's thread, which writes the data itself (a hand-over per batch cost more than it gained),
 * and a caller that waits commits on its own thread when the device is idle (docs/performance.md).
 */
class WritePipelineTest {
    private static final int BS = 4096;

    @TempDir
    Path tmp;

    /** One event of the log shared by both devices: a commit naming blocks, or a data write. */
    private record Event(String device, boolean commit, List<Long> blocks, String thread) {
    }

    private final List<Event> log = new ArrayList<>();

    @ParameterizedTest
    @EnumSource(DurabilityMode.class)
    void dataNeverPrecedesItsEntryAndNeedsNoHandOver(DurabilityMode mode) throws IOException {
        List<Device> devices = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            DirectoryDevice.format(tmp.resolve(name), BS).close();
            devices.add(DirectoryDevice.open(tmp.resolve(name), false, recordingIo(name), recordingTable(name)));
        }
        Mirror mirror = Mirror.create("pipe", 16L << 20, devices, mode);
        try {
            synchronized (log) {
                log.clear();
            }
            TagGenerator g = mirror.generator(1);
            SplittableRandom r = new SplittableRandom(7);
            List<CompletableFuture<Tag>> inFlight = new ArrayList<>();
            int writes = 400;
            // distinct blocks, so each data write is named by exactly one entry
            List<Long> blocks = new ArrayList<>();
            for (long b = 0; b < 4096; b++) {
                blocks.add(b);
            }
            java.util.Collections.shuffle(blocks, new java.util.Random(r.nextLong()));
            for (int i = 0; i < writes; i++) {
                if (inFlight.size() == 16) {
                    inFlight.remove(0).join();
                }
                ByteBuffer data = ByteBuffer.allocate(BS);
                data.putLong(0, i);
                inFlight.add(mirror.writeAsync(g, blocks.get(i) * BS, data));
            }
            inFlight.forEach(CompletableFuture::join);
        } finally {
            mirror.close();
            for (Device d : devices) {
                d.close();
            }
        }

        checkEntriesBeforeData(400, (device, thread) -> assertThat(thread)
                .as("the thread writing data in %s mode", mode.label()).startsWith("tagmirror-device-"));
    }

    @ParameterizedTest
    @EnumSource(DurabilityMode.class)
    void aWriteAtDepthOneIsCommittedOnItsCallersThreadWithoutWakingTheDevice(DurabilityMode mode) throws IOException {
        // power-safe too: with an intent set a commit syncs only when a write leaves the set
        writeAtDepthOne(mode, IntentExtents.DEFAULT, true);
    }

    @Test
    void aPowerSafeWriteWithoutAnIntentSetIsHandedToTheDevicesThreads() throws IOException {
        // each commit then waits for a sync: the devices' threads sync side by side
        writeAtDepthOne(DurabilityMode.POWER_SAFE, IntentExtents.OFF, false);
    }

    private void writeAtDepthOne(DurabilityMode mode, IntentExtents intents, boolean caller) throws IOException {
        List<DirectoryDevice> devices = openRecorded();
        Mirror mirror = Mirror.create("pipe", 16L << 20, new ArrayList<>(devices), mode, intents);
        long[] before = {devices.get(0).commitStatistics()[2], devices.get(1).commitStatistics()[2]};
        try {
            synchronized (log) {
                log.clear();
            }
            TagGenerator g = mirror.generator(1);
            for (int i = 0; i < 200; i++) {
                ByteBuffer data = ByteBuffer.allocate(BS);
                data.putLong(0, i);
                mirror.write(g, (long) i * 7 * BS, data);
            }
            for (int d = 0; d < 2; d++) {
                long handed = devices.get(d).commitStatistics()[2] - before[d];
                assertThat(handed).as("batches handed to the device's thread").isEqualTo(caller ? 0 : 200);
            }
        } finally {
            mirror.close();
            for (Device d : devices) {
                d.close();
            }
        }
        String writer = Thread.currentThread().getName();
        checkEntriesBeforeData(200, (device, thread) -> assertThat(thread).as("the thread writing data on %s", device)
                .startsWith(caller ? writer : "tagmirror-device-"));
        synchronized (log) {
            assertThat(log).filteredOn(Event::commit).extracting(Event::thread).hasSize(400)
                    .allMatch(t -> t.startsWith(caller ? writer : "tagmirror-device-"));
        }
    }

    @ParameterizedTest
    @EnumSource(DurabilityMode.class)
    void waitingAndAsynchronousWritersShareBatchesAndEveryEntryPrecedesItsData(DurabilityMode mode) throws Exception {
        List<DirectoryDevice> devices = openRecorded();
        Mirror mirror = Mirror.create("pipe", 16L << 20, new ArrayList<>(devices), mode);
        int threads = 8;
        int perThread = 60;
        try {
            synchronized (log) {
                log.clear();
            }
            TagGenerator g = mirror.generator(1);
            List<Thread> writers = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread w = new Thread(() -> {
                    try {
                        List<CompletableFuture<Tag>> inFlight = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            ByteBuffer data = ByteBuffer.allocate(BS);
                            data.putLong(0, i);
                            long block = (long) thread * perThread + i;
                            // even threads wait for each write, odd ones keep four in flight
                            if (thread % 2 == 0) {
                                mirror.write(g, block * BS, data);
                            } else {
                                inFlight.add(mirror.writeAsync(g, block * BS, data));
                                if (inFlight.size() == 4) {
                                    inFlight.remove(0).join();
                                }
                            }
                        }
                        inFlight.forEach(CompletableFuture::join);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "writer-" + t);
                writers.add(w);
                w.start();
            }
            for (Thread w : writers) {
                w.join();
            }
            assertThat(failures).isEmpty();
        } finally {
            mirror.close();
            for (Device d : devices) {
                d.close();
            }
        }
        checkEntriesBeforeData(threads * perThread, (device, thread) -> { });
    }

    private List<DirectoryDevice> openRecorded() throws IOException {
        List<DirectoryDevice> devices = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            DirectoryDevice.format(tmp.resolve(name), BS).close();
            devices.add(DirectoryDevice.open(tmp.resolve(name), false, recordingIo(name), recordingTable(name)));
        }
        return devices;
    }

    /** On each device, every data write follows the commit naming its block; {@code thread} checks who wrote it. */
    private void checkEntriesBeforeData(int writes, java.util.function.BiConsumer<String, String> thread) {
        List<Event> events;
        synchronized (log) {
            events = List.copyOf(log);
        }
        for (String device : List.of("a", "b")) {
            Map<Long, Integer> committedAt = new HashMap<>();
            int dataWrites = 0;
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                if (!e.device().equals(device)) {
                    continue;
                }
                if (e.commit()) {
                    for (long b : e.blocks()) {
                        committedAt.putIfAbsent(b, i);
                    }
                    continue;
                }
                dataWrites++;
                long block = e.blocks().get(0);
                assertThat(committedAt).as("device %s: block %d written before its entry was committed", device, block)
                        .containsKey(block);
                thread.accept(device, e.thread());
            }
            assertThat(dataWrites).as("data writes on %s", device).isEqualTo(writes);
        }
    }

    private void record(Event e) {
        synchronized (log) {
            log.add(e);
        }
    }

    private UnaryOperator<TagTable> recordingTable(String device) {
        return table -> {
            InvocationHandler handler = (proxy, method, args) -> {
                Object result;
                try {
                    result = method.invoke(table, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (method.getName().equals("append")) {
                    @SuppressWarnings("unchecked")
                    List<TagEntry> entries = (List<TagEntry>) args[0];
                    record(new Event(device, true, entries.stream().map(TagEntry::firstBlock).toList(),
                            Thread.currentThread().getName()));
                }
                return result;
            };
            return (TagTable) Proxy.newProxyInstance(TagTable.class.getClassLoader(), new Class<?>[] {TagTable.class},
                    handler);
        };
    }

    private ObjectIo recordingIo(String device) {
        return (file, mode) -> !file.getParent().getFileName().toString().equals("objects")
                ? ObjectIo.SYSTEM.open(file, mode) // the device's intent set, not an object's data
                : new ForwardingObjectChannel(ObjectIo.SYSTEM.open(file, mode)) {
            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                // recorded before the write reaches the file: a write must already follow its commit
                record(new Event(device, false, List.of(position / BS), Thread.currentThread().getName()));
                return real.write(src, position);
            }
        };
    }
}
