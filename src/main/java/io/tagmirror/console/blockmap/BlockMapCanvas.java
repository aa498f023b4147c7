package io.tagmirror.console.blockmap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.css.converter.PaintConverter;
import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;

/**
 * Draws a {@link BlockMapLevel} as rows of cells. Only the rows in view are drawn, on a canvas the
 * size of the view, so a map of a million cells never needs a canvas larger than the screen
 * (a canvas is capped at 16384 pixels a side).
 *
 * <p>The colours come from the stylesheet ({@code -map-clean-color} and friends); diverged cells
 * also carry a slash and conflicting ones a cross, so the map reads without colour too.
 */
public final class BlockMapCanvas extends Region {

    /** Cell pitch in pixels: the cell and the gap after it. */
    static final double PITCH = 12;
    static final double GAP = 2;

    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private BlockMapLevel level;
    private int hovered = -1;
    private int selected = -1;
    private IntConsumer onHover = cell -> { };
    private IntConsumer onSelect = cell -> { };

    private final StyleableObjectProperty<Paint> cleanColor = colour("cleanColor", Color.web("#e4e8ee"), CLEAN);
    private final StyleableObjectProperty<Paint> matchedColor = colour("matchedColor", Color.web("#8fc3e8"), MATCHED);
    private final StyleableObjectProperty<Paint> divergedColor = colour("divergedColor", Color.web("#e69f00"), DIVERGED);
    private final StyleableObjectProperty<Paint> conflictColor = colour("conflictColor", Color.web("#cc79a7"), CONFLICT);
    private final StyleableObjectProperty<Paint> markColor = colour("markColor", Color.web("#1d232b"), MARK);
    private final StyleableObjectProperty<Paint> selectionColor = colour("selectionColor", Color.web("#0b63ce"), SELECTION);

    public BlockMapCanvas() {
        getStyleClass().add("block-map");
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.valueProperty().addListener(obs -> draw());
        getChildren().addAll(canvas, scroll);
        canvas.setOnMouseMoved(event -> onHover.accept(cellAt(event.getX(), event.getY())));
        canvas.setOnMouseExited(event -> onHover.accept(-1));
        canvas.setOnMouseClicked(event -> {
            int cell = cellAt(event.getX(), event.getY());
            if (cell >= 0) {
                onSelect.accept(cell);
            }
        });
        setOnScroll(event -> scroll.setValue(clamp(scroll.getValue() - Math.signum(event.getDeltaY()) * 3)));
    }

    /** Shows {@code next}; null draws nothing. */
    public void setLevel(BlockMapLevel next) {
        level = next;
        scroll.setValue(0);
        requestLayout();
        draw();
    }

    public void setHovered(int cell) {
        hovered = cell;
        draw();
    }

    public void setSelected(int cell) {
        selected = cell;
        draw();
    }

    public void setOnHover(IntConsumer handler) {
        onHover = handler;
    }

    public void setOnSelect(IntConsumer handler) {
        onSelect = handler;
    }

    /** Cells per row at the current width. */
    int columns() {
        return Math.max(1, (int) ((canvas.getWidth() - GAP) / PITCH));
    }

    int rows() {
        return level == null ? 0 : (level.cells() + columns() - 1) / columns();
    }

    /** The cell under a point of the canvas, or -1. */
    int cellAt(double x, double y) {
        if (level == null || x < GAP || y < GAP) {
            return -1;
        }
        int column = (int) ((x - GAP) / PITCH);
        int row = (int) ((y - GAP) / PITCH) + (int) scroll.getValue();
        if (column >= columns()) {
            return -1;
        }
        int cell = row * columns() + column;
        return cell < level.cells() ? cell : -1;
    }

    /** Where cell {@code cell} is drawn, in the canvas's coordinates; for tests that click a cell. */
    public double[] centreOf(int cell) {
        int columns = columns();
        int row = cell / columns - (int) scroll.getValue();
        return new double[] {GAP + (cell % columns) * PITCH + (PITCH - GAP) / 2, GAP + row * PITCH + (PITCH - GAP) / 2};
    }

    /** Scrolls so that cell {@code cell} is in view. */
    public void reveal(int cell) {
        int row = cell / columns();
        int visible = visibleRows();
        if (row < scroll.getValue() || row >= scroll.getValue() + visible) {
            scroll.setValue(clamp(row - visible / 2.0));
        }
    }

    public Canvas canvas() {
        return canvas;
    }

    private int visibleRows() {
        return Math.max(1, (int) ((canvas.getHeight() - GAP) / PITCH));
    }

    private double clamp(double value) {
        return Math.max(scroll.getMin(), Math.min(scroll.getMax(), Math.floor(value)));
    }

