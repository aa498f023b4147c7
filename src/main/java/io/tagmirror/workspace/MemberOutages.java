package io.tagmirror.workspace;

import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What an administrator decided about a member's availability, kept in the catalog so it holds across
 * the commands that open the mirror one after another, as md's superblocks keep a device failed until
 * it is re-added: a member taken offline stays offline until it is brought back online; one brought back
 * is known to have missed writes until its resync finishes, whichever process opens the mirror next.
 * A member that left by itself (a device error, a drive removed, not reachable while writes went on) is
 * kept the same way until a resync or a repair brings it back in sync.
 *
 * <p>A catalog, not the devices, keeps it: it is the administrator's word about this workspace's use of
 * the mirror, and an import elsewhere starts without it (the entries on the other members still name
 * what the member missed, for compare and repair).
 */
public final class MemberOutages {

    /** Where a member stands by the administrator's word. */
    public enum State {
        /** Taken offline: assembled offline until brought back. */
        OFFLINE("offline"),
        /** Brought back online, not yet resynchronised: assembled as having missed writes. */
        RETURNING("returning"),
        /**
         * Left the mirror on its own (it failed, was removed, or could not be reached) while writes went
         * on without it: assembled as having missed writes until a resync or a repair settles them.
         */
        LEFT("left");

        private final String code;

        State(String code) {
            this.code = code;
        }

        /** The word stored in the catalog, fixed for good. */
        public String code() {
            return code;
        }

        static State fromCode(String code) throws TagMirrorException {
            for (State s : values()) {
                if (s.code.equals(code)) {
                    return s;
                }
            }
            throw new TagMirrorException("the workspace catalog records a member state '" + code
                    + "' this version does not know; use a newer tagmirror");
        }
    }

    /** One member's recorded state, with when it was recorded. */
    public record Outage(UUID device, State state, String since) {
    }

    private final Object lock;
    private final Connection connection;
    private final String where;

    MemberOutages(Object lock, Connection connection, String where) {
        this.lock = lock;
        this.connection = connection;
        this.where = where;
    }

    static void createTable(Statement s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS member_outage(mirror TEXT NOT NULL, device TEXT NOT NULL,"
                + " state TEXT NOT NULL, since TEXT NOT NULL, PRIMARY KEY(mirror, device))");
    }

    /** Records {@code device} of mirror {@code mirror} (by uuid) as {@code state}, from now. */
    public void record(UUID mirror, UUID device, State state) throws IOException {
        synchronized (lock) {
            try (PreparedStatement p = connection.prepareStatement(
                    "INSERT OR REPLACE INTO member_outage(mirror, device, state, since) VALUES (?, ?, ?, ?)")) {
                p.setString(1, mirror.toString());
                p.setString(2, device.toString());
                p.setString(3, state.code());
                p.setString(4, Instant.now().toString());
                p.executeUpdate();
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    /** Forgets what was recorded of {@code device}: it is a member like the others again. */
    public void clear(UUID mirror, UUID device) throws IOException {
        synchronized (lock) {
            try (PreparedStatement p = connection.prepareStatement(
                    "DELETE FROM member_outage WHERE mirror = ? AND device = ?")) {
                p.setString(1, mirror.toString());
                p.setString(2, device.toString());
                p.executeUpdate();
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    /** What is recorded of the members of mirror {@code mirror}, by device. */
    public Map<UUID, Outage> of(UUID mirror) throws IOException {
        Map<UUID, Outage> out = new LinkedHashMap<>();
        synchronized (lock) {
            try (PreparedStatement p = connection.prepareStatement(
                    "SELECT device, state, since FROM member_outage WHERE mirror = ? ORDER BY device")) {
                p.setString(1, mirror.toString());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        UUID device = UUID.fromString(rs.getString(1));
                        out.put(device, new Outage(device, State.fromCode(rs.getString(2)), rs.getString(3)));
                    }
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }
        return out;
    }

    private TagMirrorException failure(SQLException e) {
        return new TagMirrorException("workspace catalog " + where + ": " + e.getMessage(), e);
    }
}
