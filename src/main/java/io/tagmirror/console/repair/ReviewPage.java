package io.tagmirror.console.repair;

import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.console.workflow.FilePicker;
import io.tagmirror.console.workflow.WizardNodes;
import io.tagmirror.console.workflow.WorkflowNavigator;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.ConflictSide;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * Step 4: what the repair will copy from where to where, as a list and on a block map, and the
 * conflicts, each settled by the administrator or by one policy for all.
 */
final class ReviewPage {

    private ReviewPage() {
    }

    static VBox create(RepairWizardViewModel model, FilePicker files, WorkflowNavigator navigator) {
        Label summary = new Label();
        summary.setId("reviewSummary");
        summary.getStyleClass().add("wizard-summary");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        summary.textProperty().bind(Bindings.createStringBinding(() -> model.reviewStep().planProperty().get() == null ? ""
                : PlanText.summary(model.reviewStep().planProperty().get()), model.reviewStep().planProperty()));
        Label perDevice = new Label();
        perDevice.setId("reviewPerDevice");
        perDevice.getStyleClass().add("muted");
        perDevice.setWrapText(true);
        perDevice.setMinHeight(Region.USE_PREF_SIZE);
        perDevice.textProperty().bind(Bindings.createStringBinding(() -> model.reviewStep().planProperty().get() == null ? ""
                : PlanText.perDevice(model.reviewStep().planProperty().get(), model.preCheckStep().deviceNamesProperty().get()),
                model.reviewStep().planProperty()));

        VBox space = new VBox();
        space.getStyleClass().add("check-list");
        model.reviewStep().spaceChecks().addListener((ListChangeListener<PreCheck>) c -> {
            space.getChildren().clear();
            model.reviewStep().spaceChecks().stream().filter(check -> check.outcome() != PreCheck.Outcome.PASSED)
                    .forEach(check -> space.getChildren().add(PreCheckPage.row(check, model)));
        });

        RangeMap map = new RangeMap();
        map.setId("reviewRangeMap");
        model.reviewStep().planProperty().addListener((obs, old, plan) -> map.show(model.reviewStep().compareReportProperty().get(),
                plan == null ? List.of() : plan.rows(), model.preCheckStep().volumeBlocks()));
        VBox mapBox = new VBox(map, legend());
        mapBox.getStyleClass().add("map-box");

        TableView<PlanRow> copies = copiesTable(model);
        TableView<PlanRow> conflicts = conflictsTable(model);
        Tab copiesTab = new Tab();
        copiesTab.textProperty().bind(Bindings.size(model.reviewStep().planRows()).asString("Ranges (%d)"));
        copiesTab.setContent(copies);
        Tab conflictsTab = new Tab();
        conflictsTab.setId("conflictsTab");
        conflictsTab.textProperty().bind(Bindings.size(model.reviewStep().conflictRows()).asString("To decide (%d)"));
        conflictsTab.setContent(new VBox(policyBar(model), conflicts));
        VBox.setVgrow(conflicts, Priority.ALWAYS);
        conflictsTab.disableProperty().bind(Bindings.isEmpty(model.reviewStep().conflictRows()));
        TabPane tabs = new TabPane(copiesTab, conflictsTab);
        tabs.setId("reviewTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        model.reviewStep().conflictRows().addListener((ListChangeListener<PlanRow>) c -> {
            if (!model.reviewStep().conflictRows().isEmpty() && model.reviewStep().planProperty().get() != null
                    && model.reviewStep().planProperty().get().undecided() == model.reviewStep().conflictRows().size()) {
                tabs.getSelectionModel().select(conflictsTab);
            }
        });

