package io.tagmirror;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
        noClasses().that().resideInAnyPackage("io.tagmirror.cli..", "io.tagmirror.console..")
                .should().dependOnClassesThat().resideInAPackage("io.tagmirror.engine.compare..")
                .check(MAIN);
    }

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

    private static boolean isLauncherMain(JavaCodeUnit origin) {
        return origin.getOwner().isEquivalentTo(ConsoleLauncher.class) && origin.getName().equals("main");
    }
}
