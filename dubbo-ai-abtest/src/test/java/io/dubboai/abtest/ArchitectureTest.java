package io.dubboai.abtest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The statistics are plain math; only the experiments (and their Spring wiring) touch rules, the registry and Dubbo. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dubboai.abtest");

    @Test
    void statsShouldDependOnlyOnTheJdkAndCommonsStatistics() {
        classes()
                .that()
                .resideInAPackage("io.dubboai.abtest.stats..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..",
                        "io.dubboai.abtest.stats..",
                        "org.apache.commons.statistics..",
                        "org.apache.commons.rng..",
                        "org.jspecify..")
                .check(classes);
    }

    @Test
    void onlyExperimentsShouldWriteRouteRules() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.dubboai.abtest.experiment..", "io.dubboai.abtest.spring..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.dubboai.registry..", "org.apache.dubbo..")
                .check(classes);
    }
}
