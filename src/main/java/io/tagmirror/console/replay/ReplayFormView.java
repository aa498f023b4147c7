package io.tagmirror.console.replay;

import io.tagmirror.console.workflow.FilePicker;
import io.tagmirror.workload.pattern.PatternKind;
import io.tagmirror.workload.trace.TraceFit;
import io.tagmirror.workload.trace.TraceFormat;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The replay form's nodes, bound to a {@link ReplayFormViewModel}; disabled while a replay runs. */
final class ReplayFormView extends VBox {

    /** Pseudo-class of an input whose value is wrong. */
    private static final PseudoClass WRONG = PseudoClass.getPseudoClass("wrong");

    ReplayFormView(ReplayFormViewModel form, FilePicker files) {
        getStyleClass().add("replay-form");
        getChildren().addAll(section("Mirror"), mirrorRow(form),
                section("Workload"), workload(form, files),
                section("Writers and pace"), pace(form),
                section("Faults"), faults(form),
                notes(form));
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-section");
        return label;
    }

    private static Node mirrorRow(ReplayFormViewModel form) {
        ComboBox<String> mirror = new ComboBox<>(form.mirrors());
        mirror.setId("replayMirror");
        mirror.setMaxWidth(Double.MAX_VALUE);
        mirror.valueProperty().bindBidirectional(form.mirrorProperty());
        return withProblem(mirror, form.problemProperty(FormField.MIRROR));
    }

