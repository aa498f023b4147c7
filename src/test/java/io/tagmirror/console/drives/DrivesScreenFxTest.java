package io.tagmirror.console.drives;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.ConsoleFixture;
import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.operations.DeviceAccess;
import io.tagmirror.operations.DeviceCreation;
import io.tagmirror.operations.MirrorCreation;
import io.tagmirror.operations.disks.SurveyedDrive;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeTableRow;
import javafx.scene.input.KeyCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The drives screen on a made-up machine: its disks with their partitions, the file systems below them,
 * and "Create TagMirror device" on a disk and on an image file.
 */
@ExtendWith(ApplicationExtension.class)
class DrivesScreenFxTest {

    private final ConsoleFixture console = new ConsoleFixture();

    @Start
    void start(Stage stage) {
        console.open(stage);
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        console.close();
        FxToolkit.cleanupStages();
    }

    @Test
    void disksShowWithTheirPartitionsWhatTheyCarryAndWhatUsesThem(FxRobot robot) throws Exception {
        TreeTableView<SurveyedDrive> tree = robot.lookup("#disksTree").query();
        waitFor(() -> tree.getRoot().getChildren().size() == 6);

        assertThat(rows(tree)).containsExactly(
                "/dev/sda | disk · SSD | 240 GiB | Samsung SSD 870 | S5Y1NX0R | GPT partition table | —",
                "/dev/sda1 | partition | 1.00 GiB | — | — | ext4 | ● mounted at /boot",
                "/dev/sda2 | partition | 4.00 GiB | — | — | swap | ● swap",
                "/dev/sda10 | partition | 2.00 GiB | — | — | — | —",
                "/dev/sdb | disk · rotational | 4.00 TiB | WDC WD40EFRX | WD-WCC7K1 | GPT partition table | —",
                "/dev/sdb1 | partition | 3.91 TiB | — | — | — | ● held by dm-0 (vg-data)",
                "/dev/sdc | disk · SSD · removable | 32.0 GiB | Ultra USB 3.0 | 4C530001 | — | —",
                "/dev/sdd | disk · SSD | 500 GiB | Crucial MX500 | — | unknown | —",
                "/dev/loop1 | loop device | 64.0 MiB | /var/tmp/disk.img | — | — | —",
                "/dev/dm-0 | device mapper | 3.91 TiB | vg-data | — | ext4 | ● mounted at /srv");
        assertThat(robot.lookup("#disksSummary").queryLabeled().getText()).isEqualTo("6 disks, 4 partitions");
        // the file systems where directory devices live are still listed
        TableView<DriveInfo> fileSystems = robot.lookup("#drivesTable").queryTableView();
        assertThat(fileSystems.getItems()).extracting(DriveInfo::mountPoint).containsExactly("/", "/srv/mirror-a");
    }

    @Test
    void aDiskPluggedInAndAMountAppearWithoutARefresh(FxRobot robot) throws Exception {
        TreeTableView<SurveyedDrive> tree = robot.lookup("#disksTree").query();
        waitFor(() -> tree.getRoot().getChildren().size() == 6);

        console.disks.disk("sde", "8:64", 16L << 30, "Extreme Pro", "AA01", false, true);
        console.disks.mount("8:10", "/dev/sda10", "/mnt/photos", "vfat");
        waitFor(() -> tree.getRoot().getChildren().size() == 7
                && rows(tree).contains("/dev/sda10 | partition | 2.00 GiB | — | — | — | ● mounted at /mnt/photos"));
        assertThat(rows(tree)).contains(
                "/dev/sde | disk · SSD · removable | 16.0 GiB | Extreme Pro | AA01 | unknown | —");
    }

