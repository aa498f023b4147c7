package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.operations.MirrorEvent.Kind;
import io.tagmirror.operations.MirrorHealth.Condition;
import io.tagmirror.operations.MirrorHealth.Member;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor's events, told from two readings of a mirror's health. */
class MirrorWatchTest {
    private static final Instant AT = Instant.parse("2026-12-04T20:00:00Z");
    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    @TempDir
    Path tmp;
    private OperationsFixture fx;

    @BeforeEach
    void open() throws IOException {
        fx = new OperationsFixture(tmp);
    }

    @AfterEach
    void close() throws IOException {
        fx.close();
    }

    @Test
    void aMemberThatLeavesIsToldOnceAndItsReturnWithMissedWritesIsToldAsStale() {
        MirrorHealth whole = health(MirrorState.IN_SYNC, Condition.ONLINE, Condition.ONLINE, 0, 0);
        MirrorHealth bGone = health(MirrorState.DEGRADED, Condition.ONLINE, Condition.OFFLINE, 0, 0);
        MirrorHealth bBack = health(MirrorState.DIVERGED, Condition.ONLINE, Condition.ONLINE, 0, 0);

        assertThat(MirrorWatch.between(whole, whole, AT)).isEmpty();
        List<MirrorEvent> gone = MirrorWatch.between(whole, bGone, AT);
        assertThat(gone).extracting(MirrorEvent::kind).containsExactly(Kind.MEMBER_OFFLINE);
        assertThat(gone.get(0).device()).isEqualTo(B);
        assertThat(gone.get(0).location()).isEqualTo("/dev-b");
        assertThat(gone.get(0).detail()).contains("member /dev-b of mirror lab is offline: gone");
        assertThat(MirrorWatch.between(bGone, bGone, AT)).as("no repeat while it stays away").isEmpty();
        assertThat(MirrorWatch.between(bGone, bBack, AT)).extracting(MirrorEvent::kind).containsExactly(Kind.MEMBER_BACK_STALE);
        assertThat(MirrorWatch.between(bBack, whole, AT)).extracting(MirrorEvent::kind).containsExactly(Kind.RESYNC_FINISHED);
        // Back with nothing missed: the mirror is whole again at once, which is the resync finished.
        assertThat(MirrorWatch.between(bGone, whole, AT)).extracting(MirrorEvent::kind).containsExactly(Kind.RESYNC_FINISHED);
    }

    @Test
    void aMemberThatIsThereButUnusableIsFailedNotOffline() {
        MirrorHealth whole = health(MirrorState.IN_SYNC, Condition.ONLINE, Condition.ONLINE, 0, 0);
        MirrorHealth failed = health(MirrorState.DEGRADED, Condition.FAILED, Condition.ONLINE, 0, 0);
        MirrorHealth thenGone = health(MirrorState.DEGRADED, Condition.OFFLINE, Condition.ONLINE, 0, 0);

        assertThat(MirrorWatch.between(whole, failed, AT)).extracting(MirrorEvent::kind).containsExactly(Kind.MEMBER_FAILED);
        assertThat(MirrorWatch.between(failed, thenGone, AT)).extracting(MirrorEvent::kind).containsExactly(Kind.MEMBER_OFFLINE);
    }

    @Test
    void theFirstReadingTellsOfTheConditionsPresent() {
        assertThat(MirrorWatch.between(null, health(MirrorState.IN_SYNC, Condition.ONLINE, Condition.ONLINE, 0, 0), AT)).isEmpty();
        assertThat(MirrorWatch.between(null, health(MirrorState.DEGRADED, Condition.FAILED, Condition.OFFLINE, 4, 9), AT))
                .extracting(MirrorEvent::kind)
                .containsExactly(Kind.MEMBER_FAILED, Kind.MEMBER_OFFLINE, Kind.CONFLICT, Kind.VERIFY_DIFFERENCES);
        assertThat(MirrorWatch.between(null, health(MirrorState.DIVERGED, Condition.STALE, Condition.ONLINE, 0, 0), AT))
                .extracting(MirrorEvent::kind).containsExactly(Kind.MEMBER_BACK_STALE);
    }

    @Test
    void aConflictOrADifferingVerifyIsToldForEachNewHistoryEntryThatFindsIt() {
        MirrorHealth clean = health(MirrorState.IN_SYNC, Condition.ONLINE, Condition.ONLINE, 0, 0);
        MirrorHealth conflict = health(MirrorState.DIVERGED, Condition.ONLINE, Condition.ONLINE, 4, 0);
        MirrorHealth again = health(MirrorState.DIVERGED, Condition.ONLINE, Condition.ONLINE, 6, 7);

        List<MirrorEvent> found = MirrorWatch.between(clean, conflict, AT);
        assertThat(found).extracting(MirrorEvent::kind).containsExactly(Kind.CONFLICT);
        assertThat(found.get(0).device()).isNull();
        assertThat(found.get(0).detail()).contains("history entry 4");
        assertThat(MirrorWatch.between(conflict, conflict, AT)).isEmpty();
        assertThat(MirrorWatch.between(conflict, again, AT)).extracting(MirrorEvent::kind)
                .containsExactly(Kind.CONFLICT, Kind.VERIFY_DIFFERENCES);
    }

    @Test
    void aCompareThatFindsAConflictIsReadFromTheHistoryAndAWatchTellsItOnce() throws Exception {
        MirrorWatch watch = new MirrorWatch(Clock.fixed(AT, ZoneOffset.UTC));
        assertThat(watch.check(fx.workspace, List.of()).events()).isEmpty();

        fx.conflictAt(7);
        CompareOperation.Compared c = CompareOperation.run(fx.on, TaskMonitor.NONE);
        assertThat(CompareOperation.outcome(c).code()).isEqualTo("conflicts");

        MirrorHealth read = MirrorHealth.read(fx.workspace, OperationsFixture.MIRROR);
        assertThat(read.conflictEntry()).isEqualTo(fx.history().get(0).id());
        assertThat(read.members().keySet()).containsExactly(fx.uuidA, fx.uuidB);
        MirrorWatch.Check check = watch.check(fx.workspace, List.of());
        assertThat(check.events()).extracting(MirrorEvent::kind).contains(Kind.CONFLICT);
        assertThat(check.events()).allSatisfy(e -> assertThat(e.time()).isEqualTo(AT));
        assertThat(check.unreadable()).isEmpty();
        assertThat(watch.check(fx.workspace, List.of()).events()).extracting(MirrorEvent::kind).doesNotContain(Kind.CONFLICT);
    }

    @Test
    void aMirrorThatCannotBeReadIsNamedAndTheOthersAreStillWatched() throws Exception {
        MirrorWatch watch = new MirrorWatch(Clock.fixed(AT, ZoneOffset.UTC));

        MirrorWatch.Check check = watch.check(fx.workspace, List.of("nosuch", OperationsFixture.MIRROR));

        assertThat(check.unreadable()).containsOnlyKeys("nosuch");
        assertThat(check.unreadable().get("nosuch")).contains("no mirror named 'nosuch'");
        assertThat(check.events()).isEmpty();
    }

    private static MirrorHealth health(MirrorState state, Condition a, Condition b, long conflict, long verify) {
        Map<UUID, Member> members = new LinkedHashMap<>();
        members.put(A, new Member(A, "/dev-a", a, a == Condition.ONLINE ? "" : "broken"));
        members.put(B, new Member(B, "/dev-b", b, b == Condition.ONLINE ? "" : "gone"));
        return new MirrorHealth("lab", state, members, conflict, verify);
    }
}