    private static Node workload(ReplayFormViewModel form, FilePicker files) {
        ToggleGroup kind = new ToggleGroup();
        RadioButton pattern = new RadioButton("Synthetic pattern");
        pattern.setId("replayPatternSource");
        pattern.setToggleGroup(kind);
        RadioButton trace = new RadioButton("Trace file");
        trace.setId("replayTraceSource");
        trace.setToggleGroup(kind);
        kind.selectToggle(form.sourceProperty().get() == ReplayFormViewModel.Source.TRACE ? trace : pattern);
        kind.selectedToggleProperty().addListener((obs, old, now) -> form.sourceProperty().set(
                now == trace ? ReplayFormViewModel.Source.TRACE : ReplayFormViewModel.Source.PATTERN));
        form.sourceProperty().addListener((obs, old, now) ->
                kind.selectToggle(now == ReplayFormViewModel.Source.TRACE ? trace : pattern));
        HBox choice = new HBox(pattern, trace);
        choice.getStyleClass().add("button-row");

        GridPane patternGrid = grid();
        ComboBox<PatternKind> kinds = new ComboBox<>();
        kinds.getItems().setAll(PatternKind.values());
        kinds.setId("replayPattern");
        kinds.valueProperty().bindBidirectional(form.patternProperty());
        kinds.setMaxWidth(Double.MAX_VALUE);
        patternGrid.addRow(0, label("Pattern"), withProblem(kinds, form.problemProperty(FormField.PATTERN)));
        patternGrid.addRow(1, label("Operations"), checked(form, FormField.COUNT, field(form.countProperty(),
                "replayCount", "e.g. 2000")));
        patternGrid.addRow(2, label("Write size"), checked(form, FormField.SIZES, field(form.sizesProperty(),
                "replaySizes", "4k, or 4k-64k")));
        patternGrid.addRow(3, label("Seed"), checked(form, FormField.SEED, field(form.seedProperty(), "replaySeed",
                "a whole number")));
        showWhen(patternGrid, form, ReplayFormViewModel.Source.PATTERN);

        GridPane traceGrid = grid();
        TextField file = field(form.traceProperty(), "replayTrace", "fio iolog, blkparse text or MSR CSV");
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> files.open(browse.getScene().getWindow(), "Choose a trace to replay")
                .ifPresent(p -> form.traceProperty().set(p.toString())));
        HBox fileRow = new HBox(file, browse);
        fileRow.getStyleClass().add("button-row");
        HBox.setHgrow(file, Priority.ALWAYS);
        ComboBox<TraceFormat> format = new ComboBox<>();
        format.getItems().add(null);
        format.getItems().addAll(TraceFormat.values());
        format.setConverter(named(f -> f == null ? "told from the file" : f.toString()));
        format.valueProperty().bindBidirectional(form.formatProperty());
        format.setMaxWidth(Double.MAX_VALUE);
        ComboBox<TraceFit.Fit> fit = new ComboBox<>();
        fit.getItems().setAll(TraceFit.Fit.values());
        fit.setConverter(named(f -> f == null ? "" : switch (f) {
            case REFUSE -> "refuse a trace larger than the mirror";
            case WRAP -> "wrap offsets around the mirror";
            case SCALE -> "scale offsets down to the mirror";
        }));
        fit.valueProperty().bindBidirectional(form.fitProperty());
        fit.setMaxWidth(Double.MAX_VALUE);
        traceGrid.addRow(0, label("File"), checked(form, FormField.TRACE, fileRow));
        traceGrid.addRow(1, label("Format"), format);
        traceGrid.addRow(2, label("Fit"), fit);
        traceGrid.addRow(3, label("Data seed"), checked(form, FormField.SEED, field(form.seedProperty(),
                "replayTraceSeed", "a whole number")));
        showWhen(traceGrid, form, ReplayFormViewModel.Source.TRACE);
        return new VBox(choice, patternGrid, traceGrid);
    }

    private static Node pace(ReplayFormViewModel form) {
        GridPane grid = grid();
        grid.addRow(0, label("Writers"), checked(form, FormField.WRITERS, field(form.writersProperty(),
                "replayWriters", "generators at once")));
        grid.addRow(1, label("Queue depth"), checked(form, FormField.QUEUE_DEPTH, field(form.queueDepthProperty(),
                "replayQueueDepth", "writes in flight")));
        grid.addRow(2, label("Writes/s"), checked(form, FormField.RATE, field(form.rateLimitProperty(), "replayRate",
                "full speed")));
        grid.addRow(3, label("Stop after"), checked(form, FormField.LIMIT, field(form.limitProperty(), "replayLimit",
                "all writes")));
        return grid;
    }

    private static Node faults(ReplayFormViewModel form) {
        CheckBox crash = new CheckBox("Host crashes in write");
        crash.setId("replayCrash");
        crash.selectedProperty().bindBidirectional(form.crashProperty());
        TextField crashAfter = field(form.crashAfterProperty(), "replayCrashAfter", "N");
        crashAfter.disableProperty().bind(form.crashProperty().not());
        crashAfter.setPrefColumnCount(7);
        HBox crashRow = new HBox(crash, crashAfter);
        crashRow.getStyleClass().add("button-row");
        crashRow.setAlignment(Pos.CENTER_LEFT);
        markWhen(crashAfter, form.problemProperty(FormField.CRASH_AFTER));
        Label crashProblem = problemLabel(form.problemProperty(FormField.CRASH_AFTER));

        VBox windows = new VBox();
        windows.getStyleClass().add("fault-rows");
        Runnable fillWindows = () -> {
            windows.getChildren().clear();
            for (ReplayFormViewModel.OfflineRow row : form.offline()) {
                windows.getChildren().add(offlineRow(form, row));
            }
        };
        form.offline().addListener((ListChangeListener<ReplayFormViewModel.OfflineRow>) c -> {
            boolean structural = false;
            while (c.next()) {
                structural |= c.wasAdded() || c.wasRemoved();
            }
            if (structural) {
                fillWindows.run();
            }
        });
        VBox tears = new VBox();
        tears.getStyleClass().add("fault-rows");
        Runnable fillTears = () -> {
            tears.getChildren().clear();
            for (ReplayFormViewModel.TearRow row : form.tears()) {
                tears.getChildren().add(tearRow(form, row));
            }
        };
        form.tears().addListener((ListChangeListener<ReplayFormViewModel.TearRow>) c -> {
            boolean structural = false;
            while (c.next()) {
                structural |= c.wasAdded() || c.wasRemoved();
            }
            if (structural) {
                fillTears.run();
            }
        });
        fillWindows.run();
        fillTears.run();

        Button addWindow = new Button("+ Offline window");
        addWindow.setId("replayAddOffline");
        addWindow.setOnAction(e -> form.addOffline());
        Button addTear = new Button("+ Torn write");
        addTear.setId("replayAddTear");
        addTear.setOnAction(e -> form.addTear());
        Button demo = new Button("Suggest a demo plan");
        demo.setId("replayDemoPlan");
        demo.setOnAction(e -> form.suggestDemoFaults());
        FlowPane add = new FlowPane(addWindow, addTear, demo);
        add.getStyleClass().add("button-flow");
        Label hint = new Label("Writes are numbered from 0. A crash ends the replay in that write: its entry "
                + "reaches every device, its data only the first.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        Label windowsHeading = new Label("Offline windows: the device misses writes FROM to TO−1");
        windowsHeading.getStyleClass().add("muted");
        windowsHeading.setWrapText(true);
        showWhenAny(windowsHeading, form.offline());
        Label tearsHeading = new Label("Torn writes: write N lands only half on the device");
        tearsHeading.getStyleClass().add("muted");
        tearsHeading.setWrapText(true);
        showWhenAny(tearsHeading, form.tears());
        Label faultProblem = problemLabel(form.problemProperty(FormField.FAULTS));
        faultProblem.setId("replayFaultProblem");
        return new VBox(crashRow, crashProblem, windowsHeading, windows, tearsHeading, tears, faultProblem, add, hint);
    }

    private static Node offlineRow(ReplayFormViewModel form, ReplayFormViewModel.OfflineRow row) {
        ComboBox<DeviceOption> device = devices(form, row.deviceProperty());
        TextField from = number(row.fromProperty(), "from");
        TextField to = number(row.toProperty(), "to");
        Button remove = remove(() -> form.offline().remove(row));
        HBox box = new HBox(device, from, new Label("–"), to, remove);
        box.getStyleClass().addAll("button-row", "fault-row");
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static Node tearRow(ReplayFormViewModel form, ReplayFormViewModel.TearRow row) {
        ComboBox<DeviceOption> device = devices(form, row.deviceProperty());
        TextField write = number(row.writeProperty(), "write");
        Button remove = remove(() -> form.tears().remove(row));
        HBox box = new HBox(device, write, remove);
        box.getStyleClass().addAll("button-row", "fault-row");
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static TextField number(javafx.beans.property.StringProperty value, String prompt) {
        TextField field = field(value, null, prompt);
        field.setPrefColumnCount(4);
        field.setMinWidth(56);
        return field;
    }

    private static Button remove(Runnable action) {
        Button remove = new Button("✕");
        remove.getStyleClass().add("row-remove");
        remove.setMinWidth(Region.USE_PREF_SIZE);
        remove.setOnAction(e -> action.run());
        return remove;
    }

    private static ComboBox<DeviceOption> devices(ReplayFormViewModel form, ObjectProperty<DeviceOption> value) {
        ComboBox<DeviceOption> box = new ComboBox<>(form.devices());
        box.valueProperty().bindBidirectional(value);
        box.setPromptText("device");
        box.setPrefWidth(124);
        box.setMinWidth(110);
        return box;
    }

    /** The form's notes (a fault after the last write); its problems show beside their fields. */
    private static Node notes(ReplayFormViewModel form) {
        Label notes = new Label();
        notes.setId("replayNotes");
        notes.getStyleClass().addAll("wizard-note", "note-info");
        notes.setWrapText(true);
        notes.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", form.notes()), form.notes()));
        notes.visibleProperty().bind(Bindings.isNotEmpty(form.notes()));
        notes.managedProperty().bind(notes.visibleProperty());
        return notes;
    }

    /**
     * {@code input} with the reason it is wrong right under it, and marked while it is: a problem
     * listed at the end of a long form is only seen after scrolling.
     */
    private static Node checked(ReplayFormViewModel form, FormField field, Node input) {
        return withProblem(input, form.problemProperty(field));
    }

    private static Node withProblem(Node input, StringBinding problem) {
        Node marked = input instanceof HBox row ? row.getChildren().get(0) : input;
        markWhen(marked, problem);
        VBox box = new VBox(input, problemLabel(problem));
        box.getStyleClass().add("checked-field");
        GridPane.setHgrow(box, Priority.ALWAYS);
        return box;
    }

    private static void markWhen(Node input, StringBinding problem) {
        problem.addListener((obs, old, now) -> input.pseudoClassStateChanged(WRONG, now != null));
        input.pseudoClassStateChanged(WRONG, problem.get() != null);
    }

    private static Label problemLabel(StringBinding problem) {
        Label label = new Label();
        label.getStyleClass().add("field-problem");
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.textProperty().bind(problem);
        label.visibleProperty().bind(problem.isNotNull());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private static void showWhenAny(Node node, javafx.collections.ObservableList<?> list) {
        node.visibleProperty().bind(Bindings.isNotEmpty(list));
        node.managedProperty().bind(node.visibleProperty());
    }

    private static void showWhen(Node node, ReplayFormViewModel form, ReplayFormViewModel.Source source) {
        node.visibleProperty().bind(form.sourceProperty().isEqualTo(source));
        node.managedProperty().bind(node.visibleProperty());
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("form-grid");
        return grid;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-label");
        // A scroll bar that appears takes its width from the fields, never from the labels.
        label.setMinWidth(Region.USE_PREF_SIZE);
        GridPane.setValignment(label, VPos.TOP);
        return label;
    }

    private static TextField field(javafx.beans.property.StringProperty value, String id, String prompt) {
        TextField field = new TextField();
        field.textProperty().bindBidirectional(value);
        field.setPromptText(prompt);
        field.setPrefColumnCount(10);
        field.setMinWidth(0);
        if (id != null) {
            field.setId(id);
        }
        GridPane.setHgrow(field, Priority.ALWAYS);
        return field;
    }

    private static <T> StringConverter<T> named(java.util.function.Function<T, String> name) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return name.apply(value);
            }

            @Override
            public T fromString(String text) {
                return null;
            }
        };
    }

}
