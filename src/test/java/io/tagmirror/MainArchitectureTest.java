package io.tagmirror;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
}