    @Test
    void aWholeDiskIsFormattedOnlyOnceItsNameIsTypedAndThenShowsAsADevice(FxRobot robot) throws Exception {
        console.openWorkspace(console.workspace);
        Path stick = console.disks.tree().node("sdc");
        Files.delete(stick);
        console.disks.node("sdc", 64L << 20, 0, null); // an image stands in for the stick's node
        TreeTableView<SurveyedDrive> tree = robot.lookup("#disksTree").query();
        waitFor(() -> tree.getRoot().getChildren().size() == 6);

        // the row may be below the fold; the catalog opened above reads the disks again, so it is
        // clicked once it shows
        robot.interact(() -> tree.scrollTo(tree.getRow(tree.getRoot().getChildren().stream()
                .filter(item -> item.getValue().name().equals("sdc")).findFirst().orElseThrow())));
        waitFor(() -> robot.lookup("#disksTree .tree-table-row-cell").match(hasDrive("sdc")).tryQuery().isPresent());
        robot.clickOn(robot.lookup("#disksTree .tree-table-row-cell").match(hasDrive("sdc")).queryAs(Node.class));
        waitFor(() -> tree.getSelectionModel().getSelectedItem() != null
                && tree.getSelectionModel().getSelectedItem().getValue().name().equals("sdc"));
        robot.clickOn("#createOnDisk");
        waitFor(() -> robot.lookup("#createOnDriveDialog").tryQuery().isPresent());
        Button create = robot.lookup("#createOnDriveButton").queryButton();
        Label problem = robot.lookup("#createOnDriveProblem").queryAs(Label.class);
        waitFor(() -> "Type sdc to confirm that the whole disk /dev/sdc is erased.".equals(problem.getText()));
        assertThat(create.isDisabled()).isTrue();
        assertThat(create.getText()).isEqualTo("_Erase disk and create device");
        fill(robot, "#typedName", "sdb");
        assertThat(create.isDisabled()).isTrue();
        fill(robot, "#typedName", "sdc");
        assertThat(create.isDisabled()).isFalse();
        robot.clickOn(create);
        waitFor(() -> robot.lookup("#createOnDriveDialog").tryQuery().isEmpty());

        waitFor(() -> rows(tree).stream().anyMatch(r -> r.startsWith("/dev/sdc |") && r.contains("| TagMirror | ◆ spare device ")));
        robot.clickOn("#navDevices");
        TableView<DeviceSummary> devices = robot.lookup("#devicesTable").queryTableView();
        waitFor(() -> devices.getItems().size() == 1);
        assertThat(devices.getItems().get(0).path()).isEqualTo(stick);
    }

    @Test
    void enterNeverErasesAWholeDiskOnlyTheEraseButtonsOwnKeyDoes(FxRobot robot) throws Exception {
        console.openWorkspace(console.workspace);
        Path stick = console.disks.tree().node("sdc");
        Files.delete(stick);
        console.disks.node("sdc", 64L << 20, 0, null);
        String before = CreateOnDriveViewModelTest.sha256(stick);
        TreeTableView<SurveyedDrive> tree = robot.lookup("#disksTree").query();
        waitFor(() -> tree.getRoot().getChildren().size() == 6);
        selectDisk(robot, tree, "sdc");

        // the name typed and Enter pressed in its field: Enter is Cancel's, the disk stays as it was
        Button create = openCreateOnDisk(robot);
        fill(robot, "#typedName", "sdc");
        assertThat(create.isDisabled()).isFalse();
        assertThat(create.isDefaultButton()).isFalse();
        assertThat(robot.lookup("#typedName").queryAs(TextField.class).isFocused()).isTrue();
        robot.type(KeyCode.ENTER);
        waitFor(() -> robot.lookup("#createOnDriveDialog").tryQuery().isEmpty());
        assertThat(CreateOnDriveViewModelTest.sha256(stick)).isEqualTo(before);
        assertThat(console.shell.sessions().getSession().workspace().devices()).isEmpty();

        // Enter on the focused erase button does nothing either
        create = openCreateOnDisk(robot);
        fill(robot, "#typedName", "sdc");
        Button focused = create;
        robot.interact(focused::requestFocus);
        waitFor(focused::isFocused);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#createOnDriveDialog").tryQuery()).isPresent();
        assertThat(CreateOnDriveViewModelTest.sha256(stick)).isEqualTo(before);
        assertThat(console.shell.sessions().getSession().workspace().devices()).isEmpty();

        // its mnemonic, Alt+E, is a deliberate key: it erases the disk
        robot.press(KeyCode.ALT).type(KeyCode.E).release(KeyCode.ALT);
        waitFor(() -> robot.lookup("#createOnDriveDialog").tryQuery().isEmpty());
        waitFor(() -> console.shell.sessions().getSession().workspace().devices().size() == 1);
        assertThat(console.shell.sessions().getSession().workspace().devices().get(0).path()).isEqualTo(stick);
    }

