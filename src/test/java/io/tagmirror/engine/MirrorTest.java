package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorTest {
    @TempDir
    Path tmp;

    @Test
    void aWriteReachesEveryDeviceWithTheSameEntryAndFlushTrimsIt() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 3, 1 << 20, DurabilityMode.POWER_SAFE)) {
            Tag tag = t.mirror.write(8192, TestMirrors.randomData(1, 4096).array());
            for (int i = 0; i < 3; i++) {
                assertThat(t.object(i).read(2, 1)).isEqualTo(TestMirrors.randomData(1, 4096));
                List<TagEntry> entries = t.device(i).tagTable().lookup(t.mirror.definition().objectId(), new BlockRange(0, 256));
                assertThat(entries).singleElement().satisfies(e -> {
                    assertThat(e.tag()).isEqualTo(tag);
                    assertThat(e.firstBlock()).isEqualTo(2);
                    assertThat(e.blockCount()).isEqualTo(1);
                });
            }
            t.mirror.flush();
            for (int i = 0; i < 3; i++) {
                assertThat(t.device(i).tagTable().count()).isZero();
            }
            assertThat(t.mirror.state()).isEqualTo(MirrorState.IN_SYNC);
        }
    }

    @Test
    void anUnalignedWriteIsAReadModifyWriteOfItsCoveringBlocks() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 1 << 20, DurabilityMode.CRASH_SAFE)) {
            t.mirror.write(0, TestMirrors.randomData(1, 3 * 4096).array());
            byte[] small = TestMirrors.randomData(2, 512).array();
            t.mirror.write(4096 + 3584, small);
            byte[] expected = TestMirrors.randomData(1, 3 * 4096).array();
            System.arraycopy(small, 0, expected, 4096 + 3584, 512);
            for (int i = 0; i < 2; i++) {
                assertThat(t.object(i).read(0, 3).array()).isEqualTo(expected);
            }
            // a write straddling two blocks names both
            t.mirror.write(4096 * 2 - 100, TestMirrors.randomData(3, 200).array());
            List<TagEntry> entries = new ArrayList<>();
            t.device(0).tagTable().scan((b, e) -> entries.add(e));
            assertThat(entries.get(2).firstBlock()).isEqualTo(1);
            assertThat(entries.get(2).blockCount()).isEqualTo(2);
            assertThat(t.mirror.compare(TaskMonitor.NONE).inSync()).isTrue();
        }
    }

    @Test
    void writesPastTheEndAreRefused() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 1 << 20, DurabilityMode.CRASH_SAFE)) {
            assertThatThrownBy(() -> t.mirror.write((1 << 20) - 10, new byte[20])).hasMessageContaining("past the end");
            assertThatThrownBy(() -> t.mirror.write(-1, new byte[20])).isInstanceOf(TagMirrorException.class);
        }
    }

    @Test
    void appendExtendsEveryDeviceAndIsRecordedAsExtend() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 8 * 4096, DurabilityMode.CRASH_SAFE)) {
            Tag tag = t.mirror.append(t.mirror.generator(1), TestMirrors.randomData(5, 5000));
            assertThat(t.mirror.lengthBlocks()).isEqualTo(10);
            for (int i = 0; i < 2; i++) {
                assertThat(t.object(i).lengthBlocks()).isEqualTo(10);
                List<TagEntry> entries = new ArrayList<>();
                t.device(i).tagTable().scan((b, e) -> entries.add(e));
                assertThat(entries).singleElement().satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(EntryKind.EXTEND);
                    assertThat(e.tag()).isEqualTo(tag);
                    assertThat(e.firstBlock()).isEqualTo(8);
                });
            }
            t.mirror.write(9 * 4096, new byte[4096]);
        }
    }

    @Test
    void tagsAreNeverReusedAfterARestart() throws IOException {
        long last;
        try (TestMirrors t = TestMirrors.create(tmp, 2, 1 << 20, DurabilityMode.CRASH_SAFE)) {
            TagGenerator g = t.mirror.generator(4);
            for (int i = 0; i < 10; i++) {
                g.next();
            }
            last = g.next().sequence();
            // no close of the mirror: as after a kill, only the reservation on disk is left
            t.reopen(DurabilityMode.CRASH_SAFE);
            assertThat(t.mirror.generator(4).next().sequence()).isGreaterThan(last);
            assertThat(t.mirror.generator(5).next().sequence()).isZero();
        }
    }

    @Test
    void concurrentWritersOfSeveralGeneratorsLeaveIdenticalDevices() throws Exception {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 256 * 4096, DurabilityMode.CRASH_SAFE)) {
            ExecutorService pool = Executors.newFixedThreadPool(8, r -> new Thread(r, "test-writer"));
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    int writer = w;
                    futures.add(pool.submit(() -> {
                        TagGenerator g = t.mirror.generator(1 + writer % 2);
                        java.util.Random r = new java.util.Random(writer);
                        for (int i = 0; i < 300; i++) {
                            long offset = r.nextInt(256 * 4096 - 9000);
                            t.mirror.write(g, offset, TestMirrors.randomData(writer * 1000L + i, 1 + r.nextInt(9000)));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertThat(t.device(0).tagTable().count()).isEqualTo(2400);
            // every entry committed once; how many share a batch depends on how the writers meet
            // (GroupCommitterTest shows what arrives during a commit is committed together)
            assertThat(t.device(0).commitStatistics()[1]).isEqualTo(2400);
            assertThat(t.device(0).commitStatistics()[0]).isBetween(1L, 2400L);
            assertThat(t.objectBytes(0)).isEqualTo(t.objectBytes(1));
            assertThat(t.mirror.compare(TaskMonitor.NONE).inSync()).isTrue();
        }
    }

    @Test
    void aMirrorIsReassembledFromItsDevicesAlone() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 1 << 20, DurabilityMode.CRASH_SAFE)) {
            MirrorDefinition def = t.mirror.definition();
            assertThat(t.device(1).descriptor().mirror("m")).hasValue(def);
            assertThat(DirectoryDevice.readDescriptor(tmp.resolve("dev0")).mirrors()).containsExactly(def);
        }
    }

    @Test
    void mirrorCreationRefusesBadCombinations() throws IOException {
        DirectoryDevice a = DirectoryDevice.format(tmp.resolve("a"), 4096);
        DirectoryDevice b = DirectoryDevice.format(tmp.resolve("b"), 4096);
        DirectoryDevice c = DirectoryDevice.format(tmp.resolve("c"), 8192);
        try (a; b; c) {
            assertThatThrownBy(() -> Mirror.create("x", 1 << 20, List.of(a), DurabilityMode.POWER_SAFE))
                    .hasMessageContaining("at least two");
            assertThatThrownBy(() -> Mirror.create("x", 1 << 20, List.of(a, a), DurabilityMode.POWER_SAFE))
                    .hasMessageContaining("given twice");
            assertThatThrownBy(() -> Mirror.create("x", 1 << 20, List.of(a, c), DurabilityMode.POWER_SAFE))
                    .hasMessageContaining("different block sizes");
            assertThatThrownBy(() -> Mirror.create("x", 1000, List.of(a, b), DurabilityMode.POWER_SAFE))
                    .hasMessageContaining("multiple of the block size");
            assertThatThrownBy(() -> Mirror.create("../x", 1 << 20, List.of(a, b), DurabilityMode.POWER_SAFE))
                    .hasMessageContaining("not allowed");
            assertThat(a.objectIds()).isEmpty();
            Mirror.create("x", 1 << 20, List.of(a, b), DurabilityMode.POWER_SAFE).close();
            assertThatThrownBy(() -> Mirror.create("x", 1 << 20, List.of(a, b), DurabilityMode.POWER_SAFE))
                    .hasMessageContaining("already belongs");
        }
    }

    @Test
    void writesGoOnWhileADeviceIsOfflineAndFlushKeepsTheEntriesItMissed() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 1 << 20, DurabilityMode.CRASH_SAFE)) {
            t.mirror.takeOffline(t.device(1).uuid(), "test");
            assertThat(t.mirror.state()).isEqualTo(MirrorState.DEGRADED);
            t.mirror.write(0, new byte[4096 * 2]);
            t.mirror.write(0, TestMirrors.randomData(9, 4096).array());
            t.mirror.flush();
            assertThat(t.device(0).tagTable().count()).isEqualTo(2);
            assertThat(t.device(1).tagTable().count()).isZero();
            t.mirror.bringOnline(t.device(1).uuid());
            assertThat(t.mirror.state()).isEqualTo(MirrorState.DIVERGED);
            t.mirror.flush();
            assertThat(t.device(0).tagTable().count()).isEqualTo(2);
            assertThatThrownBy(() -> {
                t.mirror.takeOffline(t.device(0).uuid(), "x");
                t.mirror.takeOffline(t.device(1).uuid(), "x");
            }).hasMessageContaining("last online device");
        }
    }

    @Test
    void aFailedDeviceLeavesTheMirrorAndWritesGoOn() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 1 << 20, DurabilityMode.CRASH_SAFE)) {
            List<MirrorEvent> events = new ArrayList<>();
            t.mirror.addListener(events::add);
            t.object(1).close(); // the next write to it fails like an I/O error
            t.mirror.write(0, new byte[4096]);
            assertThat(events).extracting(MirrorEvent::kind).contains(MirrorEvent.Kind.DEVICE_FAILED);
            assertThat(t.mirror.state()).isEqualTo(MirrorState.DEGRADED);
            t.mirror.write(4096, new byte[4096]);
            assertThat(t.device(0).tagTable().count()).isEqualTo(2);
        }
    }

    static ByteBuffer buf(int n) {
        return ByteBuffer.allocate(n);
    }
}
