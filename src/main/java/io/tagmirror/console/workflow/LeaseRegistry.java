package io.tagmirror.console.workflow;

import io.tagmirror.engine.TagMirrorException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Which workflow holds which mirror, so two workflows never drive one mirror at once. */
final class LeaseRegistry {

    private final Map<String, String> holders = new ConcurrentHashMap<>();

    /** Takes mirror {@code name} for {@code purpose}, or says who has it. */
    void take(String name, String purpose) throws TagMirrorException {
        String holder = holders.putIfAbsent(name, purpose);
        if (holder != null) {
            throw new TagMirrorException("mirror " + name + " is in use by " + holder
                    + "; finish or stop that first");
        }
    }

    void give(String name) {
        holders.remove(name);
    }

    Optional<String> holder(String name) {
        return Optional.ofNullable(holders.get(name));
    }
}