        Button dryRun = new Button("Save dry-run report…");
        dryRun.setId("saveDryRun");
        dryRun.disableProperty().bind(model.reviewStep().planProperty().isNull());
        dryRun.setOnAction(e -> files.save(window(dryRun), "Save the dry-run report",
                model.chooseStep().mirrorProperty().get() + "-dry-run.json").ifPresent(model::saveDryRun));
        Button tagTables = new Button("Tag tables");
        tagTables.setOnAction(e -> navigator.showTagTables(model.chooseStep().mirrorProperty().get()));
        Button blockMap = new Button("Block map");
        blockMap.setOnAction(e -> navigator.showBlockMap(model.chooseStep().mirrorProperty().get()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(dryRun, spacer, new Label("Open in the console:"), tagTables, blockMap);
        actions.getStyleClass().add("button-row");
        actions.setAlignment(Pos.CENTER_LEFT);

        return WizardNodes.page("wizardReviewPage", WizardNodes.heading("Review what the repair will do"), summary,
                perDevice, space, mapBox, actions, tabs);
    }

    private static HBox legend() {
        HBox legend = new HBox(swatch("map-copy", "copied"), swatch("map-conflict", "left to decide"),
                swatch("map-settled", "identical, entries deleted"), swatch("map-empty", "nothing named"));
        legend.getStyleClass().add("map-legend");
        return legend;
    }

    private static Label swatch(String style, String text) {
        Region box = new Region();
        box.getStyleClass().addAll("swatch", style);
        Label label = new Label(text, box);
        label.getStyleClass().add("muted");
        return label;
    }

    private static Window window(javafx.scene.Node node) {
        return node.getScene() == null ? null : node.getScene().getWindow();
    }

    private static TableView<PlanRow> copiesTable(RepairWizardViewModel model) {
        TableView<PlanRow> table = new TableView<>(model.reviewStep().planRows());
        table.setId("planTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("No range differs.");
        empty.getStyleClass().add("muted");
        table.setPlaceholder(new StackPane(empty));
        Function<UUID, String> name = d -> model.preCheckStep().deviceNamesProperty().get().getOrDefault(d, String.valueOf(d));
        table.getColumns().add(column("Blocks", 130, r -> PlanText.blocks(r.firstBlock(), r.blockCount())));
        TableColumn<PlanRow, PlanRow> verdict = new TableColumn<>("Verdict");
        verdict.setPrefWidth(110);
        verdict.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        verdict.setCellFactory(c -> new VerdictCell());
        table.getColumns().add(verdict);
        table.getColumns().add(column("From", 150, r -> r.source() == null ? "—" : name.apply(r.source())));
        table.getColumns().add(column("To", 170, r -> PlanText.devices(r.targets(), model.preCheckStep().deviceNamesProperty().get())));
        TableColumn<PlanRow, String> size = column("Written", 100, r -> r.bytes() == 0 ? "—" : ByteSize.format(r.bytes()));
        size.getStyleClass().add("number-column");
        table.getColumns().add(size);
        table.getColumns().add(column("Decision", 160, r -> r.needsDecision()
                ? r.choice().describe(model.preCheckStep().deviceNamesProperty().get()) : ""));
        return table;
    }

    private static TableView<PlanRow> conflictsTable(RepairWizardViewModel model) {
        TableView<PlanRow> table = new TableView<>(model.reviewStep().conflictRows());
        table.setId("conflictTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        model.reviewStep().compareReportProperty().addListener((obs, old, report) -> {
            table.getColumns().clear();
            if (report == null) {
                return;
            }
            Map<UUID, String> names = model.preCheckStep().deviceNamesProperty().get();
            table.getColumns().add(column("Blocks", 90, r -> PlanText.blocks(r.firstBlock(), r.blockCount())));
            for (UUID device : report.devices()) {
                TableColumn<PlanRow, String> side = column(names.getOrDefault(device, device.toString())
                        + ": data matches", 210,
                        r -> sideOf(r, device, false));
                side.setCellFactory(c -> new TooltipCell(r -> sideOf(r, device, true)));
                table.getColumns().add(side);
            }
            table.getColumns().add(column("Highest sequence", 170, r -> r.range().newest() == null ? "—"
                    : r.range().newest() + " on " + names.getOrDefault(r.range().source(), "?")));
            TableColumn<PlanRow, PlanRow> decide = new TableColumn<>("Decision");
            decide.setPrefWidth(190);
            decide.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
            decide.setCellFactory(c -> new DecisionCell(model, report));
            table.getColumns().add(decide);
        });
        return table;
    }

    private static String sideOf(PlanRow row, UUID device, boolean full) {
        for (ConflictSide side : row.range().sides()) {
            if (side.device().equals(device)) {
                return full ? PlanText.sideInFull(side) : PlanText.side(side);
            }
        }
        return "offline";
    }

    /** A cell whose tooltip tells more than fits in it: every entry of a conflict's side. */
    private static final class TooltipCell extends TableCell<PlanRow, String> {
        private final Function<PlanRow, String> full;
        private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();

        TooltipCell(Function<PlanRow, String> full) {
            this.full = full;
            tip.setWrapText(true);
            tip.setMaxWidth(420);
        }

        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            PlanRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
            setText(empty ? null : text);
            if (row == null) {
                setTooltip(null);
            } else {
                tip.setText(full.apply(row));
                setTooltip(tip);
            }
        }
    }

