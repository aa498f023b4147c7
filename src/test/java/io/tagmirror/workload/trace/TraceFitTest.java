package io.tagmirror.workload.trace;

import static io.tagmirror.workload.trace.TraceSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workload.WorkloadOp;
import io.tagmirror.workload.trace.TraceFit.Fit;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TraceFitTest {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final int BLOCK = 4096;

    @Test
    void extentIsTheFurthestWriteEnd() throws IOException {
        assertThat(TraceFit.extent(sample("fio-v2.log"), null, TraceOptions.defaults())).isEqualTo(1_048_576 + 512);
        assertThat(TraceFit.extent(sample("fio-real-v3.log"), TraceFormat.FIO, TraceOptions.defaults()))
                .isEqualTo(512 * KIB);
    }

    @Test
    void refuseRejectsATraceReachingPastTheMirror() {
        assertThatThrownBy(() -> TraceFit.of(Fit.REFUSE, "t.log", 2 * MIB, MIB, BLOCK))
                .isInstanceOf(TagMirrorException.class)
                .hasMessage("trace t.log reaches 2097152 bytes (2.0 MiB), past the mirror's 1048576 bytes (1.0 MiB);"
                        + " use --fit wrap or --fit scale");
    }

    @Test
    void prepareRefusesByReadingTheTraceFirst() {
        assertThatThrownBy(() -> TraceFit.prepare(sample("fio-v2.log"), null, TraceOptions.defaults(), Fit.REFUSE,
                        MIB, BLOCK))
                .hasMessageContaining("trace " + sample("fio-v2.log") + " reaches 1049088 bytes");
    }

    @Test
    void refuseLeavesAFittingTraceUnchanged() throws TagMirrorException {
        TraceFit fit = TraceFit.of(Fit.REFUSE, "t", MIB, MIB, BLOCK);
        WorkloadOp op = write(MIB - BLOCK, BLOCK);

        assertThat(fit.map(op)).isEqualTo(op);
    }

    @Test
    void wrapTakesTheOffsetModuloTheMirrorSize() throws TagMirrorException {
        TraceFit fit = TraceFit.of(Fit.WRAP, "t", -1, MIB, BLOCK);

        assertThat(fit.map(write(MIB + 8192, BLOCK)).offset()).isEqualTo(8192);
        assertThat(fit.map(write(5 * MIB + 3 * BLOCK, 2 * BLOCK))).isEqualTo(write(3 * BLOCK, 2 * BLOCK));
        assertThat(fit.map(write(4096, BLOCK)).offset()).isEqualTo(4096);
    }

    @Test
    void wrapMovesAWriteCrossingTheEndBackSoItEndsThere() throws TagMirrorException {
        TraceFit fit = TraceFit.of(Fit.WRAP, "t", -1, MIB, BLOCK);

        WorkloadOp moved = fit.map(write(3 * MIB - BLOCK, 2 * BLOCK));

        assertThat(moved.offset()).isEqualTo(MIB - 2 * BLOCK);
        assertThat(moved.length()).isEqualTo(2 * BLOCK);
        assertThat(moved.end()).isEqualTo(MIB);
    }

    @Test
    void wrapKeepsTheInBlockPositionOfAnUnalignedWrite() throws TagMirrorException {
        TraceFit fit = TraceFit.of(Fit.WRAP, "t", -1, MIB, BLOCK);

        WorkloadOp moved = fit.map(write(2 * MIB - 512, BLOCK));

        assertThat(moved.offset() % BLOCK).isEqualTo((2 * MIB - 512) % BLOCK);
        assertThat(moved.end()).isLessThanOrEqualTo(MIB);
        assertThat(moved.offset()).isEqualTo(1_043_968);
    }

    @Test
    void scaleShrinksBlockPositionsKeepingLengthAndInBlockPosition() throws TagMirrorException {
        TraceFit fit = TraceFit.of(Fit.SCALE, "t", 4 * MIB, MIB, BLOCK);

        assertThat(fit.map(write(2 * MIB + 512, BLOCK))).isEqualTo(write(512 * KIB + 512, BLOCK));
        assertThat(fit.map(write(0, BLOCK)).offset()).isZero();
        assertThat(fit.map(write(4 * MIB - BLOCK, BLOCK))).isEqualTo(write(MIB - BLOCK, BLOCK));
    }

    @Test
    void scaleNeverRunsPastTheEnd() throws TagMirrorException {
        TraceFit fit = TraceFit.of(Fit.SCALE, "t", 4 * MIB, MIB, BLOCK);

        WorkloadOp moved = fit.map(write(4 * MIB - 16 * KIB, 16 * KIB));

        assertThat(moved.offset()).isEqualTo(MIB - 16 * KIB);
        assertThat(moved.length()).isEqualTo(16 * KIB);
    }

    @Test
    void scaleLeavesATraceThatFitsUnchanged() throws TagMirrorException {
        TraceFit fit = TraceFit.of(Fit.SCALE, "t", MIB / 2, MIB, BLOCK);
        WorkloadOp op = write(MIB / 4 + 512, BLOCK);

        assertThat(fit.map(op)).isEqualTo(op);
    }

    @Test
    void scaleHandlesExabyteTracesWithoutOverflow() throws TagMirrorException {
        long extent = Long.MAX_VALUE / 2;
        long mirror = 1L << 50;
        TraceFit fit = TraceFit.of(Fit.SCALE, "t", extent, mirror, BLOCK);

        WorkloadOp moved = fit.map(write(extent / 2 / BLOCK * BLOCK, BLOCK));

        assertThat(moved.offset()).isBetween(mirror / 2 - BLOCK, mirror / 2 + BLOCK);
        assertThat(moved.offset() % BLOCK).isZero();
    }

    @Test
    void writeLongerThanTheMirrorIsRefusedInEveryMode() throws TagMirrorException {
        WorkloadOp huge = write(0, 2 * MIB);
        for (TraceFit fit : new TraceFit[] {
                TraceFit.of(Fit.WRAP, "t", -1, MIB, BLOCK), TraceFit.of(Fit.SCALE, "t", 8 * MIB, MIB, BLOCK)}) {
            assertThatThrownBy(() -> fit.map(huge))
                    .isInstanceOf(TagMirrorException.class)
                    .hasMessageContaining("trace t, line 7: a write of 2097152 bytes (2.0 MiB)")
                    .hasMessageContaining("longer than the whole mirror");
        }
        assertThatThrownBy(() -> TraceFit.of(Fit.REFUSE, "t", 2 * MIB, MIB, BLOCK))
                .isInstanceOf(TagMirrorException.class);
    }

    @Test
    void flushesPassUnchanged() throws TagMirrorException {
        WorkloadOp flush = WorkloadOp.flush("f", 5, 3);

        assertThat(TraceFit.of(Fit.SCALE, "t", 8 * MIB, MIB, BLOCK).map(flush)).isSameAs(flush);
    }

    @Test
    void fitModesParseByName() throws TagMirrorException {
        assertThat(Fit.parse("Wrap")).isEqualTo(Fit.WRAP);
        assertThat(Fit.parse("scale")).isEqualTo(Fit.SCALE);
        assertThat(Fit.parse("refuse")).isEqualTo(Fit.REFUSE);
        assertThatThrownBy(() -> Fit.parse("squash")).hasMessage("unknown fit 'squash': use refuse, wrap or scale");
    }

    @Test
    void humanSizesUseBinaryUnits() {
        assertThat(TraceFit.human(512)).isEqualTo("512 B");
        assertThat(TraceFit.human(1536)).isEqualTo("1.5 KiB");
        assertThat(TraceFit.human(3L << 40)).isEqualTo("3.0 TiB");
    }

    private static WorkloadOp write(long offset, long length) {
        return WorkloadOp.write("f", offset, length, 0, 7);
    }
}
