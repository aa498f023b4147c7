package io.tagmirror.console.mirrors;

import io.tagmirror.serve.ServedClient;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The serve part of the mirrors screen: Serve and Stop with the socket options, the address with a
 * copy button, ready-made commands, the clients and live charts of read and write rates and latency
 * (animation off, one point a second, a bounded window), and the background resync's progress.
 */
final class ServeView extends VBox {

    /** Points each chart keeps: two minutes at one a second. */
    static final int WINDOW = 120;

    private final ServeViewModel model;
    private final XYChart.Series<Number, Number> read = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> write = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> latency = new XYChart.Series<>();
    private final NumberAxis rateX = axis();
    private final NumberAxis latencyX = axis();
    private long tick;
    /** The serving whose rates the charts show. */
    private io.tagmirror.operations.ServeOperation.Serving charted;

    ServeView(ServeViewModel model) {
        this.model = model;
        getStyleClass().add("split-section");
        Label heading = new Label("Serve as a disk (NBD)");
        heading.getStyleClass().add("section-heading");
        Button serve = new Button("Serve");
        serve.setId("serveMirror");
        serve.setTooltip(new Tooltip("Serve the selected mirror over NBD on its Unix socket, so QEMU, nbdfuse or nbd-client use it as a disk"));
        serve.disableProperty().bind(model.servedProperty().or(model.servedElsewhereProperty()).or(model.busyProperty())
                .or(model.statusProperty().isEmpty()));
        serve.setOnAction(event -> model.serve());
        Button stop = new Button("Stop serving");
        stop.setId("stopServing");
        stop.disableProperty().bind(model.servedProperty().not().or(model.busyProperty()));
        stop.setOnAction(event -> model.stop());
        CheckBox tcp = new CheckBox("Also TCP on loopback");
        tcp.setId("serveTcp");
        tcp.selectedProperty().bindBidirectional(model.tcpProperty());
        tcp.disableProperty().bind(model.servedProperty());
        CheckBox readOnly = new CheckBox("Read-only");
        readOnly.setId("serveReadOnly");
        readOnly.selectedProperty().bindBidirectional(model.readOnlyProperty());
        readOnly.disableProperty().bind(model.servedProperty());
        Label status = new Label();
        status.setId("serveStatus");
        status.getStyleClass().add("muted");
        status.textProperty().bind(model.statusProperty());
        // served here, the status is one line and goes before the address, a line saved for the charts
        status.visibleProperty().bind(model.servedProperty().not());
        status.managedProperty().bind(status.visibleProperty());
        Label servedHere = new Label();
        servedHere.getStyleClass().add("muted");
        servedHere.textProperty().bind(model.statusProperty());
        servedHere.setMinWidth(Region.USE_PREF_SIZE);
        Spinner<Integer> rate = new Spinner<>(1, 100_000, (int) (model.resyncRateProperty().get() >> 20), 10);
        rate.setId("serveResyncRate");
        rate.setEditable(true);
        rate.setPrefWidth(90);
        rate.setMinWidth(Region.USE_PREF_SIZE);
        rate.valueProperty().addListener((obs, old, mib) -> model.resyncRateProperty().set((long) mib << 20));
        // a mirror served here shows the rate its resyncs keep to now
        model.resyncRateProperty().addListener((obs, old, bytes) -> {
            int mib = (int) Math.max(1, bytes.longValue() >> 20);
            if (rate.getValue() != mib) {
                rate.getValueFactory().setValue(mib);
            }
        });
        Label rateLabel = new Label("Resync at most");
        rateLabel.setMinWidth(Region.USE_PREF_SIZE);
        rateLabel.setLabelFor(rate);
        Label rateUnit = new Label("MiB/s");
        rateUnit.setMinWidth(Region.USE_PREF_SIZE);
        Tooltip rateTip = new Tooltip("The most a member brought back online copies per second while the mirror is "
                + "served, so the clients keep their bandwidth (as md's sync_speed_max); a change holds at once, also for a resync"
                + " running now, whether this console or 'tagmirror serve' serves the mirror");
        rate.setTooltip(rateTip);
        rateLabel.setTooltip(rateTip);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, heading, spacer, rateLabel, rate, rateUnit, tcp, readOnly, serve, stop);
        top.getStyleClass().add("screen-toolbar");
        top.setAlignment(Pos.CENTER_LEFT);

