package io.tagmirror.console.replay;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workload.pattern.BlockSizeRange;
import io.tagmirror.workload.pattern.PatternKind;
import io.tagmirror.workload.replay.Fault;
import io.tagmirror.workload.replay.FaultPlan;
import io.tagmirror.workload.replay.Replayer;
import io.tagmirror.workload.trace.TraceFit;
import io.tagmirror.workload.trace.TraceFormat;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * State and checks of the replay form: mirror, workload (trace file or synthetic pattern), writers,
 * rate, and the fault plan. Every change re-checks the form; {@link #problems()} says in words what is
 * wrong, and {@link #build()} gives the settings once nothing is.
 */
public final class ReplayFormViewModel {

    /** The two kinds of workload. */
    public enum Source { PATTERN, TRACE }

    private final ObservableList<String> mirrors = FXCollections.observableArrayList();
    private final ObjectProperty<String> mirror = new SimpleObjectProperty<>(this, "mirror");
    private final ObservableList<DeviceOption> devices = FXCollections.observableArrayList();

    private final ObjectProperty<Source> source = new SimpleObjectProperty<>(this, "source", Source.PATTERN);
    private final ObjectProperty<PatternKind> pattern = new SimpleObjectProperty<>(this, "pattern", PatternKind.RANDOM);
    private final StringProperty count = new SimpleStringProperty(this, "count", "2000");
    private final StringProperty sizes = new SimpleStringProperty(this, "sizes", "4k-64k");
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "1");
    private final StringProperty trace = new SimpleStringProperty(this, "trace", "");
    private final ObjectProperty<TraceFormat> format = new SimpleObjectProperty<>(this, "format");
    private final ObjectProperty<TraceFit.Fit> fit = new SimpleObjectProperty<>(this, "fit", TraceFit.Fit.WRAP);

    private final StringProperty writers = new SimpleStringProperty(this, "writers", "1");
    private final StringProperty queueDepth = new SimpleStringProperty(this, "queueDepth",
            Integer.toString(Replayer.DEFAULT_QUEUE_DEPTH));
    private final StringProperty rateLimit = new SimpleStringProperty(this, "rateLimit", "");
    private final StringProperty limit = new SimpleStringProperty(this, "limit", "");

    private final BooleanProperty crash = new SimpleBooleanProperty(this, "crash", false);
    private final StringProperty crashAfter = new SimpleStringProperty(this, "crashAfter", "");
    private final ObservableList<OfflineRow> offline = FXCollections.observableArrayList(
            row -> new Observable[] {row.device, row.from, row.to});
    private final ObservableList<TearRow> tears = FXCollections.observableArrayList(
            row -> new Observable[] {row.device, row.write});

    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ObservableMap<FormField, String> fieldProblems = FXCollections.observableHashMap();
    private final ObservableList<String> notes = FXCollections.observableArrayList();
    private final BooleanBinding valid = Bindings.isEmpty(problems);

    /** An offline window being edited: the device misses writes FROM to TO-1. */
    public static final class OfflineRow {
        private final ObjectProperty<DeviceOption> device = new SimpleObjectProperty<>(this, "device");
        private final StringProperty from = new SimpleStringProperty(this, "from", "");
        private final StringProperty to = new SimpleStringProperty(this, "to", "");

        public ObjectProperty<DeviceOption> deviceProperty() {
            return device;
        }

        public StringProperty fromProperty() {
            return from;
        }

        public StringProperty toProperty() {
            return to;
        }
    }

    /** A torn write being edited: write N lands only half on the device. */
    public static final class TearRow {
        private final ObjectProperty<DeviceOption> device = new SimpleObjectProperty<>(this, "device");
        private final StringProperty write = new SimpleStringProperty(this, "write", "");

        public ObjectProperty<DeviceOption> deviceProperty() {
            return device;
        }

        public StringProperty writeProperty() {
            return write;
        }
    }

    public ReplayFormViewModel() {
        Observable[] inputs = {mirror, devices, source, pattern, count, sizes, seed, trace, format, fit, writers,
                queueDepth, rateLimit, limit, crash, crashAfter, offline, tears};
        for (Observable o : inputs) {
            o.addListener(obs -> check());
        }
        // A device list for another mirror invalidates the devices the rows named.
        devices.addListener((ListChangeListener<DeviceOption>) c -> {
            offline.forEach(r -> keepIfListed(r.device));
            tears.forEach(r -> keepIfListed(r.device));
        });
        check();
    }

    private void keepIfListed(ObjectProperty<DeviceOption> device) {
        // An empty list is a mirror being switched or reloaded, not a different set of devices.
        if (device.get() != null && !devices.isEmpty() && !devices.contains(device.get())) {
            device.set(null);
        }
    }

    /** Adds an empty offline window, on the last device by default. */
    public OfflineRow addOffline() {
        OfflineRow row = new OfflineRow();
        if (!devices.isEmpty()) {
            row.device.set(devices.get(devices.size() - 1));
        }
        offline.add(row);
        return row;
    }

    /** Adds an empty torn write, on the last device by default. */
    public TearRow addTear() {
        TearRow row = new TearRow();
        if (!devices.isEmpty()) {
            row.device.set(devices.get(devices.size() - 1));
        }
        tears.add(row);
        return row;
    }

    /**
     * Fills in a plan that shows every kind of divergence on a two-device mirror: the last device misses a
     * window of writes, a later write tears on it, and the host crashes near the end.
     */
    public void suggestDemoFaults() {
        source.set(Source.PATTERN);
        pattern.set(PatternKind.RANDOM);
        count.set("1200");
        sizes.set("4k-16k");
        offline.clear();
        tears.clear();
        OfflineRow window = addOffline();
        window.from.set("300");
        window.to.set("500");
        TearRow tear = addTear();
        tear.write.set("700");
        crash.set(true);
        crashAfter.set("1000");
    }

    private void check() {
        Problems wrong = new Problems();
        List<String> info = new ArrayList<>();
        if (mirror.get() == null || mirror.get().isBlank()) {
            wrong.add(FormField.MIRROR, "Choose a mirror to replay against.");
        }
        long workloadLength = -1;
        if (source.get() == Source.PATTERN) {
            if (pattern.get() == null) {
                wrong.add(FormField.PATTERN, "Choose a pattern.");
            }
            Long n = number(count.get(), FormField.COUNT, "Operations", 1, 1_000_000_000L, wrong);
            workloadLength = n == null ? -1 : n;
            try {
                BlockSizeRange.parse(sizes.get());
            } catch (TagMirrorException | RuntimeException e) {
                wrong.add(FormField.SIZES, "Write size: " + e.getMessage());
            }
        } else {
            String file = trace.get() == null ? "" : trace.get().strip();
            if (file.isEmpty()) {
                wrong.add(FormField.TRACE, "Choose a trace file (fio iolog, blkparse text or MSR CSV).");
            } else {
                try {
                    Path p = Path.of(file);
                    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                        wrong.add(FormField.TRACE, "The trace " + file + " is not a readable file.");
                    }
                } catch (InvalidPathException e) {
                    wrong.add(FormField.TRACE, "The trace " + file + " is not a file path.");
                }
            }
        }
        number(seed.get(), FormField.SEED, "Seed", Long.MIN_VALUE, Long.MAX_VALUE, wrong);
        number(writers.get(), FormField.WRITERS, "Writers", 1, Replayer.MAX_WRITERS, wrong);
        number(queueDepth.get(), FormField.QUEUE_DEPTH, "Queue depth", 1, Replayer.MAX_QUEUE_DEPTH, wrong);
        if (!rateLimit.get().isBlank()) {
            try {
                double rate = Double.parseDouble(rateLimit.get().strip());
                if (!(rate > 0) || Double.isInfinite(rate)) {
                    wrong.add(FormField.RATE, "Writes/s: give a positive number of writes per second, or leave it"
                            + " empty for full speed.");
                }
            } catch (NumberFormatException e) {
                wrong.add(FormField.RATE, "Writes/s: '" + rateLimit.get().strip() + "' is not a number of writes per second.");
            }
        }
        if (!limit.get().isBlank()) {
            Long n = number(limit.get(), FormField.LIMIT, "Stop after", 0, Long.MAX_VALUE, wrong);
            if (n != null) {
                workloadLength = workloadLength < 0 ? n : Math.min(workloadLength, n);
            }
        }
        Optional<FaultPlan> plan = faultPlan(wrong);
        if (plan.isPresent()) {
            try {
                plan.get().validate();
            } catch (TagMirrorException e) {
                wrong.add(FormField.FAULTS, "Faults: " + e.getMessage());
            }
            if (workloadLength >= 0) {
                for (Fault f : plan.get().all()) {
                    if (f.write() >= workloadLength) {
                        info.add("The " + kind(f) + " at write " + f.write() + " comes after the last write ("
                                + (workloadLength - 1) + "), so it will not happen.");
                    }
                }
            }
        }
        problems.setAll(wrong.texts());
        // Cleared and refilled at once: each field's reason shows beside it, the first one per field.
        fieldProblems.clear();
        fieldProblems.putAll(wrong.firstByField());
        notes.setAll(info);
    }

    private static String kind(Fault f) {
        if (f instanceof Fault.CrashAfter) {
            return "host crash";
        }
        return f instanceof Fault.Offline ? "offline window" : "torn write";
    }

    private Optional<FaultPlan> faultPlan(Problems wrong) {
        int before = wrong.size();
        Fault.CrashAfter crashFault = null;
        if (crash.get()) {
            Long n = number(crashAfter.get(), FormField.CRASH_AFTER, "Crash after write", 0, Long.MAX_VALUE, wrong);
            if (n != null) {
                crashFault = new Fault.CrashAfter(n);
            }
        }
        List<Fault.Offline> windows = new ArrayList<>();
        for (int i = 0; i < offline.size(); i++) {
            OfflineRow r = offline.get(i);
            String what = "Offline window " + (i + 1);
            Long from = number(r.from.get(), FormField.FAULTS, what + ", from write", 0, Long.MAX_VALUE, wrong);
            Long to = number(r.to.get(), FormField.FAULTS, what + ", to write", 0, Long.MAX_VALUE, wrong);
            if (r.device.get() == null) {
                wrong.add(FormField.FAULTS, what + ": choose the device that goes offline.");
            } else if (from != null && to != null) {
                if (to <= from) {
                    wrong.add(FormField.FAULTS, what + ": the window must end after it starts (the device misses writes FROM to TO-1).");
                } else {
                    windows.add(new Fault.Offline(r.device.get().path(), r.device.get().uuid(), from, to));
                }
            }
        }
        List<Fault.Tear> torn = new ArrayList<>();
        for (int i = 0; i < tears.size(); i++) {
            TearRow r = tears.get(i);
            String what = "Torn write " + (i + 1);
            Long write = number(r.write.get(), FormField.FAULTS, what, 0, Long.MAX_VALUE, wrong);
            if (r.device.get() == null) {
                wrong.add(FormField.FAULTS, what + ": choose the device the write tears on.");
            } else if (write != null) {
                torn.add(new Fault.Tear(write, r.device.get().path(), r.device.get().uuid()));
            }
        }
        if (wrong.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new FaultPlan(crashFault, windows, torn));
    }

    /** The number in {@code text}, or null with a message about {@code field} added to {@code wrong}. */
    private static Long number(String text, FormField field, String what, long min, long max, Problems wrong) {
        String t = text == null ? "" : text.strip().replace("_", "").replace(",", "");
        try {
            long n = Long.parseLong(t);
            if (n < min || n > max) {
                wrong.add(field, max == Long.MAX_VALUE
                        ? String.format(Locale.ROOT, "%s: give a whole number of %,d or more.", what, min)
                        : String.format(Locale.ROOT, "%s: give a whole number from %,d to %,d.", what, min, max));
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            wrong.add(field, what + ": '" + t + "' is not a whole number.");
            return null;
        }
    }

    /** The problems one check found, in order, each with the field it is shown beside. */
    private static final class Problems {
        private final List<String> texts = new ArrayList<>();
        private final Map<FormField, String> firstByField = new EnumMap<>(FormField.class);

        void add(FormField field, String text) {
            texts.add(text);
            firstByField.putIfAbsent(field, text);
        }

        int size() {
            return texts.size();
        }

        List<String> texts() {
            return texts;
        }

        Map<FormField, String> firstByField() {
            return firstByField;
        }
    }

    /** The checked settings; throws when the form has problems. */
    public ReplaySettings build() throws TagMirrorException {
        check();
        if (!problems.isEmpty()) {
            throw new TagMirrorException(problems.get(0));
        }
        boolean isPattern = source.get() == Source.PATTERN;
        FaultPlan plan = faultPlan(new Problems()).orElseThrow();
        double rate = rateLimit.get().isBlank() ? 0 : Double.parseDouble(rateLimit.get().strip());
        long stopAfter = limit.get().isBlank() ? -1 : parse(limit.get());
        return new ReplaySettings(mirror.get(), isPattern ? pattern.get() : null, isPattern ? parse(count.get()) : 0,
                isPattern ? BlockSizeRange.parse(sizes.get()) : null, isPattern ? null : Path.of(trace.get().strip()),
                format.get(), fit.get(), parse(seed.get()), (int) parse(writers.get()), (int) parse(queueDepth.get()),
                rate, stopAfter, plan);
    }

    private static long parse(String text) {
        return Long.parseLong(text.strip().replace("_", "").replace(",", ""));
    }

    // ---------------------------------------------------------------- properties

    public ObservableList<String> mirrors() {
        return mirrors;
    }

    public ObjectProperty<String> mirrorProperty() {
        return mirror;
    }

    /** The chosen mirror's devices, for the faults. */
    public ObservableList<DeviceOption> devices() {
        return devices;
    }

    public ObjectProperty<Source> sourceProperty() {
        return source;
    }

    public ObjectProperty<PatternKind> patternProperty() {
        return pattern;
    }

    /** Operations the pattern makes. */
    public StringProperty countProperty() {
        return count;
    }

    /** Write size of the pattern, e.g. "4k" or "4k-64k". */
    public StringProperty sizesProperty() {
        return sizes;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** The trace file's path. */
    public StringProperty traceProperty() {
        return trace;
    }

    /** The trace's format, or null to tell it from the file. */
    public ObjectProperty<TraceFormat> formatProperty() {
        return format;
    }

    public ObjectProperty<TraceFit.Fit> fitProperty() {
        return fit;
    }

    public StringProperty writersProperty() {
        return writers;
    }

    public StringProperty queueDepthProperty() {
        return queueDepth;
    }

    /** Writes per second at most; empty for full speed. */
    public StringProperty rateLimitProperty() {
        return rateLimit;
    }

    /** Stop after this many writes; empty for the whole workload. */
    public StringProperty limitProperty() {
        return limit;
    }

    public BooleanProperty crashProperty() {
        return crash;
    }

    public StringProperty crashAfterProperty() {
        return crashAfter;
    }

    public ObservableList<OfflineRow> offline() {
        return offline;
    }

    public ObservableList<TearRow> tears() {
        return tears;
    }

    /** What is wrong with the form, in words; empty when it can run. */
    public ObservableList<String> problems() {
        return problems;
    }

    /** What is wrong with {@code field}, shown beside it; null while nothing is. */
    public StringBinding problemProperty(FormField field) {
        return Bindings.stringValueAt(fieldProblems, field);
    }

    /** Things worth knowing that do not stop the replay, e.g. a fault past the last write. */
    public ObservableList<String> notes() {
        return notes;
    }

    public BooleanBinding validProperty() {
        return valid;
    }
}
