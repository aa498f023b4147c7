package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Membership generations: a replaced device never comes back, a device that was only away does. */
class MembershipTest {
    @TempDir
    Path tmp;
    private final List<DirectoryDevice> open = new ArrayList<>();

    @AfterEach
    void closeDevices() throws IOException {
        for (DirectoryDevice d : open) {
            d.close();
        }
    }

    private DirectoryDevice format(String name) throws IOException {
        DirectoryDevice d = DirectoryDevice.format(tmp.resolve(name), 4096);
        open.add(d);
        return d;
    }

    private DirectoryDevice reopen(DirectoryDevice d, boolean readOnly) throws IOException {
        d.close();
        open.remove(d);
        DirectoryDevice again = DirectoryDevice.open(d.directory(), readOnly);
        open.add(again);
        return again;
    }

    /** A mirror on {@code members}, one write, then closed: the devices stay open. */
    private MirrorDefinition mirrorOn(List<DirectoryDevice> members) throws IOException {
        try (Mirror m = Mirror.create("rv", 1 << 20, members, DurabilityMode.CRASH_SAFE)) {
            m.write(0, TestMirrors.randomData(1, 4096).array());
            return m.definition();
        }
    }

    @Test
    void aNewMirrorIsGenerationOneAndAReplaceMakesTheNextOnEveryReachableMember() throws IOException {
        DirectoryDevice r1 = format("r1");
        DirectoryDevice r2 = format("r2");
        DirectoryDevice r3 = format("r3");
        MirrorDefinition def = mirrorOn(List.of(r1, r2));
        assertThat(def.generation()).isEqualTo(1);

        MirrorDefinition next = Mirror.replaceMember(def, r2.uuid(), r3, List.of(r1));

        assertThat(next.generation()).isEqualTo(2);
        assertThat(next.devices()).containsExactly(r1.uuid(), r3.uuid());
        assertThat(r1.descriptor().mirror("rv")).contains(next);
        assertThat(r3.descriptor().mirror("rv")).contains(next);
        assertThat(r2.descriptor().mirror("rv")).as("the replaced device was away: it keeps what it knew").contains(def);
    }

    @Test
    void openRefusesAReplacedDeviceNamingTheMemberThatTookItsPlace() throws IOException {
        DirectoryDevice r1 = format("r1");
        DirectoryDevice r2 = format("r2");
        DirectoryDevice r3 = format("r3");
        MirrorDefinition def = mirrorOn(List.of(r1, r2));
        Mirror.replaceMember(def, r2.uuid(), r3, List.of(r1));
        String r2Before = Files.readString(r2.directory().resolve("device.json"));

        // the old definition (a catalog that missed the replace) with the old member back
        assertThatThrownBy(() -> Mirror.open(def, List.of(r1, r2), DurabilityMode.CRASH_SAFE))
                .isInstanceOfSatisfying(RetiredDeviceException.class, e -> {
                    assertThat(e.device()).isEqualTo(r2.uuid());
                    assertThat(e.replacedBy()).contains(r3.uuid());
                    assertThat(e.getMessage()).startsWith("device " + r2.directory() + " was replaced by device " + r3.uuid()
                            + " in mirror rv (membership generation 2 on " + r1.directory() + "; it still records 1)");
                });
        assertThat(Files.readString(r2.directory().resolve("device.json"))).isEqualTo(r2Before);
    }

    @Test
    void openRefusesADefinitionOlderThanWhatTheDevicesRecord() throws IOException {
        DirectoryDevice r1 = format("r1");
        DirectoryDevice r2 = format("r2");
        DirectoryDevice r3 = format("r3");
        MirrorDefinition def = mirrorOn(List.of(r1, r2));
        Mirror.replaceMember(def, r2.uuid(), r3, List.of(r1));

        assertThatThrownBy(() -> Mirror.open(def, List.of(r1), DurabilityMode.CRASH_SAFE))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageContaining("out of date: " + r1.directory() + " records membership generation 2")
                .hasMessageContaining("import the mirror from " + r1.directory() + " again");
    }

    @Test
    void aMemberAwayDuringAReplaceRejoinsStaleAndLearnsTheNewGeneration() throws IOException {
        DirectoryDevice a = format("a");
        DirectoryDevice b = format("b");
        DirectoryDevice c = format("c");
        DirectoryDevice d = format("d");
        MirrorDefinition def = mirrorOn(List.of(a, b, c));
        // c is away: only a learns of the replace
        MirrorDefinition next = Mirror.replaceMember(def, b.uuid(), d, List.of(a));
        assertThat(c.descriptor().mirror("rv")).contains(def);

        DirectoryDevice inspected = reopen(c, true);
        try (Mirror m = Mirror.open(next, List.of(a, d, inspected), DurabilityMode.CRASH_SAFE)) {
            assertThat(m.status()).filteredOn(s -> s.device().equals(c.uuid())).singleElement()
                    .satisfies(s -> assertThat(s.stale()).isTrue());
            assertThat(m.state()).as("never in sync while a member is behind by generation").isEqualTo(MirrorState.DIVERGED);
        }
        assertThat(inspected.descriptor().mirror("rv")).as("a read-only open changes nothing").contains(def);

        DirectoryDevice back = reopen(inspected, false);
        try (Mirror m = Mirror.open(next, List.of(a, d, back), DurabilityMode.CRASH_SAFE)) {
            assertThat(m.state()).isEqualTo(MirrorState.DIVERGED);
        }
        assertThat(back.descriptor().mirror("rv")).contains(next);
        assertThat(DirectoryDevice.readDescriptor(back.directory()).mirror("rv")).contains(next);
    }