        TextField address = new TextField();
        address.setId("serveAddress");
        address.setEditable(false);
        address.textProperty().bind(model.addressProperty());
        HBox.setHgrow(address, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.setId("copyServeAddress");
        copy.setTooltip(new Tooltip("Copy the Unix socket's NBD URI"));
        copy.disableProperty().bind(model.addressProperty().isEmpty());
        copy.setOnAction(event -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.addressProperty().get().split("  ")[0]);
            Clipboard.getSystemClipboard().setContent(content);
        });
        Button copyCommands = new Button("Copy commands");
        copyCommands.setId("copyServeCommands");
        copyCommands.disableProperty().bind(model.commandsProperty().isEmpty());
        copyCommands.setOnAction(event -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.commandsProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
        });
        HBox addressRow = new HBox(8, servedHere, address, copy, copyCommands);
        addressRow.setAlignment(Pos.CENTER_LEFT);
        addressRow.visibleProperty().bind(model.servedProperty());
        addressRow.managedProperty().bind(addressRow.visibleProperty());

        TextArea commands = new TextArea();
        commands.setId("serveCommands");
        commands.setEditable(false);
        commands.setPrefRowCount(4);
        commands.textProperty().bind(model.commandsProperty());
        commands.getStyleClass().add("mono");

        ListView<ServedClient> clients = ServedClientsList.of(model.clients());
        clients.setPrefHeight(60);
        Label rates = new Label();
        rates.setId("serveRates");
        rates.textProperty().bind(model.rateTextProperty());
        Label resync = new Label();
        resync.setId("serveResync");
        resync.textProperty().bind(model.resyncTextProperty());
        VBox left = new VBox(6, commands, rates, resync, clients);
        HBox.setHgrow(left, Priority.ALWAYS);
        left.setPrefWidth(520);

        read.setName("read");
        write.setName("write");
        latency.setName("latency");
        LineChart<Number, Number> rateChart = chart("Read and write", "MB/s", rateX, "serveRateChart");
        rateChart.getData().addAll(java.util.List.of(read, write));
        LineChart<Number, Number> latencyChart = chart("Latency", "µs", latencyX, "serveLatencyChart");
        latencyChart.getData().add(latency);
        latencyChart.setLegendVisible(false);
        HBox.setHgrow(rateChart, Priority.ALWAYS);
        HBox.setHgrow(latencyChart, Priority.ALWAYS);
        HBox live = new HBox(8, left, rateChart, latencyChart);
        live.setPrefHeight(230);
        VBox.setVgrow(live, Priority.ALWAYS);
        VBox.setVgrow(clients, Priority.ALWAYS);
        live.visibleProperty().bind(model.servedProperty());
        live.managedProperty().bind(live.visibleProperty());
        getChildren().addAll(top, status, addressRow, live);

        Timeline timer = new Timeline(new KeyFrame(Duration.seconds(1), event -> {
            if (model.servedProperty().get()) {
                model.sample(System.nanoTime());
                plot(model.ratesProperty().get());
            }
        }));
        timer.setCycleCount(Timeline.INDEFINITE);
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene == null) {
                timer.stop();
            } else {
                timer.play();
            }
        });
        // cleared for another serving only: a refresh of the list reselects the same mirror and its charts go on
        model.shownServingProperty().addListener((obs, was, now) -> {
            if (now != null && now != charted) {
                charted = now;
                read.getData().clear();
                write.getData().clear();
                latency.getData().clear();
            }
        });
    }

    private void plot(ServeRates r) {
        tick++;
        add(read, r.readBytesPerSecond() / 1e6);
        add(write, r.writeBytesPerSecond() / 1e6);
        add(latency, Math.max(0, r.meanLatencyMicros()));
        for (NumberAxis x : new NumberAxis[] {rateX, latencyX}) {
            x.setLowerBound(Math.max(0, tick - WINDOW));
            x.setUpperBound(Math.max(WINDOW, tick));
        }
    }

    private void add(XYChart.Series<Number, Number> series, double value) {
        series.getData().add(new XYChart.Data<>(tick, value));
        if (series.getData().size() > WINDOW) {
            series.getData().remove(0, series.getData().size() - WINDOW);
        }
    }

    private static NumberAxis axis() {
        NumberAxis x = new NumberAxis(0, WINDOW, 30);
        x.setLabel("seconds");
        x.setAutoRanging(false);
        x.setAnimated(false);
        return x;
    }

    private static LineChart<Number, Number> chart(String title, String unit, NumberAxis x, String id) {
        NumberAxis y = new NumberAxis();
        y.setLabel(unit);
        y.setAnimated(false);
        y.setForceZeroInRange(true);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId(id);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.getStyleClass().add("replay-chart");
        chart.setMinSize(200, 150);
        chart.setPrefWidth(300);
        return chart;
    }
}