    private static HBox policyBar(RepairWizardViewModel model) {
        ComboBox<ConflictChoice> policy = new ComboBox<>();
        policy.setId("conflictPolicy");
        policy.setConverter(converter(model));
        model.reviewStep().compareReportProperty().addListener((obs, old, report) -> {
            policy.getItems().setAll(choicesFor(report));
            policy.getItems().remove(ConflictChoice.UNDECIDED);
        });
        Button apply = new Button("Apply to all");
        apply.setId("applyPolicy");
        apply.disableProperty().bind(policy.valueProperty().isNull());
        apply.setOnAction(e -> model.reviewStep().chooseForAll(policy.getValue()));
        Label note = new Label("Conflicting writes come from different writers: a sequence number orders one "
                + "writer's writes only, so \"highest sequence\" is an arbitrary pick across writers. A torn newest "
                + "write matches no device's data: each side shows which write its data does match. Keep the device "
                + "whose data you trust, or leave the range for later: its entries stay.");
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        HBox bar = new HBox(new Label("For every range to decide:"), policy, apply);
        bar.getStyleClass().add("button-row");
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(bar, note);
        box.getStyleClass().add("policy-bar");
        return new HBox(box);
    }

    static List<ConflictChoice> choicesFor(CompareReport report) {
        List<ConflictChoice> out = new ArrayList<>(List.of(ConflictChoice.UNDECIDED, ConflictChoice.NEWEST_SEQUENCE));
        if (report != null) {
            for (UUID d : report.devices()) {
                out.add(ConflictChoice.prefer(d));
            }
        }
        out.add(ConflictChoice.LEAVE);
        return out;
    }

    private static StringConverter<ConflictChoice> converter(RepairWizardViewModel model) {
        return new StringConverter<>() {
            @Override
            public String toString(ConflictChoice choice) {
                return choice == null ? "" : choice.describe(model.preCheckStep().deviceNamesProperty().get());
            }

            @Override
            public ConflictChoice fromString(String text) {
                return null;
            }
        };
    }

    private static TableColumn<PlanRow, String> column(String title, double width, Function<PlanRow, String> value) {
        TableColumn<PlanRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        return column;
    }

    /** A verdict with its symbol and colour. */
    private static final class VerdictCell extends TableCell<PlanRow, PlanRow> {
        @Override
        protected void updateItem(PlanRow row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().removeAll("state-conflict", "state-diverged", "state-in-sync");
            if (empty || row == null) {
                setText(null);
                return;
            }
            setText(PlanText.verdict(row.verdict()));
            getStyleClass().add(PlanText.verdictStyle(row.verdict()));
        }
    }

    /** The administrator's decision on one conflict. */
    private static final class DecisionCell extends TableCell<PlanRow, PlanRow> {
        private final ComboBox<ConflictChoice> box = new ComboBox<>();
        private final RepairWizardViewModel model;
        private PlanRow row;

        DecisionCell(RepairWizardViewModel model, CompareReport report) {
            this.model = model;
            box.setItems(FXCollections.observableArrayList(choicesFor(report)));
            box.setConverter(converter(model));
            box.setMaxWidth(Double.MAX_VALUE);
            box.getStyleClass().add("decision-box");
            box.setOnAction(e -> {
                if (row != null && box.getValue() != null && !box.getValue().equals(row.choice())) {
                    model.reviewStep().choose(row.index(), box.getValue());
                }
            });
        }

        @Override
        protected void updateItem(PlanRow item, boolean empty) {
            super.updateItem(item, empty);
            row = null;
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            box.setValue(item.choice());
            row = item;
            setGraphic(box);
        }
    }
}
