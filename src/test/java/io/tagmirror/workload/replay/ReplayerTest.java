package io.tagmirror.workload.replay;

import static io.tagmirror.workload.replay.ReplayFixture.BS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workload.WorkloadOp;
import io.tagmirror.workload.pattern.BlockSizeRange;
import io.tagmirror.workload.pattern.PatternKind;
import io.tagmirror.workload.pattern.SyntheticPattern;
import io.tagmirror.workload.trace.TraceFit;
import io.tagmirror.workload.trace.TraceOptions;
import io.tagmirror.workload.trace.TraceReader;
import io.tagmirror.workload.trace.TraceReaders;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayerTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    @Test
    void deepQueuesAndManyWritersGiveTheImageOfASequentialReplay() throws IOException {
        List<WorkloadOp> ops = ReplayFixture.overlappingWrites(11, 3000, 64 * BS, 3 * BS, 97);
        byte[] expected = ReplayFixture.sequentialImage(ops, 5, MIB);
        int[][] settings = {{1, 1}, {32, 4}};
        for (int[] s : settings) {
            try (ReplayFixture f = ReplayFixture.create(tmp.resolve("qd" + s[0]), 2, MIB, DurabilityMode.CRASH_SAFE)) {
                RunSummary summary = f.replay(ops).queueDepth(s[0]).writers(s[1]).seed(5).build().run();
                assertThat(summary.writes()).isEqualTo(3000);
                assertThat(summary.flushes()).as("30 in the trace and the final one").isEqualTo(31);
                for (int d = 0; d < 2; d++) {
                    assertThat(Arrays.mismatch(f.objectBytes(d), expected))
                            .as("device %d at queue depth %d with %d writers", d, s[0], s[1]).isEqualTo(-1);
                }
                assertThat(f.mirror.compare(TaskMonitor.NONE).inSync()).isTrue();
                assertThat(summary.entriesLeft().values()).containsOnly(0L);
            }
        }
    }

    @Test
    void appendsAreOrderedAfterEverythingInFlight() throws IOException {
        SyntheticPattern mix = SyntheticPattern.create(PatternKind.MIX, MIB, BS, BlockSizeRange.parse("4k-16k"), 9, 800);
        byte[][] images = new byte[2][];
        int[][] settings = {{1, 1}, {16, 3}};
        for (int i = 0; i < 2; i++) {
            try (ReplayFixture f = ReplayFixture.create(tmp.resolve("mix" + i), 2, MIB, DurabilityMode.CRASH_SAFE)) {
                RunSummary summary = Replayer.builder(f.mirror, WorkloadSource.pattern(mix)).queueDepth(settings[i][0])
                        .writers(settings[i][1]).seed(2).build().run();
                assertThat(summary.writes()).isEqualTo(800);
                assertThat(f.mirror.lengthBlocks()).isGreaterThan(MIB / BS);
                images[i] = f.objectBytes(0);
                assertThat(f.objectBytes(1)).isEqualTo(images[i]);
            }
        }
        assertThat(Arrays.mismatch(images[0], images[1])).isEqualTo(-1);
    }

    @Test
    void aWriteIntoWhatAnAppendAddsWaitsForTheAppend() throws IOException {
        List<WorkloadOp> ops = List.of(WorkloadOp.append("", 2 * BS, -1, 1),
                WorkloadOp.write("", MIB + 100, 4000, -1, 2), WorkloadOp.write("", 0, BS, -1, 3));
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.CRASH_SAFE)) {
            RunSummary summary = f.replay(ops).seed(8).build().run();
            assertThat(summary.writes()).isEqualTo(3);
            assertThat(f.mirror.lengthBlocks()).isEqualTo(MIB / BS + 2);
            byte[] image = f.objectBytes(0);
            byte[] second = new byte[4000];
            WriteData.of(8, 1, 4000).get(second);
            assertThat(Arrays.copyOfRange(image, MIB + 100, MIB + 4100)).isEqualTo(second);
            assertThat(f.objectBytes(1)).isEqualTo(image);
        }
    }

    @Test
    void theSameSeedGivesByteIdenticalMirrorsAndAnotherSeedDoesNot() throws IOException {
        SyntheticPattern random = SyntheticPattern.create(PatternKind.RANDOM, MIB, BS, BlockSizeRange.parse("4k-16k"), 3, 600);
        long[] seeds = {42, 42, 43};
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < seeds.length; i++) {
            try (ReplayFixture f = ReplayFixture.create(tmp.resolve("seed" + i), 2, MIB, DurabilityMode.CRASH_SAFE)) {
                Replayer.builder(f.mirror, WorkloadSource.pattern(random)).seed(seeds[i]).queueDepth(8).build().run();
                images.add(f.objectBytes(0));
                images.add(f.objectBytes(1));
            }
        }
        assertThat(images.get(0)).isEqualTo(images.get(1)).isEqualTo(images.get(2)).isEqualTo(images.get(3));
        assertThat(images.get(4)).isNotEqualTo(images.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"blkparse.txt", "fio-real-v3.log", "fio-v2.log", "fio-v3.log", "msr.csv",
            "blkparse-malformed.txt", "fio-v2-malformed.log", "fio-v3-malformed.log", "msr-malformed.csv"})
    void theSampleTracesReplayWrappedIntoASmallMirror(String sample) throws IOException {
        Path trace = sample(sample);
        TraceOptions options = TraceOptions.defaults().withSkipMalformed(sample.contains("malformed"));
        long writes = 0;
        try (TraceReader reader = TraceReaders.open(trace, null, options)) {
            Optional<WorkloadOp> op;
            while ((op = reader.next()).isPresent()) {
                writes += op.get().kind() == WorkloadOp.Kind.FLUSH ? 0 : 1;
            }
        }
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.CRASH_SAFE);
             WorkloadSource source = WorkloadSource.trace(TraceReaders.open(trace, null, options),
                     TraceFit.of(TraceFit.Fit.WRAP, sample, -1, MIB, BS))) {
            RunSummary summary = Replayer.builder(f.mirror, source).build().run();
            assertThat(summary.writes()).isEqualTo(writes).isPositive();
            assertThat(summary.skippedLines() > 0).isEqualTo(sample.contains("malformed"));
            assertThat(summary.source()).contains(sample).contains("fit wrap");
            assertThat(f.mirror.compare(TaskMonitor.NONE).inSync()).isTrue();
            assertThat(f.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
        }
    }

    @Test
    void traceTimestampsAreHonouredAtTheGivenSpeed() throws IOException {
        FakeClock clock = new FakeClock(0);
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, 8 * MIB, DurabilityMode.CRASH_SAFE);
             WorkloadSource source = WorkloadSource.trace(TraceReaders.open(sample("fio-v3.log"), null, null), null)) {
            RunSummary summary = Replayer.builder(f.mirror, source).speed(2).clock(clock).build().run();
            // the writes are stamped 100 us and 3 s into the run: at twice the speed, 1.49995 s apart
            assertThat(summary.seconds()).isBetween(1.4999, 1.5001);
            assertThat(summary.writes()).isEqualTo(3);
        }
    }

    @Test
    void theRateLimitSpacesWritesEvenly() throws IOException {
        FakeClock clock = new FakeClock(0);
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.CRASH_SAFE)) {
            SyntheticPattern p = SyntheticPattern.create(PatternKind.RANDOM, MIB, BS, BlockSizeRange.of(BS), 1, 50);
            RunSummary summary = Replayer.builder(f.mirror, WorkloadSource.pattern(p)).rateLimit(100).clock(clock)
                    .build().run();
            assertThat(summary.seconds()).isBetween(0.49, 0.4901);
            assertThat(summary.rate()).isBetween(102.0, 102.1);
        }
    }

    @Test
    void progressIsReportedAtTheIntervalAndOnceAtTheEnd() throws IOException {
        List<ReplayProgress> events = new CopyOnWriteArrayList<>();
        List<String> threadNames = new CopyOnWriteArrayList<>();
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.CRASH_SAFE)) {
            SyntheticPattern p = SyntheticPattern.create(PatternKind.RANDOM, MIB, BS, BlockSizeRange.of(BS), 1, 300);
            RunSummary summary = Replayer.builder(f.mirror, WorkloadSource.pattern(p)).queueDepth(4)
                    .clock(new FakeClock(1_000_000)).progressInterval(Duration.ofMillis(5))
                    .listener(new ReplayListener() {
                        @Override
                        public void progress(ReplayProgress progress) {
                            events.add(progress);
                            Thread.getAllStackTraces().keySet().forEach(t -> threadNames.add(t.getName()));
                        }
                    }).build().run();
            assertThat(events.size()).isGreaterThan(2);
            ReplayProgress last = events.get(events.size() - 1);
            assertThat(last.finished()).isTrue();
            assertThat(events.subList(0, events.size() - 1)).noneMatch(ReplayProgress::finished);
            assertThat(last.writes()).isEqualTo(300);
            assertThat(last.bytes()).isEqualTo(300L * BS);
            assertThat(last.overall().count()).isEqualTo(300);
            assertThat(last.overall().max()).isGreaterThanOrEqualTo(last.overall().p99())
                    .isGreaterThanOrEqualTo(last.overall().p50());
            assertThat(last.overall().p50()).isPositive();
            assertThat(last.devices()).hasSize(2).allSatisfy(d -> {
                assertThat(d.online()).isTrue();
                assertThat(d.entries()).isZero();
            });
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).writes()).isGreaterThanOrEqualTo(events.get(i - 1).writes());
                assertThat(events.get(i).elapsedNanos()).isGreaterThan(events.get(i - 1).elapsedNanos());
            }
            assertThat(events).anySatisfy(e -> assertThat(e.writesPerSecond()).isPositive());
            assertThat(summary.latency().count()).isEqualTo(300);
            assertThat(threadNames).anyMatch(n -> n.startsWith("tagmirror-replay-"));
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("tagmirror-replay-"));
    }

    @Test
    void pauseHoldsDispatchUntilResumeAndStopEndsInSync() throws IOException {
        AtomicReference<Replayer> replayer = new AtomicReference<>();
        List<ReplayProgress> events = new CopyOnWriteArrayList<>();
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.CRASH_SAFE)) {
            SyntheticPattern p = SyntheticPattern.create(PatternKind.RANDOM, MIB, BS, BlockSizeRange.of(BS), 1, 2000);
            Replayer r = Replayer.builder(f.mirror, WorkloadSource.pattern(p)).queueDepth(4)
                    .clock(new FakeClock(1_000_000)).progressInterval(Duration.ofMillis(5))
                    .listener(new ReplayListener() {
                        @Override
                        public void progress(ReplayProgress progress) {
                            events.add(progress);
                            Replayer self = replayer.get();
                            if (progress.paused()) {
                                self.resume();
                            } else if (events.size() == 2) {
                                self.pause();
                            } else if (progress.writes() >= 300 && !progress.finished()) {
                                self.stop();
                            }
                        }
                    }).build();
            replayer.set(r);
            RunSummary summary = r.run();
            assertThat(events).anyMatch(ReplayProgress::paused);
            assertThat(summary.stopped()).isTrue();
            assertThat(summary.result()).isEqualTo("stopped");
            assertThat(summary.writes()).isBetween(300L, 1999L);
            assertThat(f.mirror.compare(TaskMonitor.NONE).inSync()).isTrue();
            assertThat(summary.entriesLeft().values()).containsOnly(0L);
        }
    }

    @Test
    void eachWriterHasItsOwnGeneratorAndTheLimitCountsDataWrites() throws IOException {
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.CRASH_SAFE)) {
            List<WorkloadOp> ops = ReplayFixture.overlappingWrites(3, 400, MIB, 2 * BS, 10);
            RunSummary summary = f.replay(ops).writers(3).limit(300).build().run();
            assertThat(summary.writes()).isEqualTo(300);
            assertThat(summary.flushes()).isEqualTo(30);
            for (int g = 1; g <= 3; g++) {
                assertThat(f.mirror.generator(g).peek()).as("generator %d", g).isEqualTo(100);
            }
        }
    }

    @Test
    void aBadTraceLineStopsTheReplayAfterTheWritesInFlight() throws IOException {
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.CRASH_SAFE);
             WorkloadSource source = WorkloadSource.trace(TraceReaders.open(sample("fio-v3-malformed.log"), null, null),
                     null)) {
            assertThatThrownBy(() -> Replayer.builder(f.mirror, source).build().run())
                    .isInstanceOf(TagMirrorException.class).hasMessageContaining("fio-v3-malformed.log:5");
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("tagmirror-replay-"));
    }

    @Test
    void aWritePastTheMirrorIsRefusedWithItsLine() throws IOException {
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.CRASH_SAFE)) {
            List<WorkloadOp> ops = List.of(WorkloadOp.write("", 0, BS, -1, 1), WorkloadOp.write("", MIB - 10, 20, -1, 2));
            assertThatThrownBy(() -> f.replay(ops).build().run())
                    .isInstanceOf(TagMirrorException.class).hasMessageContaining("line 2").hasMessageContaining("past the end");
        }
    }

    @Test
    void settingsAreChecked() throws IOException {
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.CRASH_SAFE)) {
            assertThatThrownBy(() -> f.replay(List.of()).queueDepth(0).build()).hasMessageContaining("queue depth");
            assertThatThrownBy(() -> f.replay(List.of()).writers(0).build()).hasMessageContaining("writers");
            assertThatThrownBy(() -> f.replay(List.of()).speed(-1).build()).hasMessageContaining("speed");
            assertThatThrownBy(() -> f.replay(List.of()).rateLimit(Double.NaN).build()).hasMessageContaining("rate");
            Replayer once = f.replay(List.of()).build();
            once.run();
            assertThatThrownBy(once::run).isInstanceOf(IllegalStateException.class);
        }
    }

    static Path sample(String name) {
        try {
            return Path.of(ReplayerTest.class.getResource("/traces/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
