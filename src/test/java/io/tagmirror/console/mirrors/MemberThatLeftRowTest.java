package io.tagmirror.console.mirrors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorState;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Mirrors screen shows a member that was away while the console wrote as having missed writes, in a later session. */
class MemberThatLeftRowTest {

    @TempDir
    Path dir;

    @Test
    void aMemberAwayWhileTheConsoleWroteShowsMissedWritesInTheNextSession() throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.lab(dir, (a, b, object) -> { });
        Path away = dir.resolve("b-unplugged");
        Files.move(lab.deviceB(), away);
        try (WorkspaceSession session = WorkspaceSession.open(lab.workspace())) {
            Mirror mirror = session.mirror(lab.mirror()).mirror();
            assertThat(mirror.onlineCount()).isEqualTo(1);
            Random random = new Random(51);
            for (int i = 0; i < 8; i++) {
                byte[] data = new byte[4096];
                random.nextBytes(data);
                mirror.write(mirror.generator(Mirror.DEFAULT_GENERATOR), i * 4096L, ByteBuffer.wrap(data));
            }
        }
        Files.move(away, lab.deviceB());

        try (WorkspaceSession session = WorkspaceSession.open(lab.workspace())) {
            MirrorRow row = MirrorsViewModel.read(session).get(0);

            MemberRow b = row.members().stream().filter(m -> m.location().equals(lab.deviceB().toString()))
                    .findFirst().orElseThrow();
            assertThat(b.online()).isTrue();
            assertThat(b.stale()).isTrue();
            assertThat(b.describeState()).isEqualTo("online · missed writes, awaits repair");
            assertThat(row.state()).isNotEqualTo(MirrorState.IN_SYNC);
        }
    }
}
