package io.tagmirror.console.repair;

import io.tagmirror.console.workflow.MirrorLease;
import io.tagmirror.operations.CompareOperation;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Step 3: compares the held mirror through the compare operation, which records it in the history. It
 * keeps the compare's result whole: the repair needs the very mirror object the report was made on.
 */
public final class CompareStep {

    private final WizardWork work;
    private final Runnable historyChanged;
    private final ReadOnlyObjectWrapper<CompareOperation.Compared> compared = new ReadOnlyObjectWrapper<>(this,
            "compared");
    private Instant started;

    /**
     * @param historyChanged told once the compare's history entry is written
     */
    CompareStep(WizardWork work, Runnable historyChanged) {
        this.work = Objects.requireNonNull(work, "work");
        this.historyChanged = Objects.requireNonNull(historyChanged, "historyChanged");
    }

    /** Compares {@code on}; {@code done} gets the result on the UI thread. */
    void run(MirrorLease on, Consumer<CompareOperation.Compared> done) {
        compared.set(null);
        work.clearNotes();
        if (started == null) {
            started = Instant.now();
        }
        work.run("Comparing mirror " + on.definition().name(), m -> CompareOperation.run(on, m), c -> {
            historyChanged.run();
            compared.set(c);
            done.accept(c);
        });
    }

    /** When the wizard's first compare started: the report's elapsed time counts from it. */
    Instant started() {
        return started == null ? Instant.now() : started;
    }

    /** The last compare's result, or null while none has ended. */
    public ReadOnlyObjectProperty<CompareOperation.Compared> comparedProperty() {
        return compared.getReadOnlyProperty();
    }
}
