package io.tagmirror.console.repair;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Step 5: the administrator's deliberate confirmation of what the plan overwrites. It is asked afresh
 * each time the step is reached, so a confirmation never carries over to a plan changed since.
 */
public final class ConfirmStep {

    private final BooleanProperty confirmed = new SimpleBooleanProperty(this, "confirmed");

    /** Asks again: the step is reached with a plan that may have changed. */
    void ask() {
        confirmed.set(false);
    }

    boolean confirmed() {
        return confirmed.get();
    }

    /** Whether the administrator confirmed; the page's check box sets it. */
    public BooleanProperty confirmedProperty() {
        return confirmed;
    }
}
