package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.ScrubReport;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forgetting a device, resetting its tag table and replacing a member: each checked once, each kept in the history it belongs in. */
class DeviceOperationsTest {

    @TempDir
    Path dir;

    private Path device(String name) throws IOException {
        try (DirectoryDevice d = DirectoryDevice.format(dir.resolve(name), 4096)) {
            return d.directory();
        }
    }

    private Workspace labWorkspace(Path a, Path b) throws IOException {
        Workspace ws = Workspace.open(dir.resolve("ws"));
        MirrorCreation.create(ws, "lab", 1 << 20, List.of(a, b), DeviceAccess.exclusive());
        return ws;
    }

    @Test
    void forgettingRemovesOnlyTheCatalogRowAndRefusesADeviceTheWorkspaceDoesNotKnow() throws Exception {
        Path a = device("a");
        Path b = device("b");
        try (Workspace ws = labWorkspace(a, b)) {
            assertThatThrownBy(() -> DeviceForgetting.forget(ws, dir.resolve("elsewhere")))
                    .isInstanceOf(TagMirrorException.class).hasMessageContaining("is not a device of workspace");
            assertThat(ws.devices()).hasSize(2);

            Workspace.KnownDevice forgotten = DeviceForgetting.forget(ws, b);

            assertThat(forgotten.path()).isEqualTo(b);
            assertThat(ws.devices()).extracting(Workspace.KnownDevice::path).containsExactly(a);
            assertThat(DirectoryDevice.readDescriptor(b).mirror("lab")).as("the device itself is untouched").isPresent();
            assertThatThrownBy(() -> DeviceForgetting.forget(ws, forgotten.uuid())).isInstanceOf(TagMirrorException.class);
        }
    }

    @Test
    void aReadableTagTableIsResetOnlyWhenForcedAndEachOfItsMirrorsIsKeptAsNeedingAScrub() throws Exception {
        Path a = device("a");
        Path b = device("b");
        try (Workspace ws = labWorkspace(a, b)) {
            TagTableReset.Plan careful = TagTableReset.plan(a, false);
            assertThat(careful.readableEntries()).isPresent();
            assertThat(careful.mirrors()).containsExactly("lab");
            assertThatThrownBy(() -> TagTableReset.reset(ws, careful)).isInstanceOf(TagMirrorException.class)
                    .hasMessageContaining("add --force");
            assertThat(ws.history(null, 10)).as("a refusal keeps nothing").isEmpty();
            assertThat(Files.list(a).map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".lost-"));

            TagTableReset.Result reset = TagTableReset.reset(ws, TagTableReset.plan(a, true));

            assertThat(reset.keptAs()).exists();
            List<Workspace.HistoryEntry> history = ws.history(null, 10);
            assertThat(history).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(HistoryKind.RESET_TAGS.code());
                assertThat(e.mirror()).isEqualTo("lab");
                assertThat(e.result()).isEqualTo(Outcome.NEEDS_SCRUB.code());
            });
        }
    }

    @Test
    void replacingAMemberRecordsTheNewMembershipFillsTheNewDeviceAndKeepsItInTheHistory() throws Exception {
        Path a = device("a");
        Path b = device("b");
        Path c = device("c");
        try (Workspace ws = labWorkspace(a, b)) {
            assertThatThrownBy(() -> MemberReplacement.plan(ws, "lab", c.toString(), device("d")))
                    .isInstanceOf(TagMirrorException.class).hasMessageContaining("neither a device uuid nor a device path");
            MirrorDefinition before = ws.requireMirror("lab");

            MemberReplacement.Result result = MemberReplacement.replace(ws,
                    MemberReplacement.plan(ws, "lab", b.toString(), c), TaskMonitor.NONE);

            MirrorDefinition after = ws.requireMirror("lab");
            assertThat(after).isEqualTo(result.mirror());
            assertThat(after.generation()).isGreaterThan(before.generation());
            assertThat(after.devices()).contains(DirectoryDevice.readDescriptor(c).uuid())
                    .doesNotContain(DirectoryDevice.readDescriptor(b).uuid());
            ScrubReport scrub = result.scrub();
            assertThat(scrub.cancelled()).isFalse();
            assertThat(ws.history("lab", 10)).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(HistoryKind.REPLACE.code());
                assertThat(e.result()).isEqualTo(Outcome.REPLACED.code());
            });
        }
    }
}
