package io.tagmirror.console.mirrors;

import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import java.util.List;
import java.util.Objects;

/**
 * One mirror as the mirrors screen lists it.
 *
 * @param definition what the mirror is
 * @param state its state, with {@link MirrorState#CONFLICT} when its current tag table index holds
 *              conflicts; null when it could not be assembled
 * @param members its devices, in the mirror's order
 * @param lastVerify the last verify from the workspace history, e.g. "2026-05-01 10:12 · identical"; null if never
 * @param note why it is read-only or could not be assembled; null when all is well
 */
public record MirrorRow(MirrorDefinition definition, MirrorState state, List<MemberRow> members, String lastVerify,
                        String note) {

    public MirrorRow {
        Objects.requireNonNull(definition, "definition");
        members = List.copyOf(members);
    }

    public String name() {
        return definition.name();
    }

    /** Entries over all devices that could be read, or -1 when none could. */
    public long totalEntries() {
        long sum = 0;
        boolean any = false;
        for (MemberRow m : members) {
            if (m.entries() >= 0) {
                sum += m.entries();
                any = true;
            }
        }
        return any ? sum : -1;
    }
}
