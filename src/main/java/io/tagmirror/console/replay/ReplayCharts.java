package io.tagmirror.console.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javafx.collections.ListChangeListener;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;

/**
 * The replay's live charts: write rate, throughput, latency percentiles and entries per device over
 * time. Animation is off and points arrive in batches; each series holds only the view model's bounded
 * window, so a long run draws as fast as a short one.
 */
final class ReplayCharts extends GridPane {

    private final ReplayViewModel model;
    private final List<Chart> charts = new ArrayList<>();
    private final Chart entries;

    /** One chart and how each of its series reads a sample. */
    private static final class Chart {
        final LineChart<Number, Number> chart;
        final NumberAxis x;
        final List<ToDoubleFunction<ReplaySample>> values = new ArrayList<>();

        Chart(String title, String unit, String id) {
            x = new NumberAxis();
            x.setLabel("seconds");
            x.setAutoRanging(false);
            x.setAnimated(false);
            x.setForceZeroInRange(false);
            NumberAxis y = new NumberAxis();
            y.setLabel(unit);
            y.setAnimated(false);
            y.setForceZeroInRange(true);
            chart = new LineChart<>(x, y);
            chart.setId(id);
            chart.setTitle(title);
            chart.setAnimated(false);
            chart.setCreateSymbols(false);
            chart.getStyleClass().add("replay-chart");
            chart.setMinSize(200, 150);
        }

        void series(String name, ToDoubleFunction<ReplaySample> value) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(name);
            chart.getData().add(s);
            values.add(value);
        }
    }

    ReplayCharts(ReplayViewModel model) {
        this.model = model;
        getStyleClass().add("replay-charts");
        Chart rate = new Chart("Write rate", "writes/s", "chartRate");
        rate.series("writes/s", ReplaySample::writesPerSecond);
        rate.chart.setLegendVisible(false);
        Chart throughput = new Chart("Throughput", "MB/s", "chartThroughput");
        throughput.series("MB/s", ReplaySample::megabytesPerSecond);
        throughput.chart.setLegendVisible(false);
        Chart latency = new Chart("Write latency", "µs", "chartLatency");
        latency.series("p50", ReplaySample::p50);
        latency.series("p99", ReplaySample::p99);
        entries = new Chart("Entries per device", "entries", "chartEntries");
        charts.addAll(List.of(rate, throughput, latency, entries));
        add(rate.chart, 0, 0);
        add(throughput.chart, 1, 0);
        add(latency.chart, 0, 1);
        add(entries.chart, 1, 1);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            c.setHgrow(Priority.ALWAYS);
            getColumnConstraints().add(c);
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(50);
            r.setVgrow(Priority.ALWAYS);
            getRowConstraints().add(r);
        }
        model.seriesNames().addListener((ListChangeListener<String>) c -> nameDevices());
        model.samples().addListener(this::onSamples);
    }

    private void nameDevices() {
        entries.chart.getData().clear();
        entries.values.clear();
        List<String> names = model.seriesNames();
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            entries.series(names.get(i), s -> index < s.entries().size() ? Math.max(0, s.entries().get(index)) : 0);
        }
        // Points that arrived before the names are drawn now.
        for (ReplaySample s : model.samples()) {
            for (int k = 0; k < entries.values.size(); k++) {
                entries.chart.getData().get(k).getData().add(new XYChart.Data<>(s.seconds(),
                        entries.values.get(k).applyAsDouble(s)));
            }
        }
    }

    private void onSamples(ListChangeListener.Change<? extends ReplaySample> change) {
        while (change.next()) {
            if (change.wasRemoved() && change.getFrom() == 0 && !change.wasAdded()) {
                int n = change.getRemovedSize();
                for (Chart c : charts) {
                    for (XYChart.Series<Number, Number> s : c.chart.getData()) {
                        s.getData().remove(0, Math.min(n, s.getData().size()));
                    }
                }
            } else if (change.wasRemoved()) {
                // A new run cleared the list.
                for (Chart c : charts) {
                    c.chart.getData().forEach(s -> s.getData().clear());
                }
            }
            if (change.wasAdded()) {
                List<? extends ReplaySample> added = change.getAddedSubList();
                for (Chart c : charts) {
                    for (int k = 0; k < c.values.size(); k++) {
                        List<XYChart.Data<Number, Number>> points = new ArrayList<>(added.size());
                        for (ReplaySample s : added) {
                            points.add(new XYChart.Data<>(s.seconds(), c.values.get(k).applyAsDouble(s)));
                        }
                        c.chart.getData().get(k).getData().addAll(points);
                    }
                }
            }
        }
        rescale();
    }

    private void rescale() {
        List<ReplaySample> samples = model.samples();
        double from = samples.isEmpty() ? 0 : samples.get(0).seconds();
        double to = samples.isEmpty() ? 10 : Math.max(samples.get(samples.size() - 1).seconds(), from + 10);
        double span = to - from;
        double tick = span <= 20 ? 2 : span <= 60 ? 10 : 20;
        for (Chart c : charts) {
            c.x.setLowerBound(Math.floor(from));
            c.x.setUpperBound(Math.ceil(to));
            c.x.setTickUnit(tick);
        }
    }
}
