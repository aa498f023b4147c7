package io.tagmirror.operations;

import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.operations.MirrorEvent.Kind;
import io.tagmirror.operations.MirrorHealth.Condition;
import io.tagmirror.operations.MirrorHealth.Member;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches mirrors as {@code mdadm --monitor} watches arrays: each {@link #check} reads every mirror's
 * health and returns what changed since the check before. The first check has nothing before it, so
 * it reports the conditions present (a member offline, failed or stale, a conflict or a differing
 * verify left in the history): a single check is what a cron job runs.
 *
 * <p>Not thread-safe: one watcher is checked by one thread at a time.
 */
public final class MirrorWatch {

    /** The outcome of one check: the events, and the mirrors that could not be read with why. */
    public record Check(List<MirrorEvent> events, Map<String, String> unreadable) {
        public Check {
            events = List.copyOf(events);
            unreadable = Map.copyOf(unreadable);
        }
    }

    private final Clock clock;
    private final Map<String, MirrorHealth> last = new HashMap<>();
    /** What each mirror's devices said, so a check reads them again only when their files changed. */
    private final DeviceReadings readings = new DeviceReadings();

    public MirrorWatch(Clock clock) {
        this.clock = clock;
    }

    /**
     * Reads the mirrors named (every mirror of the workspace when {@code names} is empty, so a mirror
     * made while watching is watched too) and returns the events since the previous check.
     */
    public Check check(Workspace workspace, List<String> names) throws IOException {
        List<String> watched = names.isEmpty()
                ? workspace.mirrors().stream().map(MirrorDefinition::name).toList() : names;
        List<MirrorEvent> events = new ArrayList<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        for (String name : watched) {
            MirrorHealth health;
            try {
                health = MirrorHealth.read(workspace, name, readings);
            } catch (IOException | RuntimeException e) {
                // One mirror that cannot be read does not stop the watch of the others; it keeps its last reading.
                unreadable.put(name, Failures.describe(e));
                continue;
            }
            events.addAll(between(last.get(name), health, now));
            last.put(name, health);
        }
        last.keySet().retainAll(watched);
        readings.retain(watched);
        return new Check(events, unreadable);
    }

    /** The events that lead from {@code before} (null: nothing known yet) to {@code now}. */
    public static List<MirrorEvent> between(MirrorHealth before, MirrorHealth now, Instant at) {
        List<MirrorEvent> out = new ArrayList<>();
        String m = now.mirror();
        for (Member member : now.members().values()) {
            Member was = before == null ? null : before.members().get(member.device());
            Condition from = was == null ? null : was.condition();
            Kind kind = switch (member.condition()) {
                case OFFLINE -> from == Condition.OFFLINE ? null : Kind.MEMBER_OFFLINE;
                case FAILED -> from == Condition.FAILED ? null : Kind.MEMBER_FAILED;
                case STALE -> from == null || isAway(from) ? Kind.MEMBER_BACK_STALE : null;
                // Back, and the others hold entries of writes it missed.
                case ONLINE -> isAway(from) && now.state() != MirrorState.IN_SYNC ? Kind.MEMBER_BACK_STALE : null;
            };
            if (kind != null) {
                out.add(new MirrorEvent(kind, m, member.device(), member.location(), memberDetail(kind, m, member), at));
            }
        }
        for (Member member : now.members().values()) {
            Member was = before == null ? null : before.members().get(member.device());
            if (member.logIncomplete() && (was == null || !was.logIncomplete())) {
                out.add(new MirrorEvent(Kind.LOG_INCOMPLETE, m, member.device(), member.location(),
                        incompleteDetail(m, member, now), at));
            }
        }
        if (before != null && before.state() != MirrorState.IN_SYNC && now.state() == MirrorState.IN_SYNC) {
            out.add(new MirrorEvent(Kind.RESYNC_FINISHED, m, null, null, "mirror " + m + " is in sync again on all "
                    + now.members().size() + " members", at));
        }
        if (now.conflictEntry() != 0 && (before == null || before.conflictEntry() != now.conflictEntry())) {
            out.add(new MirrorEvent(Kind.CONFLICT, m, null, null, "a compare of mirror " + m + " found conflicts (history entry "
                    + now.conflictEntry() + "): decide them with 'tagmirror repair " + m + " --policy ...' or in the console", at));
        }
        if (now.differingVerifyEntry() != 0 && (before == null || before.differingVerifyEntry() != now.differingVerifyEntry())) {
            out.add(new MirrorEvent(Kind.VERIFY_DIFFERENCES, m, null, null, "a verify of mirror " + m
                    + " found blocks that differ (history entry " + now.differingVerifyEntry() + "): 'tagmirror verify " + m
                    + " --repair-from DIR --yes' copies them from the member DIR", at));
        }
        return out;
    }

    /** Names the members that missed writes: each will be compared block by block over the whole volume. */
    private static String incompleteDetail(String mirror, Member member, MirrorHealth now) {
        List<String> behind = new ArrayList<>();
        for (Member other : now.members().values()) {
            if (other.condition() != Condition.ONLINE) {
                behind.add(other.location());
            }
        }
        String who = behind.isEmpty() ? "the member that missed writes" : String.join(", ", behind);
        return "the tag log of member " + member.location() + " of mirror " + mirror + " filled while " + who
                + " missed writes and no longer names every write; " + who + " will need a whole-volume compare:"
                + " bring it back, then 'tagmirror repair " + mirror + " --yes' reads and compares every block";
    }

    private static boolean isAway(Condition c) {
        return c == Condition.OFFLINE || c == Condition.FAILED;
    }

    private static String memberDetail(Kind kind, String mirror, Member member) {
        String who = "member " + member.location() + " of mirror " + mirror;
        return switch (kind) {
            case MEMBER_OFFLINE -> who + " is offline: " + member.reason() + "; the others take the writes and keep"
                    + " what it misses";
            case MEMBER_FAILED -> who + " failed: " + member.reason() + "; 'tagmirror mirror status " + mirror
                    + "' says how to rebuild or replace it";
            case MEMBER_BACK_STALE -> who + " is back but missed writes: 'tagmirror repair " + mirror
                    + " --yes' copies them" + (member.condition() == Condition.STALE ? " (or the scrub that status names)" : "");
            default -> who;
        };
    }
}
