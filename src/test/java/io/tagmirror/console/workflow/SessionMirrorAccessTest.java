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
import io.tagmirror.operations.MirrorServedElsewhereException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleIntegerProperty;
import static org.awaitility.Awaitility.await;

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

    @Test
    void aMirrorThatATagmirrorServeProcessServesIsRefusedToTheWizardAndAReplayNamingThatProcess() throws Exception {
        WorkflowFixture.create(tmp).close();
        Path workspace = tmp.resolve("workspace");
        Path log = tmp.resolve("serve.log");
        ProcessBuilder serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.tagmirror.Main", "serve", WorkflowFixture.MIRROR,
                "--workspace", workspace.toString(), "--durability", "crash-safe")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        serve.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString()); // SQLite's library, not in the user's cache
        Process server = serve.start();
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> !server.isAlive() || Files.readString(log).contains("ready"));
            assertThat(server.isAlive()).as(Files.readString(log)).isTrue();
            String uri = "nbd+unix:///" + WorkflowFixture.MIRROR + "?socket=" + workspace.resolve("run/lab.sock").toAbsolutePath();
            try (WorkspaceSession session = WorkspaceSession.open(workspace)) {
                SessionMirrorAccess access = SessionMirrorAccess.of(session, new SimpleIntegerProperty());
                for (String purpose : List.of("the repair wizard", "a workload replay")) {
                    assertThatThrownBy(() -> access.lease(WorkflowFixture.MIRROR, purpose))
                            .isInstanceOf(MirrorServedElsewhereException.class)
                            .hasMessage("mirror lab is served by process " + server.pid() + " at " + uri + " and its"
                                    + " clients use it as a disk, so " + purpose + " cannot take it; stop that server first"
                                    + " (kill -TERM " + server.pid() + "), or use 'tagmirror compare', 'repair' and"
                                    + " 'verify', which run in that server");
                }
                MirrorDefinition def = session.workspace().requireMirror(WorkflowFixture.MIRROR);
                assertThat(session.assembled(def.uuid())).as("refused before any device is opened").isEmpty();
                assertThat(session.workspace().history(null, 5)).isEmpty();
            }
        } finally {
            server.destroy(); // SIGTERM: it flushes and closes
            if (!server.waitFor(2, TimeUnit.MINUTES)) {
                server.destroyForcibly();
                server.waitFor();
            }
        }
    }
}