    @Test
    void aLoopDeviceFromElsewhereIsScannedAndImportedFromItsRow(FxRobot robot) throws Exception {
        console.openWorkspace(console.workspace);
        List<Path> nodes = new ArrayList<>();
        try (Workspace other = Workspace.open(console.scratch.resolve("elsewhere"))) {
            for (String name : List.of("loop3", "loop4")) {
                console.disks.blockDevice(name, "7:" + name.charAt(4), 64L << 20);
                Path node = console.disks.tree().node(name);
                DeviceCreation.createImage(other, node, 64L << 20, 4096);
                nodes.add(node);
            }
            MirrorCreation.create(other, "lab", 1 << 20, nodes, DeviceAccess.exclusive());
        }
        TreeTableView<SurveyedDrive> tree = robot.lookup("#disksTree").query();
        waitFor(() -> rows(tree).stream().anyMatch(r -> r.startsWith("/dev/loop3 |")));
        selectDisk(robot, tree, "loop3");
        assertThat(rows(tree)).anyMatch(r -> r.startsWith("/dev/loop3 |") && r.endsWith("| TagMirror | ◆ not in this workspace"));

        robot.clickOn("#scanDrive");
        waitFor(() -> robot.lookup("#informDialog").tryQuery().isPresent());
        assertThat(robot.lookup("#informDialog .content").queryAs(Label.class).getText())
                .startsWith(nodes.get(0) + ": device ").contains("not in this workspace\n    mirror lab: 1.00 MiB on 2 devices");
        robot.clickOn("Close");
        waitFor(() -> robot.lookup("#informDialog").tryQuery().isEmpty());

        robot.clickOn("#importDrive");
        waitFor(() -> robot.lookup("#confirmDialog").tryQuery().isPresent());
        robot.clickOn("#confirmButton");
        waitFor(() -> rows(tree).stream().anyMatch(r -> r.startsWith("/dev/loop3 |") && r.contains("◆ member of lab (")));
        assertThat(rows(tree)).anyMatch(r -> r.startsWith("/dev/loop4 |") && r.contains("◆ member of lab ("));
        assertThat(console.shell.sessions().getSession().workspace().requireMirror("lab").devices()).hasSize(2);
        assertThat(robot.lookup("#importDrive").queryButton().isDisabled()).as("nothing left to import").isTrue();
    }

    private static void selectDisk(FxRobot robot, TreeTableView<SurveyedDrive> tree, String name) throws Exception {
        robot.interact(() -> tree.scrollTo(tree.getRow(tree.getRoot().getChildren().stream()
                .filter(item -> item.getValue().name().equals(name)).findFirst().orElseThrow())));
        waitFor(() -> robot.lookup("#disksTree .tree-table-row-cell").match(hasDrive(name)).tryQuery().isPresent());
        robot.clickOn(robot.lookup("#disksTree .tree-table-row-cell").match(hasDrive(name)).queryAs(Node.class));
        waitFor(() -> tree.getSelectionModel().getSelectedItem() != null
                && tree.getSelectionModel().getSelectedItem().getValue().name().equals(name));
    }

