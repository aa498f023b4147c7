package io.tagmirror.operations;

import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.Plural;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A served mirror in one line, as {@code systemctl status} shows a service's state: the mirror's
 * state, its members in sync, offline, resynchronising and waiting for a repair, the clients
 * connected and the writes per second they made of late.
 *
 * @param stale members online that missed writes and are not being resynchronised (a repair or a
 *              scrub settles them)
 * @param away one phrase per member not in sync, naming it and why ("/srv/b offline: unplugged"); not
 *             part of {@link #line()}
 */
public record ServingSummary(String mirror, MirrorState state, int inSync, int offline, int resyncing, int stale,
                             int clients, double writesPerSecond, List<String> away) {

    public ServingSummary {
        away = List.copyOf(away);
    }

    /** The summary of mirror {@code mirror} whose members are {@code members} now. */
    public static ServingSummary of(String mirror, MirrorState state, List<MemberStatus> members, int clients,
                                    double writesPerSecond) {
        int inSync = 0;
        int offline = 0;
        int resyncing = 0;
        int stale = 0;
        List<String> away = new ArrayList<>();
        for (MemberStatus m : members) {
            if (!m.online()) {
                offline++;
                away.add(m.location() + " offline" + (m.offlineReason() == null || m.offlineReason().isEmpty()
                        ? "" : ": " + m.offlineReason()));
            } else if (m.resync() != null) {
                resyncing++;
                away.add(m.location() + " resynchronising, " + Math.round(m.resync().fraction() * 100) + "%");
            } else if (m.stale() || m.needsRebuild()) {
                stale++;
                away.add(m.location() + " missed writes" + (m.needsRebuild() ? " (needs a scrub)" : ""));
            } else {
                inSync++;
            }
        }
        return new ServingSummary(mirror, state, inSync, offline, resyncing, stale, clients, writesPerSecond, away);
    }

    /**
     * "in-sync: members 2 in sync, 0 offline, 0 resyncing; 1 client; 350 writes/s", with "N stale"
     * after resyncing when a member waits for a repair.
     */
    public String line() {
        return state.label() + ": " + members() + "; " + Plural.of(clients, "client", "clients") + "; "
                + String.format(Locale.ROOT, "%.0f writes/s", writesPerSecond);
    }

    /** The members' part of {@link #line()}: what changes only when the mirror's state does. */
    public String members() {
        return "members " + inSync + " in sync, " + offline + " offline, " + resyncing + " resyncing"
                + (stale > 0 ? ", " + stale + " stale" : "");
    }
}