    @Override
    protected void layoutChildren() {
        double barWidth = scroll.prefWidth(-1);
        double width = Math.max(0, getWidth() - barWidth);
        double height = Math.max(0, getHeight());
        canvas.setWidth(width);
        canvas.setHeight(height);
        canvas.relocate(0, 0);
        scroll.resizeRelocate(width, 0, barWidth, height);
        int hidden = Math.max(0, rows() - visibleRows());
        scroll.setMax(hidden);
        scroll.setVisibleAmount(Math.max(1, visibleRows()));
        scroll.setVisible(hidden > 0);
        if (scroll.getValue() > hidden) {
            scroll.setValue(hidden);
        }
        draw();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 600;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 400;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (level == null) {
            return;
        }
        int columns = columns();
        int firstRow = (int) scroll.getValue();
        int lastRow = firstRow + visibleRows() + 1;
        double size = PITCH - GAP;
        for (int row = firstRow; row < lastRow; row++) {
            for (int column = 0; column < columns; column++) {
                int cell = row * columns + column;
                if (cell >= level.cells()) {
                    return;
                }
                double x = GAP + column * PITCH;
                double y = GAP + (row - firstRow) * PITCH;
                byte state = level.state(cell);
                g.setFill(fill(state));
                g.fillRect(x, y, size, size);
                if (state == BlockMapData.DIVERGED || state == BlockMapData.CONFLICT) {
                    g.setStroke(markColor.get());
                    g.setLineWidth(1.2);
                    g.strokeLine(x + 2, y + size - 2, x + size - 2, y + 2);
                    if (state == BlockMapData.CONFLICT) {
                        g.strokeLine(x + 2, y + 2, x + size - 2, y + size - 2);
                    }
                }
                if (cell == selected || cell == hovered) {
                    g.setStroke(selectionColor.get());
                    g.setLineWidth(cell == selected ? 2.5 : 1.5);
                    g.strokeRect(x - 0.5, y - 0.5, size + 1, size + 1);
                }
            }
        }
    }

    private Paint fill(byte state) {
        return switch (state) {
            case BlockMapData.MATCHED -> matchedColor.get();
            case BlockMapData.DIVERGED -> divergedColor.get();
            case BlockMapData.CONFLICT -> conflictColor.get();
            default -> cleanColor.get();
        };
    }

    // ---- Colours from CSS ----

    private StyleableObjectProperty<Paint> colour(String name, Paint initial, CssMetaData<BlockMapCanvas, Paint> meta) {
        StyleableObjectProperty<Paint> property = new StyleableObjectProperty<>(initial) {
            @Override
            public Object getBean() {
                return BlockMapCanvas.this;
            }

            @Override
            public String getName() {
                return name;
            }

            @Override
            public CssMetaData<BlockMapCanvas, Paint> getCssMetaData() {
                return meta;
            }

            @Override
            protected void invalidated() {
                draw();
            }
        };
        return property;
    }

    private static CssMetaData<BlockMapCanvas, Paint> meta(String property, Color initial,
                                                            Function<BlockMapCanvas, StyleableObjectProperty<Paint>> get) {
        return new CssMetaData<>(property, PaintConverter.getInstance(), initial) {
            @Override
            public boolean isSettable(BlockMapCanvas node) {
                return !get.apply(node).isBound();
            }

            @Override
            public StyleableProperty<Paint> getStyleableProperty(BlockMapCanvas node) {
                return get.apply(node);
            }
        };
    }

    private static final CssMetaData<BlockMapCanvas, Paint> CLEAN = meta("-map-clean-color", Color.web("#e4e8ee"), n -> n.cleanColor);
    private static final CssMetaData<BlockMapCanvas, Paint> MATCHED = meta("-map-matched-color", Color.web("#8fc3e8"), n -> n.matchedColor);
    private static final CssMetaData<BlockMapCanvas, Paint> DIVERGED = meta("-map-diverged-color", Color.web("#e69f00"), n -> n.divergedColor);
    private static final CssMetaData<BlockMapCanvas, Paint> CONFLICT = meta("-map-conflict-color", Color.web("#cc79a7"), n -> n.conflictColor);
    private static final CssMetaData<BlockMapCanvas, Paint> MARK = meta("-map-mark-color", Color.web("#1d232b"), n -> n.markColor);
    private static final CssMetaData<BlockMapCanvas, Paint> SELECTION = meta("-map-selection-color", Color.web("#0b63ce"), n -> n.selectionColor);

    private static final List<CssMetaData<? extends Styleable, ?>> STYLEABLES;

    static {
        List<CssMetaData<? extends Styleable, ?>> all = new ArrayList<>(Region.getClassCssMetaData());
        all.addAll(List.of(CLEAN, MATCHED, DIVERGED, CONFLICT, MARK, SELECTION));
        STYLEABLES = List.copyOf(all);
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return STYLEABLES;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return STYLEABLES;
    }
}
