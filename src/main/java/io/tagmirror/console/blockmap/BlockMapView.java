package io.tagmirror.console.blockmap;

import io.tagmirror.console.ui.Badge;
import io.tagmirror.engine.MirrorDefinition;
import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The block map screen's nodes: the mirror chooser, zoom and compare, the map, what the pointer is
 * over, and the legend; bound to a {@link BlockMapViewModel}.
 */
public final class BlockMapView extends VBox {

    public BlockMapView(BlockMapViewModel model, ObservableList<MirrorDefinition> mirrors) {
        getStyleClass().add("block-map-view");
        BlockMapCanvas map = new BlockMapCanvas();
        map.setId("blockMap");
        map.setOnHover(model::hover);
        map.setOnSelect(model::select);
        model.levelProperty().addListener((obs, old, level) -> map.setLevel(level));
        map.setLevel(model.levelProperty().get());
        model.hoveredCellProperty().addListener((obs, old, cell) -> map.setHovered(cell.intValue()));
        model.selectedCellProperty().addListener((obs, old, cell) -> map.setSelected(cell.intValue()));

        Label empty = new Label();
        empty.getStyleClass().add("empty-state-text");
        empty.textProperty().bind(Bindings.createStringBinding(() -> model.mirrorProperty().get() == null
                ? "Choose a mirror to draw its blocks." : "Drawing the block map…", model.mirrorProperty()));
        empty.visibleProperty().bind(model.levelProperty().isNull());
        StackPane area = new StackPane(map, empty);
        area.getStyleClass().add("block-map-area");
        VBox.setVgrow(area, Priority.ALWAYS);

        Label hover = new Label();
        hover.setId("blockMapHover");
        hover.getStyleClass().add("block-map-hover");
        hover.setWrapText(true);
        hover.textProperty().bind(Bindings.createStringBinding(() -> model.hoverTextProperty().get().isEmpty()
                ? "Point at a cell to see its blocks and entries; click it to select those entries in the tag tables."
                : model.hoverTextProperty().get(), model.hoverTextProperty()));

        Label status = new Label();
        status.setId("blockMapStatus");
        status.getStyleClass().add("muted");
        status.textProperty().bind(model.statusProperty());
        status.setMinWidth(0);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(model.statusProperty());
        status.setTooltip(whole);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bottom = new HBox(12, legend(model), spacer, status);
        bottom.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(bottom.getChildren().get(0), Priority.NEVER);

        getChildren().addAll(toolbar(model, mirrors), area, hover, bottom);
    }

    private static HBox toolbar(BlockMapViewModel model, ObservableList<MirrorDefinition> mirrors) {
        ComboBox<MirrorDefinition> mirror = new ComboBox<>(mirrors);
        mirror.setId("blockMapMirror");
        mirror.setPromptText("Choose a mirror");
        mirror.setButtonCell(new MirrorCell());
        mirror.setCellFactory(list -> new MirrorCell());
        mirror.valueProperty().bindBidirectional(model.mirrorProperty());

        Button zoomIn = new Button("+");
        zoomIn.setId("zoomIn");
        zoomIn.setTooltip(new Tooltip("Smaller cells: more detail"));
        zoomIn.disableProperty().bind(model.zoomOutProperty().lessThanOrEqualTo(0).or(model.levelProperty().isNull()));
        zoomIn.setOnAction(event -> model.zoomIn());
        Button zoomOut = new Button("−");
        zoomOut.setId("zoomOut");
        zoomOut.setTooltip(new Tooltip("Larger cells: more of the volume at once"));
        zoomOut.disableProperty().bind(model.zoomOutProperty().greaterThanOrEqualTo(model.maxZoomOutProperty())
                .or(model.levelProperty().isNull()));
        zoomOut.setOnAction(event -> model.zoomOut());
        Label scale = new Label();
        scale.setId("blockMapScale");
        scale.getStyleClass().add("muted");
        scale.textProperty().bind(model.scaleProperty());

        Button compare = new Button("Compare now");
        compare.setId("compareNow");
        compare.setTooltip(new Tooltip("Compare the devices' tag tables and data, and draw the ranges that differ; "
                + "nothing is copied"));
        compare.disableProperty().bind(model.busyProperty().or(model.levelProperty().isNull()));
        compare.setOnAction(event -> model.compare());

        ProgressIndicator busy = new ProgressIndicator();
        busy.getStyleClass().add("small-busy");
        busy.visibleProperty().bind(model.busyProperty());
        busy.managedProperty().bind(busy.visibleProperty());
        HBox bar = new HBox(new Label("Mirror"), mirror, zoomOut, zoomIn, scale, compare, busy);
        bar.getChildren().forEach(node -> {
            if (node instanceof Region region) {
                region.setMinWidth(Region.USE_PREF_SIZE);
            }
        });
        bar.getStyleClass().add("screen-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static HBox legend(BlockMapViewModel model) {
        Label clean = swatch("legend-clean", "No entries");
        Label matched = swatch("legend-matched", "Entries on every device");
        Label diverged = Badge.of("/", "Diverged", Badge.DIVERGED);
        Label conflict = Badge.of("✕", "Conflict", Badge.CONFLICT);
        HBox legend = new HBox(16, clean, matched, diverged, conflict);
        legend.setId("blockMapLegend");
        legend.getStyleClass().add("block-map-legend");
        legend.setAlignment(Pos.CENTER_LEFT);
        legend.setMinWidth(Region.USE_PREF_SIZE);
        return legend;
    }

    private static Label swatch(String styleClass, String text) {
        Region box = new Region();
        box.getStyleClass().addAll("legend-swatch", styleClass);
        Label label = new Label(text, box);
        label.getStyleClass().add("legend-item");
        return label;
    }

    /** A mirror by name in the chooser. */
    private static final class MirrorCell extends ListCell<MirrorDefinition> {
        @Override
        protected void updateItem(MirrorDefinition mirror, boolean empty) {
            super.updateItem(mirror, empty);
            setText(empty || mirror == null ? null : mirror.name());
        }
    }
}
