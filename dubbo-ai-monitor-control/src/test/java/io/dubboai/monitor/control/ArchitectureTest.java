package io.dubboai.monitor.control;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Module rules: Spring only in the {@code spring} package; the analysis API depends on no backend. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.dubboai.monitor.control");
    }

    @Test
    void spring_onlyInTheSpringPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.dubboai.monitor.control.spring..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(classes);
    }

    @Test
    void analysisApi_dependsOnNoBackendNorDubbo() {
        noClasses()
                .that()
                .resideInAPackage("io.dubboai.monitor.control.analysis..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.dubboai.monitor.control.prometheus..",
                        "io.dubboai.monitor.control.scrape..",
                        "org.apache.dubbo..",
                        "com.fasterxml..")
                .check(classes);
    }

    @Test
    void serverAndRegistry_notUsed() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.dubboai.server..", "io.dubboai.registry..")
                .check(classes);
    }
}
