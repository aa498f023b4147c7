package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyAndScrubOperationTest {
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
    void aVerifyOfDifferingDevicesIsRecordedAsDiffersWithItsFigures() throws Exception {
        fx.offlineWindow(4, 31);

        VerifyOperation.Verified v = VerifyOperation.run(fx.on, TaskMonitor.NONE);

        assertThat(v.report().identical()).isFalse();
        var entry = fx.history().get(0);
        assertThat(entry.kind()).isEqualTo("verify");
        assertThat(entry.result()).isEqualTo("differs");
        assertThat(Json.MAPPER.readTree(entry.figures())).isEqualTo(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(v.figures())));
    }

    @Test
    void aScrubFromAMemberMakesTheOthersIdenticalAndIsRecordedNamingItsSource() throws Exception {
        fx.offlineWindow(4, 32);

        ScrubOperation.Scrubbed s = ScrubOperation.run(fx.on, fx.uuidA, TaskMonitor.NONE);

        assertThat(s.report().blocksCopied()).isPositive();
        assertThat(s.figures()).containsEntry("source", fx.a.toString());
        var entry = fx.history().get(0);
        assertThat(entry.kind()).isEqualTo("scrub");
        assertThat(entry.result()).isEqualTo("scrubbed");
        assertThat(VerifyOperation.run(fx.on, TaskMonitor.NONE).report().identical()).isTrue();
        assertThat(fx.history().get(0).result()).isEqualTo("identical");
    }

    @Test
    void aScrubFromADeviceOutsideTheMirrorIsRefusedBeforeAnythingIsCopied() throws Exception {
        fx.offlineWindow(2, 33);

        assertThatThrownBy(() -> ScrubOperation.run(fx.on, UUID.randomUUID(), TaskMonitor.NONE))
                .isInstanceOf(TagMirrorException.class).hasMessageContaining("not a member of mirror lab");
        assertThat(fx.history()).isEmpty();
        assertThat(VerifyOperation.run(fx.on, TaskMonitor.NONE).report().identical()).isFalse();
    }
}
