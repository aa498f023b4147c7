package io.tagmirror.console.history;

import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.console.workflow.MirrorAccess;
import io.tagmirror.operations.Failures;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * State and logic of the history screen: every compare, repair, verify and replay of the open workspace,
 * newest first, filtered by kind, mirror and text, with the selected entry's figures and exports as
 * JSON and CSV.
 */
public final class HistoryViewModel {

    /** Entries read at most; the catalog keeps more, and the command line shows them all. */
    public static final int LIMIT = 10_000;
    /** The filter value that lets everything through. */
    public static final String ALL = "All";

    private final MirrorAccess access;
    private final TaskRunner tasks;
    private final ObservableList<HistoryRow> rows = FXCollections.observableArrayList();
    private final FilteredList<HistoryRow> shown = new FilteredList<>(rows, r -> true);
    private final ObservableList<String> kinds = FXCollections.observableArrayList(ALL, "compare", "repair", "verify",
            "replay");
    private final ObservableList<String> mirrors = FXCollections.observableArrayList(ALL);
    private final ObjectProperty<String> kind = new SimpleObjectProperty<>(this, "kind", ALL);
    private final ObjectProperty<String> mirror = new SimpleObjectProperty<>(this, "mirror", ALL);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<HistoryRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringBinding selectedFigures;
    private final StringBinding count;
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private boolean reloadAgain;

    public HistoryViewModel(MirrorAccess access, TaskRunner tasks) {
        this.access = Objects.requireNonNull(access, "access");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        shown.predicateProperty().bind(Bindings.createObjectBinding(this::filter, kind, mirror, search));
        selectedFigures = Bindings.createStringBinding(() -> selected.get() == null ? ""
                : selected.get().prettyFigures(), selected);
        count = Bindings.createStringBinding(() -> shown.size() == rows.size()
                ? rows.size() + (rows.size() == 1 ? " entry" : " entries")
                : shown.size() + " of " + rows.size() + " entries", shown, rows);
    }

    private Predicate<HistoryRow> filter() {
        String k = kind.get();
        String m = mirror.get();
        String text = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        return r -> (k == null || ALL.equals(k) || r.kind().equals(k))
                && (m == null || ALL.equals(m) || r.mirror().equals(m))
                && (text.isEmpty() || (r.mirror() + " " + r.kind() + " " + r.result() + " " + r.summary() + " "
                + r.localTime()).toLowerCase(Locale.ROOT).contains(text));
    }

    /** Reads the history again in the background; a reload asked for meanwhile runs right after. */
    public void reload() {
        if (loading.get()) {
            reloadAgain = true;
            return;
        }
        loading.set(true);
        tasks.submit(BackgroundJob.of("Reading the history", p -> {
            Optional<Workspace> ws = access.workspace();
            if (ws.isEmpty()) {
                return List.<HistoryRow>of();
            }
            List<HistoryRow> out = new ArrayList<>();
            for (Workspace.HistoryEntry e : ws.get().history(null, LIMIT)) {
                out.add(HistoryRow.of(e));
            }
            return out;
        }).onSuccess(this::accept)
                .onFailure(e -> error.set("Cannot read the history: " + Failures.describe(e)))
                .onFinished(() -> {
                    loading.set(false);
                    if (reloadAgain) {
                        reloadAgain = false;
                        reload();
                    }
                }));
    }

    private void accept(List<HistoryRow> found) {
        error.set(null);
        HistoryRow was = selected.get();
        rows.setAll(found);
        TreeSet<String> names = new TreeSet<>();
        found.forEach(r -> names.add(r.mirror()));
        String chosen = mirror.get();
        List<String> options = new ArrayList<>();
        options.add(ALL);
        options.addAll(names);
        mirrors.setAll(options);
        mirror.set(chosen != null && options.contains(chosen) ? chosen : ALL);
        selected.set(was == null ? null : found.stream().filter(r -> r.id() == was.id()).findFirst().orElse(null));
    }

    /** Saves the entries shown (the filter applies) as JSON. */
    public void exportJson(Path file) {
        List<HistoryRow> rowsNow = List.copyOf(shown);
        save(file, () -> HistoryExport.json(rowsNow), rowsNow.size() + " entries saved to " + file);
    }

    /** Saves the entries shown (the filter applies) as CSV. */
    public void exportCsv(Path file) {
        List<HistoryRow> rowsNow = List.copyOf(shown);
        save(file, () -> HistoryExport.csv(rowsNow), rowsNow.size() + " entries saved to " + file);
    }

    /** Saves the selected entry's report as JSON. */
    public void exportSelected(Path file) {
        HistoryRow row = selected.get();
        if (row == null) {
            return;
        }
        save(file, () -> Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(HistoryExport.map(row)),
                "The " + row.kind() + " report was saved to " + file);
    }

    /** Produces an export's text. */
    @FunctionalInterface
    private interface Text {
        String make() throws Exception;
    }

    private void save(Path file, Text text, String done) {
        tasks.submit(BackgroundJob.of("Exporting the history", p -> {
            Files.writeString(file, text.make());
            return file;
        }).onSuccess(f -> status.set(done))
                .onFailure(e -> error.set("Cannot save " + file + ": " + Failures.describe(e))));
    }

    /** The entries that pass the filter, newest first. */
    public ObservableList<HistoryRow> shown() {
        return shown;
    }

    /** Every entry read, newest first. */
    public ObservableList<HistoryRow> rows() {
        return rows;
    }

    public ObservableList<String> kinds() {
        return kinds;
    }

    /** "All" and every mirror named in the history. */
    public ObservableList<String> mirrors() {
        return mirrors;
    }

    public ObjectProperty<String> kindProperty() {
        return kind;
    }

    public ObjectProperty<String> mirrorProperty() {
        return mirror;
    }

    /** Text an entry must contain (mirror, kind, result, summary or time), any case. */
    public StringProperty searchProperty() {
        return search;
    }

    public ObjectProperty<HistoryRow> selectedProperty() {
        return selected;
    }

    /** The selected entry's figures as indented JSON, or empty. */
    public StringBinding selectedFiguresProperty() {
        return selectedFigures;
    }

    /** "12 entries" or "3 of 12 entries". */
    public StringBinding countProperty() {
        return count;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** News (a saved export), or null. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
