package io.tagmirror.console.mirrors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.TextFit;
import io.tagmirror.console.ui.Theme;
import io.tagmirror.serve.ServedClient;
import java.time.Instant;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A served mirror's clients, with the figures of a long run, at the width the list gets beside the
 * charts of a 1280×800 window (490 px): every figure readable, and no horizontal scroll bar.
 */
@ExtendWith(ApplicationExtension.class)
class ServedClientsListFxTest {

    private ListView<ServedClient> list;

    @Start
    void start(Stage stage) {
        Instant now = Instant.now();
        list = ServedClientsList.of(FXCollections.observableArrayList(List.of(
                new ServedClient(1, "unix socket", now.minusSeconds(3725), false, 1_234_567, 1L << 33, 9_876_543,
                        1L << 34, 123_456, 0, 11_111_110, 1_000_000),
                new ServedClient(12, "127.0.0.1:54321", now.minusSeconds(75), false, 21, 86_016, 552, 2_260_992, 81, 3,
                        654, 1_000_000))));
        Scene scene = new Scene(new StackPane(list), 490, 200);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void eachClientsFiguresAreReadWithoutAHorizontalScrollBar(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(TextFit.cutOff(list)).isEmpty();
        assertThat(robot.from(list).lookup(".scroll-bar").queryAllAs(ScrollBar.class))
                .filteredOn(bar -> bar.getOrientation() == Orientation.HORIZONTAL)
                .allSatisfy(bar -> assertThat(bar.isVisible()).as("horizontal scroll bar").isFalse());
        ServedClient first = list.getItems().get(0);
        assertThat(ServedClientsList.describe(first, first.connected().plusSeconds(3725))).isEqualTo(
                "#1 unix socket · connected 1 h 2 min\n1,234,567 reads · 9,876,543 writes · 123,456 flushes · 0 errors");
    }
}
