package io.tagmirror.console.repair;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.Verdict;
import java.util.List;
import java.util.Locale;
import javafx.beans.value.ObservableValue;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.util.Duration;

/**
 * The volume drawn as a grid of cells, each a run of blocks, coloured by what the repair does there:
 * copy, conflict, only entries to settle, or nothing. Colours come from the stylesheet so they follow
 * the theme; the legend beside it pairs each with a word.
 */
final class RangeMap extends Region {

    /** Nothing named here. */
    static final byte EMPTY = 0;
    /** Only entries of blocks identical everywhere: the repair deletes them. */
    static final byte SETTLED = 1;
    /** The repair copies blocks here. */
    static final byte COPY = 2;
    /** A conflict the repair leaves. */
    static final byte CONFLICT = 3;

    private static final StyleablePropertyFactory<RangeMap> FACTORY =
            new StyleablePropertyFactory<>(Region.getClassCssMetaData());
    private static final double CELL = 9;
    private static final double GAP = 1;

    private final StyleableProperty<Color> emptyColor = FACTORY.createStyleableColorProperty(this, "emptyColor",
            "-tm-map-empty", m -> m.emptyColor, Color.LIGHTGRAY);
    private final StyleableProperty<Color> settledColor = FACTORY.createStyleableColorProperty(this, "settledColor",
            "-tm-map-settled", m -> m.settledColor, Color.LIGHTBLUE);
    private final StyleableProperty<Color> copyColor = FACTORY.createStyleableColorProperty(this, "copyColor",
            "-tm-map-copy", m -> m.copyColor, Color.ORANGE);
    private final StyleableProperty<Color> conflictColor = FACTORY.createStyleableColorProperty(this, "conflictColor",
            "-tm-map-conflict", m -> m.conflictColor, Color.PURPLE);

    private final Canvas canvas = new Canvas();
    private final Tooltip tip = new Tooltip();
    private long[] rangeStarts = new long[0];
    private long[] rangeEnds = new long[0];
    private byte[] blockStates = new byte[0];
    private long volumeBlocks = 1;
    private int columns = 1;
    private long blocksPerCell = 1;
    private byte[] cells = new byte[0];

    RangeMap() {
        getStyleClass().add("range-map");
        getChildren().add(canvas);
        for (StyleableProperty<Color> p : List.of(emptyColor, settledColor, copyColor, conflictColor)) {
            @SuppressWarnings("unchecked")
            ObservableValue<Color> value = (ObservableValue<Color>) p;
            value.addListener(obs -> draw());
        }
        tip.setShowDelay(Duration.millis(150));
        Tooltip.install(this, tip);
        setOnMouseMoved(e -> tip.setText(describe(e.getX(), e.getY())));
    }

    /** Shows the plan for {@code report} over a volume of {@code blocks} blocks. */
    void show(CompareReport report, List<PlanRow> rows, long blocks) {
        volumeBlocks = Math.max(1, blocks);
        // Kept per range, not per block: cells are recomputed from these at every size.
        int n = report == null ? 0 : report.ranges().size();
        long[] starts = new long[n];
        long[] ends = new long[n];
        byte[] states = new byte[n];
        if (report != null) {
            List<DiffRange> ranges = report.ranges();
            for (int i = 0; i < n; i++) {
                DiffRange r = ranges.get(i);
                starts[i] = r.firstBlock();
                ends[i] = r.endBlock();
                states[i] = r.verdict() == Verdict.IN_SYNC ? SETTLED : r.verdict().needsDecision() ? CONFLICT : COPY;
            }
            for (PlanRow row : rows) {
                if (row.needsDecision() && row.choice().decides()) {
                    states[row.index()] = COPY;
                }
            }
        }
        this.rangeStarts = starts;
        this.rangeEnds = ends;
        this.blockStates = states;
        requestLayout();
        draw();
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth() - snappedLeftInset() - snappedRightInset());
        double h = snapSizeY(getHeight() - snappedTopInset() - snappedBottomInset());
        canvas.relocate(snappedLeftInset(), snappedTopInset());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(Math.max(0, w));
            canvas.setHeight(Math.max(0, h));
            draw();
        }
    }

    @Override
    protected double computePrefHeight(double width) {
        return 96 + snappedTopInset() + snappedBottomInset();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        double pitch = CELL + GAP;
        columns = Math.max(1, (int) ((w + GAP) / pitch));
        int rowsFit = Math.max(1, (int) ((h + GAP) / pitch));
        long wanted = Math.min((long) columns * rowsFit, volumeBlocks);
        blocksPerCell = Math.max(1, (volumeBlocks + wanted - 1) / wanted);
        int count = (int) ((volumeBlocks + blocksPerCell - 1) / blocksPerCell);
        cells = new byte[count];
        for (int i = 0; i < blockStates.length; i++) {
            int from = (int) (rangeStarts[i] / blocksPerCell);
            int to = (int) Math.min(count - 1, (rangeEnds[i] - 1) / blocksPerCell);
            for (int c = from; c <= to; c++) {
                cells[c] = (byte) Math.max(cells[c], blockStates[i]);
            }
        }
        for (int c = 0; c < count; c++) {
            double x = (c % columns) * pitch;
            double y = (c / columns) * pitch;
            if (cells[c] == SETTLED) {
                // Settled blocks need nothing copied: drawn as a dot, so the copies stand out.
                g.setFill(colour(EMPTY));
                g.fillRect(x, y, CELL, CELL);
                g.setFill(colour(SETTLED));
                g.fillRect(x + 2, y + 2, CELL - 4, CELL - 4);
            } else {
                g.setFill(colour(cells[c]));
                g.fillRect(x, y, CELL, CELL);
            }
        }
    }

    private Color colour(byte state) {
        return switch (state) {
            case SETTLED -> settledColor.getValue();
            case COPY -> copyColor.getValue();
            case CONFLICT -> conflictColor.getValue();
            default -> emptyColor.getValue();
        };
    }

    private String describe(double x, double y) {
        double pitch = CELL + GAP;
        int c = (int) (y / pitch) * columns + (int) (x / pitch);
        if (x / pitch >= columns || c < 0 || c >= cells.length) {
            return "";
        }
        long first = c * blocksPerCell;
        long last = Math.min(volumeBlocks, first + blocksPerCell) - 1;
        String what = switch (cells[c]) {
            case SETTLED -> "entries only: identical on every device";
            case COPY -> "copied by the repair";
            case CONFLICT -> "left for later: a conflict or a torn newest write";
            default -> "nothing named";
        };
        return String.format(Locale.ROOT, "blocks %,d–%,d: %s", first, last, what);
    }

    /** The state of each drawn cell, for tests. */
    byte[] cells() {
        return cells.clone();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return FACTORY.getCssMetaData();
    }
}
