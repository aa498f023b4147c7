package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareOperationTest {
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
    void aCompareIsRecordedOnceWithATypedOutcomeAndTheFiguresItReturns() throws Exception {
        fx.offlineWindow(5, 11);

        CompareOperation.Compared c = CompareOperation.run(fx.on, TaskMonitor.NONE);

        assertThat(c.report().inSync()).isFalse();
        assertThat(c.mirror()).isSameAs(fx.on.mirror());
        // the engine prints nothing: the phases' timings travel in the report
        assertThat(c.report().phases().phases()).extracting(p -> p.name()).containsExactly("gather", "sort", "sweep");
        assertThat(c.figures()).containsEntry("bytesToCopy", c.report().bytesToCopy())
                .containsKeys("ranges", "alternatives");
        List<Workspace.HistoryEntry> history = fx.history();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).kind()).isEqualTo("compare");
        assertThat(history.get(0).result()).isEqualTo("diverged");
        // the history keeps exactly what the face was given to present
        assertThat(Json.MAPPER.readTree(history.get(0).figures()))
                .isEqualTo(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(c.figures())));
    }

    @Test
    void theCompareARepairStartsWithLeavesNoEntryOfItsOwn() throws Exception {
        fx.offlineWindow(3, 12);

        CompareOperation.Compared c = CompareOperation.unrecorded(fx.on, TaskMonitor.NONE);

        assertThat(c.report().bytesToCopy()).isPositive();
        assertThat(fx.history()).isEmpty();
    }

    @Test
    void devicesAreNamedByWhereTheyAre() throws Exception {
        fx.offlineWindow(2, 13);

        CompareOperation.Compared c = CompareOperation.run(fx.on, TaskMonitor.NONE);

        assertThat(Json.MAPPER.writeValueAsString(c.figures())).contains(fx.a.toString(), fx.b.toString())
                .doesNotContain(fx.uuidA.toString());
    }
}
