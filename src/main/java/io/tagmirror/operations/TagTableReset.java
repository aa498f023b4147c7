package io.tagmirror.operations;

import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Replaces a device's lost or corrupt tag table with an empty one (the old files kept beside it); the
 * device's mirrors then need a scrub, which the history keeps for each of them.
 */
public final class TagTableReset {

    /**
     * A reset looked at, nothing changed.
     *
     * @param device where the device is
     * @param descriptor its descriptor
     * @param readableEntries the entries its table still holds, empty when the table cannot be read
     * @param warning why a reset would be refused without {@code force} (the table is readable), or null
     */
    public record Plan(Path device, DeviceDescriptor descriptor, OptionalLong readableEntries, String warning) {

        /** The names of the mirrors that will need a scrub. */
        public List<String> mirrors() {
            return descriptor.mirrors().stream().map(MirrorDefinition::name).toList();
        }
    }

    /**
     * What the reset did.
     *
     * @param keptAs the name the old table was kept under, or null when there was none
     * @param figures what the history keeps, and what {@code --json} prints
     */
    public record Result(Path keptAs, Map<String, Object> figures) {
    }

    private TagTableReset() {
    }

    /** Looks at the device in {@code dir}; {@code force} accepts resetting a table that is still readable. */
    public static Plan plan(Path dir, boolean force) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        DeviceAddress address = DeviceAddress.at(abs);
        DeviceDescriptor descriptor = address.readDescriptor();
        OptionalLong readable = address.readableEntries();
        // A readable table is not lost: resetting it forgets what its entries name and forces a full scrub.
        String warning = readable.isEmpty() || force ? null : "the tag table of " + abs + " is readable ("
                + readable.getAsLong() + " entries): it is not lost, and resetting it would leave a full scrub as"
                + " the only way to trust the device again; add --force to reset it anyway";
        return new Plan(abs, descriptor, readable, warning);
    }

    /**
     * Resets the table as planned, refused while the plan warns; {@code workspace} is open before
     * anything is reset, so the history can keep it.
     */
    public static Result reset(Workspace workspace, Plan plan) throws IOException {
        if (plan.warning() != null) {
            throw new TagMirrorException(plan.warning());
        }
        String keptAt = DeviceAddress.at(plan.device()).resetTagTable();
        Path kept = keptAt == null ? null : Path.of(keptAt);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device", plan.descriptor().uuid().toString());
        out.put("path", plan.device().toString());
        out.put("keptAs", kept == null ? null : kept.toString());
        out.put("needsScrub", plan.mirrors());
        for (MirrorDefinition m : plan.descriptor().mirrors()) {
            workspace.recordHistory(HistoryKind.RESET_TAGS, m.name(), Outcome.NEEDS_SCRUB, out);
        }
        return new Result(kept, out);
    }
}
