package io.tagmirror.console.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.StorageObject;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.Verdict;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import javafx.beans.property.SimpleIntegerProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workflows borrow the session's own mirrors, and a simulated crash leaves the devices as a crash would. */
class SessionMirrorAccessTest {

    @TempDir
    Path tmp;

    private WorkspaceSession session() throws Exception {
        WorkflowFixture.create(tmp).close();
        return WorkspaceSession.open(tmp.resolve("workspace"));
    }

    @Test
    void aLeaseIsTheSessionsOwnMirrorAndExcludesASecondWorkflow() throws Exception {
        try (WorkspaceSession session = session()) {
            SessionMirrorAccess access = SessionMirrorAccess.of(session, new SimpleIntegerProperty());
            MirrorDefinition def = session.workspace().requireMirror(WorkflowFixture.MIRROR);
            try (MirrorLease lease = access.lease(WorkflowFixture.MIRROR, "a workload replay")) {
                assertThat(lease.mirror()).isSameAs(session.assembled(def.uuid()).orElseThrow().mirror());
                assertThat(lease.devices()).hasSize(2);
                assertThat(lease.readOnlyReason()).isNull();
                assertThatThrownBy(() -> access.lease(WorkflowFixture.MIRROR, "the repair wizard"))
                        .isInstanceOf(TagMirrorException.class).hasMessageContaining("in use by a workload replay");
            }
            access.lease(WorkflowFixture.MIRROR, "the repair wizard").close();
            assertThat(session.assembled(def.uuid())).as("given back, still assembled").isPresent();
        }
    }

    @Test
    void aCrashedMirrorIsLetGoWithoutTrimmingItsEntriesAndAssembledAfresh() throws Exception {
        try (WorkspaceSession session = session()) {
            SessionMirrorAccess access = SessionMirrorAccess.of(session, new SimpleIntegerProperty());
            try (MirrorLease lease = access.lease(WorkflowFixture.MIRROR, "a workload replay")) {
                Mirror m = lease.mirror();
                byte[] data = WorkflowFixture.filled(4096, (byte) 7);
                // The host dies in this write: its entry reaches both devices, its data only the first
                // (made as a write whose old data is then put back on the second).
                StorageObject second = lease.devices().get(m.status().get(1).device()).object(m.definition().objectId());
                ByteBuffer before = second.read(5, 1);
                m.write(m.generator(1), 5L * 4096, ByteBuffer.wrap(data));
                second.write(5, before);
                lease.abandonAsCrashed();
            }
            MirrorDefinition def = session.workspace().requireMirror(WorkflowFixture.MIRROR);
            assertThat(session.assembled(def.uuid())).isEmpty();
            try (MirrorLease restarted = access.lease(WorkflowFixture.MIRROR, "the repair wizard")) {
                assertThat(restarted.mirror().state()).isEqualTo(MirrorState.DIVERGED);
                assertThat(restarted.mirror().status()).allMatch(s -> s.online());
                CompareReport report = restarted.mirror().compare(TaskMonitor.NONE);
                assertThat(report.divergent()).singleElement().satisfies((DiffRange d) -> {
                    assertThat(d.verdict()).isEqualTo(Verdict.TORN);
                    assertThat(d.firstBlock()).isEqualTo(5);
                });
            }
        }
    }
}
