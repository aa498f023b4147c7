package io.tagmirror.console.mirrors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.QueuedUi;
import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.console.session.DeviceSurvey;
import io.tagmirror.console.session.MirrorFocus;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.shell.Section;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirrors screen's model on its own: states, devices offline and back, create and delete. */
class MirrorsViewModelTest {

    @TempDir
    Path dir;

    private final Notices notices = new Notices();
    private final QueuedUi ui = new QueuedUi();
    private final MirrorFocus focus = new MirrorFocus();
    private final List<Section> shown = new ArrayList<>();
    private SessionViewModel sessions;
    private MirrorsViewModel model;
    private TestWorkspaces.Lab lab;

    @BeforeEach
    void open() throws Exception {
        lab = TestWorkspaces.diverged(dir);
        sessions = new SessionViewModel(new DirectTaskRunner(), ui, notices);
        sessions.open(lab.workspace(), false, path -> { });
        ui.drain();
        model = new MirrorsViewModel(sessions, new DirectTaskRunner(), ui, notices, focus, shown::add);
        model.refresh();
    }

    @AfterEach
    void close() {
        model.close();
        sessions.close();
    }

    @Test
    void listsTheMirrorWithItsDevicesEntriesAndState() {
        MirrorRow row = model.mirrors().get(0);

        assertThat(row.name()).isEqualTo("lab");
        assertThat(row.state()).isEqualTo(MirrorState.DIVERGED);
        assertThat(row.members()).extracting(MemberRow::entries).containsExactly(16L, 12L);
        assertThat(row.members()).allSatisfy(m -> assertThat(m.online()).isTrue());
        assertThat(row.lastVerify()).isNull();
        assertThat(model.summaryProperty().get()).isEqualTo("1 mirror · 1 not in sync");
    }

    @Test
    void theLastVerifyComesFromTheHistory() throws Exception {
        sessions.getSession().workspace().recordHistory(HistoryKind.COMPARE, "lab", Outcome.DIVERGED, Map.of());
        sessions.getSession().workspace().recordHistory(HistoryKind.VERIFY, "lab", Outcome.IDENTICAL, Map.of());
        sessions.getSession().workspace().recordHistory(HistoryKind.COMPARE, "lab", Outcome.IN_SYNC, Map.of());

        model.refresh();

        assertThat(model.mirrors().get(0).lastVerify()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} · identical");
    }

    @Test
    void aDeviceTakenOfflineDegradesTheMirrorAndComesBackAsHavingMissedWrites() throws Exception {
        model.selectedProperty().set(model.mirrors().get(0));
        model.selectedMemberProperty().set(model.mirrors().get(0).members().get(1));

        model.takeOffline();
        MirrorRow offline = model.mirrors().get(0);
        assertThat(offline.state()).isEqualTo(MirrorState.DEGRADED);
        assertThat(offline.members().get(1).online()).isFalse();
        assertThat(offline.members().get(1).describeState()).isEqualTo("offline: taken offline in the console");
        assertThat(model.selectedMemberProperty().get().uuid()).isEqualTo(offline.members().get(1).uuid());
        String location = offline.members().get(1).location();
        assertThat(notices.getText()).isEqualTo(location + " is offline; lab keeps the entries of the writes it misses.");

        model.bringOnline();
        MirrorRow back = model.mirrors().get(0);
        assertThat(back.state()).isEqualTo(MirrorState.DIVERGED);
        assertThat(back.members().get(1).stale()).isTrue();
        assertThat(notices.getText()).isEqualTo(location + " is back online; compare and repair lab to settle what it missed.");
        model.bringOnline();
        assertThat(notices.getText()).isEqualTo(location + " is already online.");
        assertThat(sessions.getSession().workspace().history("lab", 10)).extracting(e -> e.kind() + ": " + e.result())
                .containsExactly("online: back online", "offline: taken offline");
    }

    @Test
    void nothingIsTakenOfflineOrDeletedUnderARunningWorkflow() throws Exception {
        MirrorRow row = model.mirrors().get(0);
        var session = sessions.getSession();
        session.lease(row.definition(), "a replay");
        model.selectedProperty().set(row);
        model.selectedMemberProperty().set(row.members().get(1));

        model.takeOffline();
        assertThat(model.mirrors().get(0).members().get(1).online()).as("still online").isTrue();
        assertThat(notices.errorProperty().get()).isTrue();
        assertThat(notices.getText()).startsWith("Cannot take " + row.members().get(1).location() + " offline")
                .endsWith("mirror lab is in use by a replay; finish or stop that first.");

        MirrorsViewModel.DeletionPlan[] plan = new MirrorsViewModel.DeletionPlan[1];
        model.planDeletion(row, p -> plan[0] = p);
        assertThat(plan[0]).as("no deletion offered").isNull();
        assertThat(notices.getText()).startsWith("Cannot delete mirror lab: mirror lab is in use by a replay");

        session.endLease(row.definition().uuid());
        model.planDeletion(row, p -> plan[0] = p);
        assertThat(plan[0]).isNotNull();
        session.lease(row.definition(), "the compare and repair wizard"); // started while the confirmation was open
        model.delete(plan[0]);
        assertThat(sessions.getSession().workspace().mirrors()).as("not deleted").hasSize(1);
        assertThat(lab.deviceA().resolve("objects").resolve(row.definition().objectId())).exists();
        assertThat(notices.getText()).contains("in use by the compare and repair wizard");

        session.endLease(row.definition().uuid());
        model.takeOffline();
        assertThat(model.mirrors().get(0).members().get(1).online()).isFalse();
    }

