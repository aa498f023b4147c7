package io.tagmirror.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the console's layering: view models hold state and logic and never touch nodes. */
class ArchitectureTest {

    private static final JavaClasses CONSOLE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tagmirror.console");

    @Test
    void viewModelsDoNotDependOnTheSceneGraph() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .check(CONSOLE);
    }

    @Test
    void theSharedWorkflowPiecesKnowNoWorkflow() {
        noClasses().that().resideInAPackage("io.tagmirror.console.workflow..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tagmirror.console.repair..",
                        "io.tagmirror.console.replay..", "io.tagmirror.console.history..")
                .check(CONSOLE);
    }

    @Test
    void backgroundWorkIsNotStartedWithRawThreads() {
        noClasses().that().doNotHaveSimpleName("NamedThreadFactory")
                .should().callConstructor(Thread.class, Runnable.class)
                .orShould().callConstructor(Thread.class, Runnable.class, String.class)
                .check(CONSOLE);
    }
}
