package io.tagmirror.console.mirrors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.console.session.DeviceSurvey;
import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Mirrors screen never assembles a member that was replaced while this workspace was not looking. */
class ReplacedMemberRowTest {

    @TempDir
    Path dir;

    @Test
    void aMirrorWhoseCatalogStillNamesAReplacedDeviceIsShownRefusedNotInSync() throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.lab(dir, (a, b, object) -> { });
        Path c = dir.resolve("drives").resolve("c");
        try (DirectoryDevice a = DirectoryDevice.open(lab.deviceA(), false);
             DirectoryDevice fresh = DirectoryDevice.format(c, 4096)) {
            // another workspace replaced b by c; this one's catalog still has the first generation
            MirrorDefinition def = lab.mirror();
            Mirror.replaceMember(def, def.devices().get(1), fresh, List.of(a));
        }
        try (WorkspaceSession session = WorkspaceSession.open(lab.workspace())) {
            session.workspace().addDevice(DirectoryDevice.readDescriptor(c).uuid(), c);

            MirrorRow row = MirrorsViewModel.read(session).get(0);

            assertThat(row.state()).as("not assembled, so no state at all").isNull();
            assertThat(row.note()).startsWith("device " + lab.deviceB() + " was replaced by " + c + " in mirror lab")
                    .contains("import the mirror from " + lab.deviceA());
            assertThat(session.assembled(lab.mirror().uuid())).isEmpty();
        }
    }

    @Test
    void theDevicesScreenShowsAReplacedDeviceAsRetiredAndTheMirrorsScreenItsReplacement() throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.lab(dir, (a, b, object) -> { });
        Path c = dir.resolve("drives").resolve("c");
        try (Workspace ws = Workspace.open(lab.workspace());
             DirectoryDevice a = DirectoryDevice.open(lab.deviceA(), false);
             DirectoryDevice fresh = DirectoryDevice.format(c, 4096)) {
            // as mirror replace does: the new generation on the members, then in the catalog
            MirrorDefinition next = Mirror.replaceMember(lab.mirror(), lab.mirror().devices().get(1), fresh, List.of(a));
            ws.addDevice(fresh.uuid(), c);
            ws.addMirror(next);
        }
        try (WorkspaceSession session = WorkspaceSession.open(lab.workspace())) {
            List<DeviceSummary> devices = DeviceSurvey.survey(session);
            DeviceSummary b = devices.stream().filter(d -> d.path().equals(lab.deviceB())).findFirst().orElseThrow();
            assertThat(b.mirrors()).isEmpty();
            assertThat(b.note()).isEqualTo("retired from lab (replaced by " + c + "): out of date, never assembled again");
            assertThat(devices.stream().filter(d -> d.path().equals(c)).findFirst().orElseThrow().mirrors())
                    .containsExactly("lab");

            MirrorRow row = MirrorsViewModel.read(session).get(0);
            assertThat(row.members()).extracting(MemberRow::location).containsExactly(lab.deviceA().toString(), c.toString());
            assertThat(row.note()).isNull();
        }
    }
}
