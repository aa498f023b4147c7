package io.tagmirror.console.session;

import java.util.Optional;

/**
 * Which long workflow (a compare and repair, a replay) holds a mirror right now. Screens ask before
 * they take a device offline, delete a mirror or forget a device, so nothing is pulled from under a
 * running workflow.
 */
@FunctionalInterface
public interface MirrorsInUse {
    MirrorsInUse NONE = name -> Optional.empty();

    /** What holds mirror {@code name}, e.g. "the compare and repair wizard"; empty when it is free. */
    Optional<String> holder(String name);

    /** The refusal to show when mirror {@code name} is held, or empty when {@code doing} may go ahead. */
    default Optional<String> refusal(String doing, String name) {
        return holder(name).map(h -> "Cannot " + doing + ": mirror " + name + " is in use by " + h
                + "; finish or stop that first.");
    }
}
