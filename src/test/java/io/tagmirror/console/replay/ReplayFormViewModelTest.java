package io.tagmirror.console.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayFormViewModelTest {

    @TempDir
    Path tmp;

    private final ReplayFormViewModel form = new ReplayFormViewModel();
    private final DeviceOption a = new DeviceOption(UUID.randomUUID(), "device-a", Path.of("/srv/a").toAbsolutePath());
    private final DeviceOption b = new DeviceOption(UUID.randomUUID(), "device-b", Path.of("/srv/b").toAbsolutePath());

    @BeforeEach
    void setUp() {
        form.mirrors().setAll("lab");
        form.devices().setAll(a, b);
    }

    @Test
    void needsAMirrorAndIsValidWithTheDefaultsOnceItHasOne() throws Exception {
        assertThat(form.problems()).containsExactly("Choose a mirror to replay against.");
        assertThat(form.validProperty().get()).isFalse();
        form.mirrorProperty().set("lab");
        assertThat(form.problems()).isEmpty();
        ReplaySettings settings = form.build();
        assertThat(settings.count()).isEqualTo(2000);
        assertThat(settings.rateLimit()).isZero();
        assertThat(settings.limit()).isEqualTo(-1);
        assertThat(settings.faults().isEmpty()).isTrue();
    }

    @Test
    void saysWhichFieldIsWrongInWords() {
        form.mirrorProperty().set("lab");
        form.countProperty().set("lots");
        form.sizesProperty().set("3 bytes");
        form.writersProperty().set("0");
        form.rateLimitProperty().set("-5");
        assertThat(form.problems()).anyMatch(p -> p.startsWith("Operations: 'lots' is not a whole number"))
                .anyMatch(p -> p.startsWith("Write size:"))
                .anyMatch(p -> p.startsWith("Writers: give a whole number from 1"))
                .anyMatch(p -> p.startsWith("Writes/s: give a positive number"));
        assertThatThrownBy(form::build).isInstanceOf(TagMirrorException.class);
    }

    @Test
    void eachProblemBelongsToTheFieldItIsShownBeside() {
        form.mirrorProperty().set("lab");
        form.countProperty().set("lots");
        form.limitProperty().set("-1");

        assertThat(form.problemProperty(FormField.COUNT).get()).startsWith("Operations: 'lots' is not a whole number");
        assertThat(form.problemProperty(FormField.LIMIT).get()).isEqualTo("Stop after: give a whole number of 0 or more.");
        assertThat(form.problemProperty(FormField.RATE).get()).isNull();
        assertThat(form.problemProperty(FormField.MIRROR).get()).isNull();

        form.countProperty().set("2000");
        assertThat(form.problemProperty(FormField.COUNT).get()).as("cleared once mended").isNull();

        ReplayFormViewModel.OfflineRow window = form.addOffline();
        window.fromProperty().set("100");
        window.toProperty().set("50");
        assertThat(form.problemProperty(FormField.FAULTS).get()).contains("must end after it starts");
    }

    @Test
    void checksTheFaultPlanAsTheCommandLineDoes() throws Exception {
        form.mirrorProperty().set("lab");
        ReplayFormViewModel.OfflineRow window = form.addOffline();
        assertThat(window.deviceProperty().get()).isEqualTo(b);
        window.fromProperty().set("100");
        window.toProperty().set("50");
        assertThat(form.problems()).singleElement().asString().contains("must end after it starts");
        window.toProperty().set("200");
        ReplayFormViewModel.TearRow tear = form.addTear();
        tear.writeProperty().set("150");
        assertThat(form.problems()).singleElement().asString().contains("falls in --offline");
        tear.deviceProperty().set(a);
        assertThat(form.problems()).isEmpty();
        form.crashProperty().set(true);
        form.crashAfterProperty().set("120");
        assertThat(form.problems()).anyMatch(p -> p.contains("at or after --crash-after 120"));
        form.crashAfterProperty().set("5000");
        assertThat(form.problems()).isEmpty();
        assertThat(form.notes()).singleElement().asString().contains("host crash at write 5000 comes after the last write");
        form.crashAfterProperty().set("1500");
        ReplaySettings settings = form.build();
        assertThat(settings.faults().offline()).singleElement().satisfies(o -> {
            assertThat(o.uuid()).isEqualTo(b.uuid());
            assertThat(o.from()).isEqualTo(100);
        });
        assertThat(settings.faults().crash().write()).isEqualTo(1500);
    }

    @Test
    void aDeviceOfAnotherMirrorIsDroppedFromTheFaults() {
        ReplayFormViewModel.OfflineRow window = form.addOffline();
        DeviceOption other = new DeviceOption(UUID.randomUUID(), "disk-9", Path.of("/srv/9").toAbsolutePath());
        form.devices().setAll(other);
        assertThat(window.deviceProperty().get()).isNull();
    }

    @Test
    void aTraceMustBeAReadableFile() throws Exception {
        form.mirrorProperty().set("lab");
        form.sourceProperty().set(ReplayFormViewModel.Source.TRACE);
        assertThat(form.problems()).singleElement().asString().startsWith("Choose a trace file");
        form.traceProperty().set(tmp.resolve("missing.log").toString());
        assertThat(form.problems()).singleElement().asString().contains("is not a readable file");
        Path trace = Files.writeString(tmp.resolve("trace.log"), "fio version 2 iolog\n");
        form.traceProperty().set(trace.toString());
        assertThat(form.problems()).isEmpty();
        assertThat(form.build().trace()).isEqualTo(trace);
        assertThat(form.build().pattern()).isNull();
    }

    @Test
    void theDemoPlanIsValidAndInjectsEveryKindOfFault() throws Exception {
        form.mirrorProperty().set("lab");
        form.suggestDemoFaults();
        assertThat(form.problems()).isEmpty();
        ReplaySettings settings = form.build();
        assertThat(settings.faults().offline()).hasSize(1);
        assertThat(settings.faults().tears()).hasSize(1);
        assertThat(settings.faults().crash()).isNotNull();
    }
}