    @Test
    void aDescriptorWrittenBeforeGenerationsReadsAsGenerationZeroAndOpens() throws IOException {
        DirectoryDevice r1 = format("r1");
        DirectoryDevice r2 = format("r2");
        MirrorDefinition def = mirrorOn(List.of(r1, r2));
        closeDevices();
        open.clear();
        for (String name : List.of("r1", "r2")) {
            Path file = tmp.resolve(name).resolve("device.json");
            String json = Files.readString(file);
            String legacy = json.replaceAll(",\\s*\"generation\"\\s*:\\s*1", "");
            assertThat(legacy).isNotEqualTo(json).doesNotContain("generation");
            Files.writeString(file, legacy);
        }

        MirrorDefinition legacy = DirectoryDevice.readDescriptor(tmp.resolve("r1")).mirror("rv").orElseThrow();
        assertThat(legacy.generation()).isZero();
        assertThat(legacy.devices()).isEqualTo(def.devices());
        DirectoryDevice n1 = DirectoryDevice.open(tmp.resolve("r1"), false);
        DirectoryDevice n2 = DirectoryDevice.open(tmp.resolve("r2"), false);
        open.add(n1);
        open.add(n2);
        try (Mirror m = Mirror.open(legacy, List.of(n1, n2), DurabilityMode.CRASH_SAFE)) {
            assertThat(m.state()).isEqualTo(MirrorState.IN_SYNC);
            assertThat(m.verify(TaskMonitor.NONE).identical()).isTrue();
        }
    }

    @Test
    void betweenDescriptorsWithoutGenerationTheOneThatNoLongerListsTheOtherRetiresIt() throws IOException {
        // what a replace made before generations leaves: r1 names r3, the away r2 still names r1 and itself
        UUID mirror = UUID.randomUUID();
        UUID r1 = UUID.randomUUID();
        UUID r2 = UUID.randomUUID();
        UUID r3 = UUID.randomUUID();
        MirrorDefinition onR1 = definition(mirror, List.of(r1, r3), 0);
        MirrorDefinition onR2 = definition(mirror, List.of(r1, r2), 0);

        Membership.Assessment a = Membership.assess(List.of(
                new Membership.Record(null, "this workspace", onR2),
                new Membership.Record(r1, "/mnt/a/tm", onR1),
                new Membership.Record(r2, "/mnt/b/tm", onR2)));

        assertThat(a.current()).isEqualTo(onR1);
        assertThat(a.retirementOf(r2)).hasValueSatisfying(r -> {
            assertThat(r.replacedBy()).isEqualTo(r3);
            assertThat(r.witness().device()).isEqualTo(r1);
        });
        assertThat(a.retirementOf(r1)).isEmpty();
        assertThat(Membership.refusal(a.retirementOf(r2).orElseThrow(), u -> "/mnt/c/tm").getMessage())
                .startsWith("device /mnt/b/tm was replaced by /mnt/c/tm in mirror rv (the record of its members on"
                        + " /mnt/a/tm no longer lists it)");
    }

    @Test
    void aCatalogCopyRetiresADeviceOnlyWhenItIsNewerAndNeverOutvotesTheDevicesThemselves() throws IOException {
        UUID mirror = UUID.randomUUID();
        UUID r1 = UUID.randomUUID();
        UUID r2 = UUID.randomUUID();
        UUID r3 = UUID.randomUUID();
        MirrorDefinition old = definition(mirror, List.of(r1, r2), 1);
        MirrorDefinition next = definition(mirror, List.of(r1, r3), 2);

        Membership.Assessment newer = Membership.assess(List.of(
                new Membership.Record(null, "this workspace", next), new Membership.Record(r2, "/mnt/b/tm", old)));
        assertThat(newer.retirementOf(r2)).hasValueSatisfying(r -> assertThat(r.replacedBy()).isEqualTo(r3));

        // a stale catalog of the same generation as a device's record: the device's word holds
        Membership.Assessment same = Membership.assess(List.of(
                new Membership.Record(null, "this workspace", definition(mirror, List.of(r1, r2), 2)),
                new Membership.Record(r1, "/mnt/a/tm", next)));
        assertThat(same.retired()).isEmpty();
        assertThat(same.current()).isEqualTo(next);
    }

    @Test
    void devicesOfOneGenerationThatDisagreeOnTheMembersAreRefused() {
        UUID mirror = UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        // two workspaces each replaced a different member from generation 1
        assertThatThrownBy(() -> Membership.assess(List.of(
                new Membership.Record(a, "/mnt/a/tm", definition(mirror, List.of(a, c, d), 2)),
                new Membership.Record(d, "/mnt/d/tm", definition(mirror, List.of(a, b, d), 2)))))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageStartingWith("the devices of mirror rv disagree on its members:")
                .hasMessageContaining("/mnt/a/tm (generation 2) lists");
    }

    private static MirrorDefinition definition(UUID mirror, List<UUID> devices, long generation) {
        return new MirrorDefinition("rv", mirror, 4096, 256, "mirror-" + mirror, devices, generation);
    }
}
