package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebuildOperationTest {
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

    /** Device b loses its object outside TagMirror after a write reached both devices. */
    private void loseObjectOfB() throws IOException {
        Mirror m = fx.on.mirror();
        m.write(m.generator(Mirror.DEFAULT_GENERATOR), 0, ByteBuffer.wrap(OperationsFixture.filled((byte) 9)));
        m.flush();
        try (Stream<Path> objects = Files.list(fx.b.resolve("objects"))) {
            Files.delete(objects.findFirst().orElseThrow());
        }
        fx.reopen();
    }

    @Test
    void aMemberWhoseObjectWasLostIsRestoredAndFilledFromAHealthyOneAndTheRebuildIsRecorded() throws Exception {
        loseObjectOfB();

        RebuildOperation.Plan plan = RebuildOperation.plan(fx.on, null);

        assertThat(plan.targets()).singleElement().satisfies(t -> {
            assertThat(t.device()).isEqualTo(fx.uuidB);
            assertThat(t.online()).isFalse();
        });
        assertThat(plan.source()).isEqualTo(fx.uuidA);
        assertThat(plan.describe(fx.on.locationNames(), OperationsFixture.SIZE_BYTES))
                .contains("would rebuild " + fx.b + " (its object is missing or truncated): restore its object, then");

        RebuildOperation.Rebuilt rebuilt = RebuildOperation.run(fx.on, plan, TaskMonitor.NONE);

        assertThat(rebuilt.cancelled()).isFalse();
        assertThat(rebuilt.rebuilt().get(fx.uuidB).blocksCopied()).isPositive();
        assertThat(fx.block(fx.uuidB, 0)).isEqualTo(OperationsFixture.filled((byte) 9));
        assertThat(fx.history()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(HistoryKind.SCRUB.code());
            assertThat(e.result()).isEqualTo(Outcome.REBUILT.code());
        });
        assertThat(RebuildOperation.plan(fx.on, null).isEmpty()).isTrue();
    }
}
