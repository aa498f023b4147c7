package io.tagmirror.console.drives;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.ConsoleFixture;
import io.tagmirror.operations.disks.SurveyedDrive;
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

/** The drives screen on a made-up machine: its disks with their partitions, the file systems below them. */
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
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
