package io.tagmirror.operations;

import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.ScrubReport;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Scrub: makes every other device of a mirror identical to one, block by block, whatever the tags say
 * (the fallback when a tag table is lost), and records it in the history.
 */
public final class ScrubOperation {

    private ScrubOperation() {
    }

    /**
     * A scrub's result.
     *
     * @param report the engine's report
     * @param figures its JSON shape, as {@code --json} prints it and the history keeps it
     */
    public record Scrubbed(ScrubReport report, Map<String, Object> figures) {
    }

    /** Scrubs from {@code source}, a member of the mirror, onto the others. */
    public static Scrubbed run(AssembledMirror on, UUID source, TaskMonitor monitor) throws IOException {
        if (!on.mirror().definition().devices().contains(source)) {
            throw new TagMirrorException(source + " is not a member of mirror " + on.name()
                    + "; scrub from one of its members");
        }
        // a member whose object was lost gets one again, so that the scrub fills it too
        for (MemberStatus s : on.mirror().status()) {
            if (!s.online() && s.needsRebuild()) {
                on.mirror().restoreObject(s.device());
            }
        }
        ScrubReport scrub = on.mirror().scrub(source, monitor);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("source", on.locationNames().getOrDefault(source, source.toString()));
        figures.put("blocksCompared", scrub.blocksCompared());
        figures.put("blocksCopied", scrub.blocksCopied());
        figures.put("bytesCopied", scrub.bytesCopied());
        figures.put("entriesDeleted", scrub.entriesDeleted());
        figures.put("cancelled", scrub.cancelled());
        figures.put("seconds", scrub.seconds());
        on.workspace().recordHistory(HistoryKind.SCRUB, on.name(),
                scrub.cancelled() ? Outcome.CANCELLED : Outcome.SCRUBBED, figures);
        MemberOutageOperation.settleReturning(on);
        return new Scrubbed(scrub, figures);
    }
}
