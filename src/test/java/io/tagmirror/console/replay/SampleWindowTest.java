package io.tagmirror.console.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class SampleWindowTest {

    @Test
    void keepsOnlyTheNewestPointsHoweverLongTheRun() {
        ObservableList<Integer> points = FXCollections.observableArrayList();
        for (int batch = 0; batch < 1000; batch++) {
            int from = batch * 7;
            SampleWindow.append(points, IntStream.range(from, from + 7).boxed().toList(), 480);
        }
        assertThat(points).hasSize(480);
        assertThat(points.get(479)).isEqualTo(6999);
        assertThat(points.get(0)).isEqualTo(6999 - 479);
    }

    @Test
    void aBatchChangesTheListAtMostTwiceSoChartsRedrawOnce() {
        ObservableList<Integer> points = FXCollections.observableArrayList(IntStream.range(0, 10).boxed().toList());
        List<String> changes = new ArrayList<>();
        points.addListener((ListChangeListener<Integer>) c -> {
            while (c.next()) {
                changes.add((c.wasRemoved() ? "-" + c.getRemovedSize() : "") + (c.wasAdded() ? "+" + c.getAddedSize() : ""));
            }
        });
        SampleWindow.append(points, List.of(10, 11, 12), 10);
        assertThat(changes).containsExactly("-3", "+3");
        assertThat(points).containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void aBatchLargerThanTheWindowKeepsItsNewestPoints() {
        List<Integer> points = new ArrayList<>(List.of(1, 2));
        SampleWindow.append(points, List.of(3, 4, 5, 6), 3);
        assertThat(points).containsExactly(4, 5, 6);
    }
}
