package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.workload.pattern.BlockSizeRange;
import io.tagmirror.workload.pattern.PatternKind;
import io.tagmirror.workload.pattern.SyntheticPattern;
import io.tagmirror.workload.replay.RunSummary;
import io.tagmirror.workload.replay.WorkloadSource;
import io.tagmirror.workspace.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayOperationTest {
    @TempDir
    Path tmp;
    private OperationsFixture fx;

    @BeforeEach
    void open() throws IOException {
        fx = new OperationsFixture(tmp);
    }

    @AfterEach
    void close() throws IOException {
        fx.close();
    }

    @Test
    void aReplayIsRecordedWithItsSummaryWhetherTheMirrorWasDegradedAndWhatTheFaceAdds() throws Exception {
        SyntheticPattern pattern = SyntheticPattern.create(PatternKind.parse("random"), fx.on.mirror().sizeBytes(),
                fx.on.mirror().blockSize(), BlockSizeRange.of(4096), 41, 200, SyntheticPattern.DEFAULT_ZIPF_SKEW);
        RunSummary run;
        ReplayOperation.Prepared prepared;
        try (WorkloadSource source = WorkloadSource.pattern(pattern)) {
            prepared = ReplayOperation.prepare(fx.on, source);
            run = prepared.builder().seed(41).build().run();
        }

        ReplayOperation.Replayed r = ReplayOperation.record(fx.on, prepared, run, Map.of("stateAfter", "in sync"));

        assertThat(run.writes()).isEqualTo(200);
        assertThat(r.figures()).containsEntry("degraded", false).containsEntry("stateAfter", "in sync");
        var entry = fx.history().get(0);
        assertThat(entry.kind()).isEqualTo("replay");
        assertThat(entry.result()).isEqualTo("done");
        assertThat(Json.MAPPER.readTree(entry.figures())).isEqualTo(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(r.figures())));
    }
}
