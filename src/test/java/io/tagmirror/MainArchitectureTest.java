package io.tagmirror;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.tagmirror.console.ConsoleLauncher;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the code and who may enter them, checked on the compiled main classes (see
 * docs/architecture.md, "Rules the build checks").
 */
class MainArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tagmirror");

    @Test
    void theEngineImportsNothingAboveIt() {
        noClasses().that().resideInAPackage("io.tagmirror.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tagmirror", "io.tagmirror.workspace..",
                        "io.tagmirror.operations..", "io.tagmirror.workload..", "io.tagmirror.cli..",
                        "io.tagmirror.console..", "javafx..", "picocli..")
                .check(MAIN);
    }

    @Test
    void theFacesNeverReachTheEnginesCompareRoom() {
        noClasses().that().resideInAnyPackage(FACES)
                .should().dependOnClassesThat().resideInAPackage("io.tagmirror.engine.compare..")
                .check(MAIN);
    }

    /**
     * The directory device (its tag table, group commit, objects, lock) is one kind of device behind the
     * engine's {@code Device} and {@code DeviceAddress}: nothing above the engine names it, so block and
     * attached devices fit without touching the workspace, the workloads or the faces.
     */
    @Test
    void theDeviceRoomIsReachedOnlyFromTheEngineAndTheOperations() {
        classes().that().resideInAPackage("io.tagmirror.engine.device..")
                .should().onlyHaveDependentClassesThat().resideInAnyPackage("io.tagmirror.engine..",
                        "io.tagmirror.operations..")
                .check(MAIN);
    }

    /** No face reaches a room of the engine below its API package (compare, device, log, ...). */
    @Test
    void theFacesReachOnlyTheEnginesApiPackage() {
        noClasses().that().resideInAnyPackage(FACES)
                .should().dependOnClassesThat().resideInAPackage("io.tagmirror.engine.*..")
                .check(MAIN);
    }

    /**
     * The faces change nothing in the engine themselves: every write, repair, membership change, device
     * format or open for writing goes through the operations layer, which checks it once and keeps it in
     * the history. A face may use the engine's values (records, enums, exceptions, the few helpers named
     * in {@link #ENGINE_VALUES}) and, on the engine's working types, only the calls in {@link #READS}:
     * reading state, inspecting a device read-only, and closing or listening to what it holds.
     */
    @Test
    void theFacesChangeTheEngineOnlyThroughTheOperations() {
        classes().that().resideInAnyPackage(FACES)
                .should(useTheEngineOnlyToRead())
                .check(MAIN);
    }

    static final String[] FACES = {"io.tagmirror.cli..", "io.tagmirror.console.."};

    /** Classes of the engine's API package that hold no state a face could change (beside records, enums, exceptions). */
    static final Set<String> ENGINE_VALUES = Set.of("ByteSize", "Plural", "Alternatives", "Membership", "TaskMonitor",
            "MirrorEvent$Listener", "TagTable$EntryVisitor");

    /** The engine's working types, and the calls on each that change nothing a face may not change. */
    static final Map<String, Set<String>> READS = Map.of(
            "Mirror", Set.of("definition", "name", "blockSize", "durability", "lengthBlocks", "sizeBytes", "writesDone",
                    "onlineCount", "status", "state", "checkName",
                    // what holds an assembled mirror listens to it and closes it
                    "addListener", "removeListener", "close"),
            "Device", Set.of("uuid", "blockSize", "location", "descriptor", "tagTable", "hasObject", "objectIds",
                    "object", "durability", "freeBytes", "isReadOnly", "commitStatistics", "notices", "close"),
            "TagTable", Set.of("scan", "scanPacked", "lookup", "count", "lastBatchId", "needsScrub", "entryBytes"),
            "StorageObject", Set.of("id", "blockSize", "lengthBlocks", "read", "readInto"),
            "TagGenerator", Set.of("id", "peek"),
            "DeviceAddress", Set.of("<init>", "directory", "block", "at", "kind", "locator", "inspect", "isReachable", "isDevice",
                    "readDescriptor", "readableEntries", "objectLocation"));

    private static final Set<String> OBJECT_METHODS = Set.of("toString", "equals", "hashCode");

    @Test
    void onlyTheCommandLinePrints() {
        classes().that().resideOutsideOfPackage("io.tagmirror.cli..")
                .should(notPrintToStandardStreams())
                .check(MAIN);
    }

    /**
     * Standard output and error, and stack traces printed to it, belong to the command line. The one
     * exception is the console launcher's {@code main}: without a display there is no window to say
     * so in, and it must say it before any JavaFX starts.
     */
    static ArchCondition<JavaClass> notPrintToStandardStreams() {
        return new ArchCondition<>("not print to standard output or standard error") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (JavaAccess<?> access : javaClass.getAccessesFromSelf()) {
                    boolean stream = access.getTargetOwner().isEquivalentTo(System.class)
                            && (access.getName().equals("out") || access.getName().equals("err"));
                    boolean stackTrace = access.getTargetOwner().isAssignableTo(Throwable.class)
                            && access.getName().equals("printStackTrace");
                    if ((stream || stackTrace) && !isLauncherMain(access.getOrigin())) {
                        events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                    }
                }
            }
        };
    }

    static ArchCondition<JavaClass> useTheEngineOnlyToRead() {
        return new ArchCondition<>("use the engine's API only to read, changing it through the operations") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (Dependency d : javaClass.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    if (isEngineApi(target) && !isValue(target) && working(target) == null) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()
                                + ": not a value of the engine's API; reach it through the operations"));
                    }
                }
                for (JavaAccess<?> access : javaClass.getAccessesFromSelf()) {
                    JavaClass owner = access.getTargetOwner();
                    String working = isEngineApi(owner) ? working(owner) : null;
                    if (working != null && !OBJECT_METHODS.contains(access.getName())
                            && !READS.get(working).contains(access.getName())) {
                        events.add(SimpleConditionEvent.violated(access, access.getDescription()
                                + ": changes the engine; call the operation that does it"));
                    }
                }
            }
        };
    }

    private static boolean isEngineApi(JavaClass c) {
        return c.getPackageName().equals("io.tagmirror.engine");
    }

    private static boolean isValue(JavaClass c) {
        String name = c.getName().substring("io.tagmirror.engine.".length());
        return c.isRecord() && working(c) == null || c.isEnum() || c.isAssignableTo(Throwable.class)
                || ENGINE_VALUES.contains(name) || c.getEnclosingClass().map(e -> e.isRecord() || e.isEnum()).orElse(false);
    }

    /** The working type {@code c} is or implements, or null. */
    private static String working(JavaClass c) {
        for (String name : READS.keySet()) {
            if (c.isAssignableTo("io.tagmirror.engine." + name)) {
                return name;
            }
        }
        return null;
    }

    private static boolean isLauncherMain(JavaCodeUnit origin) {
        return origin.getOwner().isEquivalentTo(ConsoleLauncher.class) && origin.getName().equals("main");
    }
}
