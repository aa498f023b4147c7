package io.tagmirror.console.repair;

import io.tagmirror.console.ui.Dialogs;
import io.tagmirror.console.workflow.FilePicker;
import io.tagmirror.console.workflow.WizardNodes;
import io.tagmirror.console.workflow.WorkflowNavigator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The guided compare and repair as a window of its own beside the console: the steps on the left, the
 * current step's page, and Back / Next. Closing it while an operation runs asks first, then stops the
 * operation at a consistent point.
 */
public final class RepairWizard {

    static final double WIDTH = 1120;
    static final double HEIGHT = 760;

    private final RepairWizardViewModel model;
    private final Stage stage = new Stage();
    private final BorderPane root = new BorderPane();

    private RepairWizard(RepairWizardViewModel model, FilePicker files, WorkflowNavigator navigator) {
        this.model = model;
        root.setId("repairWizard");
        root.getStyleClass().add("wizard");
        root.getStylesheets().add(WizardNodes.stylesheet());

        Map<WizardStep, Node> pages = new EnumMap<>(WizardStep.class);
        pages.put(WizardStep.CHOOSE, ChoosePage.create(model));
        pages.put(WizardStep.PRECHECK, PreCheckPage.create(model));
        pages.put(WizardStep.COMPARE, OperationPage.compare(model));
        pages.put(WizardStep.REVIEW, ReviewPage.create(model, files, navigator));
        pages.put(WizardStep.CONFIRM, ConfirmPage.create(model));
        pages.put(WizardStep.REPAIR, OperationPage.repair(model));
        pages.put(WizardStep.VERIFY, VerifyPage.create(model));
        pages.put(WizardStep.REPORT, ReportPage.create(model, files, navigator));
        StackPane content = new StackPane();
        content.getStyleClass().add("wizard-content");
        content.getChildren().setAll(pages.get(model.getStep()));
        model.stepProperty().addListener((obs, old, step) -> content.getChildren().setAll(pages.get(step)));

        root.setLeft(stepList(model));
        root.setCenter(content);
        root.setBottom(buttonBar());

        stage.setTitle("Compare and repair");
        stage.setScene(new Scene(root, WIDTH, HEIGHT));
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setOnCloseRequest(e -> {
            e.consume();
            close();
        });
        stage.setOnHidden(e -> model.close());
        model.finishedProperty().addListener((obs, old, done) -> {
            if (done) {
                stage.close();
            }
        });
    }

    /**
     * Opens a wizard beside {@code owner}, its theme following the owner's, for mirror {@code mirror}
     * (preselected; null to let the administrator choose).
     */
    public static RepairWizard open(Window owner, RepairWizardViewModel model, FilePicker files,
                                    WorkflowNavigator navigator, String mirror) {
        RepairWizard wizard = new RepairWizard(Objects.requireNonNull(model, "model"), files, navigator);
        if (owner != null) {
            wizard.stage.initOwner(owner);
            followTheme(owner.getScene(), wizard.stage.getScene());
        }
        wizard.stage.show();
        model.start(mirror);
        return wizard;
    }

    /** Keeps {@code scene}'s theme the same as {@code owner}'s, now and after every toggle. */
    static void followTheme(Scene owner, Scene scene) {
        if (owner == null) {
            return;
        }
        scene.getStylesheets().setAll(owner.getStylesheets());
        owner.getStylesheets().addListener((ListChangeListener<String>) c ->
                scene.getStylesheets().setAll(owner.getStylesheets()));
    }

    public Stage stage() {
        return stage;
    }

    public RepairWizardViewModel model() {
        return model;
    }

    /** Whether a compare, repair or verify is running in this wizard. */
    public boolean isRunning() {
        return model.isRunning();
    }

    /** Stops what runs at a consistent point, closes the wizard, then runs {@code whenStopped}. */
    public void requestStop(Runnable whenStopped) {
        model.requestStop(() -> {
            stage.close();
            whenStopped.run();
        });
    }

    /** Closes the wizard, asking first while an operation runs. */
    public void close() {
        if (!model.isRunning()) {
            stage.close();
            return;
        }
        String what = model.getStep() == WizardStep.REPAIR ? "repair" : model.getStep().label().toLowerCase(
                java.util.Locale.ROOT);
        Dialogs.confirm(root, "Stop the " + what + " and close?", "The " + what + " of mirror "
                + model.chooseStep().mirrorProperty().get() + " is still running. It stops at its next step, which leaves the "
                + "devices consistent: what a stopped repair did not finish, the next compare finds again.",
                "Stop and close", () -> requestStop(() -> { }));
    }

    private static VBox stepList(RepairWizardViewModel model) {
        VBox list = new VBox();
        list.setId("wizardSteps");
        list.getStyleClass().add("wizard-steps");
        Label title = new Label("Compare and repair");
        title.getStyleClass().add("wizard-steps-title");
        list.getChildren().add(title);
        for (WizardStep step : WizardStep.values()) {
            Label label = new Label(step.numbered());
            label.getStyleClass().add("wizard-step");
            label.setMaxWidth(Double.MAX_VALUE);
            Runnable mark = () -> {
                WizardStep now = model.getStep();
                label.getStyleClass().removeAll("wizard-step-current", "wizard-step-done");
                if (step == now) {
                    label.getStyleClass().add("wizard-step-current");
                } else if (step.ordinal() < now.ordinal()) {
                    label.getStyleClass().add("wizard-step-done");
                }
                label.setText((step.ordinal() < now.ordinal() ? "✓ " : "") + step.numbered());
            };
            model.stepProperty().addListener((obs, old, now) -> mark.run());
            mark.run();
            list.getChildren().add(label);
        }
        Label mirror = new Label();
        mirror.getStyleClass().add("wizard-steps-mirror");
        mirror.textProperty().bind(model.chooseStep().mirrorProperty().map(name -> "Mirror: " + name));
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        list.getChildren().addAll(spacer, mirror);
        return list;
    }

    private HBox buttonBar() {
        Label error = WizardNodes.note(model.work().errorProperty().map(e -> e == null ? "" : e), "note-error");
        error.setId("wizardError");
        Label status = WizardNodes.note(model.work().statusProperty().map(s -> s == null ? "" : s), "note-info");
        status.setId("wizardStatus");
        VBox notes = new VBox(error, status);
        notes.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(notes, Priority.ALWAYS);
        notes.setMaxWidth(Double.MAX_VALUE);

        Button back = new Button("Back");
        back.setId("wizardBack");
        back.disableProperty().bind(model.canGoBackProperty().not());
        back.setOnAction(e -> model.back());
        Button next = new Button();
        next.setId("wizardNext");
        next.getStyleClass().add("wizard-next");
        next.textProperty().bind(model.nextLabelProperty());
        next.disableProperty().bind(model.canGoNextProperty().not());
        // Enter must never confirm an overwrite: on the confirm step Next is not the default button.
        next.defaultButtonProperty().bind(model.stepProperty().isNotEqualTo(WizardStep.CONFIRM));
        next.setOnAction(e -> model.next());
        Button close = new Button("Close");
        close.setId("wizardClose");
        close.setCancelButton(true);
        close.setOnAction(e -> close());

        HBox bar = new HBox(notes, back, next, close);
        bar.getStyleClass().add("wizard-buttons");
        bar.setAlignment(Pos.CENTER_RIGHT);
        return bar;
    }
}
