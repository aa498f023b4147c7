package io.tagmirror.console.session;

import io.tagmirror.operations.Failures;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The one-line notice the main window shows above the screens: what just happened, or what failed
 * and why, in the words of the engine's message. Use it from the FX thread.
 */
public final class Notices {

    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", null);
    private final ReadOnlyBooleanWrapper error = new ReadOnlyBooleanWrapper(this, "error", false);

    /** Shows {@code message} as news. */
    public void info(String message) {
        error.set(false);
        text.set(message);
    }

    /** Shows {@code message} as a failure. */
    public void error(String message) {
        error.set(true);
        text.set(message);
    }

    /** Shows what {@code failure} says, prefixed with what was being done, e.g. "Cannot delete mirror demo". */
    public void failed(String doing, Throwable failure) {
        error(doing + ": " + Failures.describe(failure));
    }

    public void clear() {
        text.set(null);
        error.set(false);
    }

    /** The notice, or null when there is none. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public String getText() {
        return text.get();
    }

    public ReadOnlyBooleanProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