    /** Opens "Create TagMirror device" on the selected disk and waits for its checks; returns its create button. */
    private static Button openCreateOnDisk(FxRobot robot) throws Exception {
        robot.clickOn("#createOnDisk");
        waitFor(() -> robot.lookup("#createOnDriveDialog").tryQuery().isPresent());
        Label problem = robot.lookup("#createOnDriveProblem").queryAs(Label.class);
        waitFor(() -> problem.getText() != null && problem.getText().startsWith("Type "));
        return robot.lookup("#createOnDriveButton").queryButton();
    }

    @Test
    void anImageCarryingExt4IsRefusedUntilTheOverwriteIsTickedAndCancelLeavesItAsItWas(FxRobot robot) throws Exception {
        console.openWorkspace(console.workspace);
        Path image = CreateOnDriveViewModelTest.ext4Image(console.scratch.resolve("old.img"));
        String before = CreateOnDriveViewModelTest.sha256(image);

        robot.clickOn("#createImageDevice");
        waitFor(() -> robot.lookup("#createOnDriveDialog").tryQuery().isPresent());
        fill(robot, "#imagePath", image.toString());
        CheckBox force = robot.lookup("#forceOverwrite").queryAs(CheckBox.class);
        waitFor(force::isVisible);
        Button create = robot.lookup("#createOnDriveButton").queryButton();
        Label problem = robot.lookup("#createOnDriveProblem").queryAs(Label.class);
        assertThat(problem.getText()).startsWith("It carries ext4.");
        assertThat(create.isDisabled()).isTrue();
        assertThat(robot.lookup("#overwritten .label").queryAllAs(Label.class)).extracting(Label::getText)
                .containsExactly("• " + image + " carries ext4");
        assertThat(robot.lookup("#imageSize").queryAs(TextField.class).isDisabled()).as("an existing file keeps its size")
                .isTrue();
        robot.clickOn(force);
        assertThat(create.isDisabled()).isFalse();
        robot.clickOn("Cancel");
        waitFor(() -> robot.lookup("#createOnDriveDialog").tryQuery().isEmpty());
        assertThat(CreateOnDriveViewModelTest.sha256(image)).isEqualTo(before);
        assertThat(console.shell.sessions().getSession().workspace().devices()).isEmpty();
    }

    private static java.util.function.Predicate<Node> hasDrive(String name) {
        return node -> node instanceof TreeTableRow<?> row && row.getItem() instanceof SurveyedDrive d
                && d.name().equals(name);
    }

    /** Types into a field the way a paste would: the text arrives whole. */
    private static void fill(FxRobot robot, String query, String text) {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        robot.clickOn(field);
        robot.interact(() -> field.setText(text));
    }

    /** Each visible row's cells as text, disks and partitions in order. */
    private static List<String> rows(TreeTableView<SurveyedDrive> tree) {
        List<String> out = new ArrayList<>();
        for (TreeItem<SurveyedDrive> disk : List.copyOf(tree.getRoot().getChildren())) {
            out.add(row(tree, disk));
            for (TreeItem<SurveyedDrive> part : disk.getChildren()) {
                out.add(row(tree, part));
            }
        }
        return out;
    }

    private static String row(TreeTableView<SurveyedDrive> tree, TreeItem<SurveyedDrive> item) {
        List<String> cells = new ArrayList<>();
        for (TreeTableColumn<SurveyedDrive, ?> column : tree.getColumns()) {
            Object value = column.getCellObservableValue(item).getValue();
            cells.add(value instanceof SurveyedDrive d ? inUse(d) : value instanceof Long bytes
                    ? io.tagmirror.console.ui.ByteSize.format(bytes) : String.valueOf(value));
        }
        return String.join(" | ", cells);
    }

    /** What the "In use by" cell shows. */
    private static String inUse(SurveyedDrive d) {
        if (d.uses().isEmpty()) {
            return "—";
        }
        return (d.isBusy() ? "● " : "◆ ") + d.usedBy();
    }

    private static void waitFor(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
