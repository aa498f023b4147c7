package io.tagmirror.console.session;

import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorEvent;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A mirror the console keeps assembled while its workspace is open, so that offline devices stay
 * offline and the engine's events reach the views.
 *
 * @param definition what the mirror is
 * @param mirror the assembled mirror
 * @param unavailable member devices that could not be opened, with why
 * @param readOnlyReason why the mirror cannot be written from here (a device in use elsewhere), or null
 * @param listener the listener the session registered on the mirror
 */
public record MirrorHandle(MirrorDefinition definition, Mirror mirror, Map<UUID, String> unavailable,
                           String readOnlyReason, MirrorEvent.Listener listener) {

    public MirrorHandle {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(mirror, "mirror");
        unavailable = Map.copyOf(unavailable);
    }

    public boolean isReadOnly() {
        return readOnlyReason != null;
    }
}
