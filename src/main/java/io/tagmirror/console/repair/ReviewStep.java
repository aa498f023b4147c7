package io.tagmirror.console.repair;

import io.tagmirror.engine.CompareReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The wizard's review step: a compare's report, the administrator's choice for each range that waits
 * for one, the plan those choices make, and whether each target has room for what the plan copies.
 * It runs nothing; the navigator hands it a compare and reads the plan back.
 */
public final class ReviewStep {

    private final ReadOnlyObjectWrapper<CompareReport> compareReport = new ReadOnlyObjectWrapper<>(this, "compareReport");
    private final ReadOnlyObjectWrapper<RepairPlan> plan = new ReadOnlyObjectWrapper<>(this, "plan");
    private final Map<Integer, ConflictChoice> choices = new HashMap<>();
    private final ObservableList<PlanRow> planRows = FXCollections.observableArrayList();
    private final ObservableList<PlanRow> conflictRows = FXCollections.observableArrayList();
    private final ObservableList<PreCheck> spaceChecks = FXCollections.observableArrayList();
    private final ObservableList<PlanRow> planRowsReadOnly = FXCollections.unmodifiableObservableList(planRows);
    private final ObservableList<PlanRow> conflictRowsReadOnly = FXCollections.unmodifiableObservableList(conflictRows);
    private final ObservableList<PreCheck> spaceChecksReadOnly = FXCollections.unmodifiableObservableList(spaceChecks);

    private Map<UUID, Path> locations = Map.of();
    private Map<UUID, Long> freeBytes = Map.of();

    /** Forgets the compare, for a compare that starts again. */
    void clear() {
        compareReport.set(null);
        plan.set(null);
        planRows.clear();
        conflictRows.clear();
    }

    /**
     * Shows a new compare with no choice made.
     *
     * @param locations where each device is
     * @param freeBytes the free space measured on each device's drive at the pre-checks
     */
    void compared(CompareReport report, Map<UUID, Path> locations, Map<UUID, Long> freeBytes) {
        this.locations = Map.copyOf(locations);
        this.freeBytes = Map.copyOf(freeBytes);
        choices.clear();
        compareReport.set(Objects.requireNonNull(report, "report"));
        recomputePlan();
    }

    /** Settles the range at {@code index} of the compare report. */
    public void choose(int index, ConflictChoice choice) {
        choices.put(index, Objects.requireNonNull(choice, "choice"));
        recomputePlan();
    }

    /** Settles every range that waits for a choice the same way: a policy for all. */
    public void chooseForAll(ConflictChoice choice) {
        Objects.requireNonNull(choice, "choice");
        for (PlanRow r : conflictRows) {
            choices.put(r.index(), choice);
        }
        recomputePlan();
    }

    /** Whether the plan may go on: every range decided (or left) and room on every target. */
    boolean ready() {
        return plan.get() != null && plan.get().undecided() == 0 && spaceChecks.stream().noneMatch(PreCheck::blocks);
    }

    private void recomputePlan() {
        CompareReport r = compareReport.get();
        if (r == null) {
            return;
        }
        RepairPlan p = RepairPlan.of(r, choices);
        // The plan first: views listening to the lists read it.
        plan.set(p);
        planRows.setAll(p.rows());
        conflictRows.setAll(p.toDecide());
        spaceChecks.setAll(PreChecks.spaceForPlan(p.bytesPerTarget(), locations, dir -> {
            for (Map.Entry<UUID, Path> e : locations.entrySet()) {
                if (e.getValue().equals(dir) && freeBytes.containsKey(e.getKey())) {
                    return freeBytes.get(e.getKey());
                }
            }
            throw new IOException("not measured");
        }));
    }

    /** Each decided or left range's choice in words, by range, naming devices by {@code names}. */
    Map<String, String> decisions(Map<UUID, String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        RepairPlan p = plan.get();
        if (p != null) {
            for (PlanRow r : p.toDecide()) {
                out.put(r.range().range().toString(), r.choice().describe(names));
            }
        }
        return out;
    }

    /**
     * The dry-run report: the compare's figures as the compare operation gave them, and what the repair
     * would do with the choices made; nothing changed.
     *
     * @param compareFigures the compare's figures
     * @param names short device names, for the choices
     * @param where each device's location, as reports name devices
     */
    Map<String, Object> dryRun(Map<String, Object> compareFigures, Map<UUID, String> names, Map<UUID, String> where) {
        RepairPlan p = plan.get();
        Map<String, Object> out = new LinkedHashMap<>(compareFigures);
        out.put("dryRun", true);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PlanRow r : p.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("firstBlock", r.firstBlock());
            row.put("blockCount", r.blockCount());
            row.put("verdict", r.verdict().label());
            row.put("decision", r.needsDecision() ? r.choice().describe(names) : null);
            row.put("source", r.source() == null ? null : where.get(r.source()));
            row.put("targets", r.targets().stream().map(where::get).toList());
            row.put("bytes", r.bytes());
            rows.add(row);
        }
        out.put("plan", rows);
        out.put("bytesToWrite", p.bytesToWrite());
        Map<String, Long> perTarget = new LinkedHashMap<>();
        p.bytesPerTarget().forEach((uuid, bytes) -> perTarget.put(where.get(uuid), bytes));
        out.put("bytesPerTarget", perTarget);
        out.put("overwrites", p.overwriteSentences(names));
        return out;
    }

    public ReadOnlyObjectProperty<CompareReport> compareReportProperty() {
        return compareReport.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RepairPlan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    /** The divergent ranges of the plan, in block order. */
    public ObservableList<PlanRow> planRows() {
        return planRowsReadOnly;
    }

    /** The ranges that wait for a choice of data. */
    public ObservableList<PlanRow> conflictRows() {
        return conflictRowsReadOnly;
    }

    /** Whether each target has room for what the plan copies onto it. */
    public ObservableList<PreCheck> spaceChecks() {
        return spaceChecksReadOnly;
    }
}