    @Test
    void theCreateFormChecksNameSizeAndDevices() throws Exception {
        for (String name : List.of("c", "d")) {
            try (DirectoryDevice device = DirectoryDevice.format(Files.createDirectories(dir.resolve("drives")).resolve(name),
                    4096)) {
                sessions.getSession().workspace().addDevice(device.uuid(), device.directory());
            }
        }
        List<DeviceSummary> devices = DeviceSurvey.survey(sessions.getSession());
        CreateMirrorViewModel form = new CreateMirrorViewModel(model, devices, Set.of("lab"));

        assertThat(form.problemProperty().get()).startsWith("Name the mirror");
        form.nameProperty().set("lab");
        assertThat(form.problemProperty().get()).contains("already has a mirror named lab");
        form.nameProperty().set("bad/name");
        assertThat(form.problemProperty().get()).contains("is not allowed");
        form.nameProperty().set("second");
        form.sizeProperty().set("a lot");
        assertThat(form.problemProperty().get()).contains("is not a size");
        form.sizeProperty().set("1MiB");
        assertThat(form.problemProperty().get()).startsWith("Pick at least two devices (0 picked)");
        form.pick(2, true);
        form.pick(3, true);
        form.sizeProperty().set("5000");
        assertThat(form.problemProperty().get()).contains("whole number of blocks");
        form.sizeProperty().set("1MiB");
        assertThat(form.problemProperty().get()).isNull();

        boolean[] created = {false};
        form.create(() -> created[0] = true);

        assertThat(created[0]).isTrue();
        assertThat(sessions.getSession().workspace().mirror("second")).isPresent();
        model.refresh();
        assertThat(model.mirrors()).extracting(MirrorRow::name).containsExactly("lab", "second");
        assertThat(model.mirrors().get(1).state()).isEqualTo(MirrorState.IN_SYNC);
    }

    @Test
    void aNameTakenAfterTheFormWasOpenedIsRefusedAsTheCommandLineRefusesItAndNoDeviceIsTouched() throws Exception {
        for (String name : List.of("c", "d")) {
            try (DirectoryDevice device = DirectoryDevice.format(Files.createDirectories(dir.resolve("drives")).resolve(name),
                    4096)) {
                sessions.getSession().workspace().addDevice(device.uuid(), device.directory());
            }
        }
        List<DeviceSummary> devices = DeviceSurvey.survey(sessions.getSession());
        // the form was opened before "lab" was known to it
        CreateMirrorViewModel form = new CreateMirrorViewModel(model, devices, Set.of());
        form.nameProperty().set("lab");
        form.sizeProperty().set("1MiB");
        form.pick(2, true);
        form.pick(3, true);
        assertThat(form.problemProperty().get()).isNull();

        boolean[] created = {false};
        form.create(() -> created[0] = true);

        assertThat(created[0]).isFalse();
        assertThat(form.refusalProperty().get()).isEqualTo("the workspace already has a mirror named lab");
        assertThat(DirectoryDevice.readDescriptor(dir.resolve("drives").resolve("c")).mirrors()).isEmpty();
        assertThat(sessions.getSession().workspace().mirrors()).extracting(m -> m.name()).containsExactly("lab");
    }

    @Test
    void deletingSaysWhatGoesThenRemovesTheObjectsTheRecordsAndTheCatalogEntry() throws Exception {
        MirrorRow row = model.mirrors().get(0);
        String objectId = row.definition().objectId();
        MirrorsViewModel.DeletionPlan[] plan = new MirrorsViewModel.DeletionPlan[1];

        model.planDeletion(row, p -> plan[0] = p);

        assertThat(plan[0].describe())
                .contains(lab.deviceA().resolve("objects").resolve(objectId).toString())
                .contains(lab.deviceB().resolve("objects").resolve(objectId).toString())
                .contains("device.json").contains("catalog").contains("cannot be undone");
        assertThat(lab.deviceA().resolve("objects").resolve(objectId)).exists();

        model.delete(plan[0]);

        assertThat(lab.deviceA().resolve("objects").resolve(objectId)).doesNotExist();
        assertThat(lab.deviceB().resolve("objects").resolve(objectId)).doesNotExist();
        assertThat(DirectoryDevice.readDescriptor(lab.deviceA()).mirrors()).isEmpty();
        assertThat(sessions.getSession().workspace().mirrors()).isEmpty();
        assertThat(sessions.getSession().workspace().devices()).as("the devices stay").hasSize(2);
        ui.drain();
        model.refresh();
        assertThat(model.mirrors()).isEmpty();
    }

    @Test
    void opensTheTagTablesAndTheBlockMapOfAMirror() {
        model.showTagTables(model.mirrors().get(0));
        assertThat(focus.getMirror().name()).isEqualTo("lab");
        model.showBlockMap(model.mirrors().get(0));

        assertThat(shown).containsExactly(Section.TAG_TABLES, Section.BLOCK_MAP);
    }
}
