package io.dubboai.monitor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Module rules: what the monitor may depend on, and which packages stay free of Dubbo and Micrometer. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.dubboai.monitor");
    }

    @Test
    void monitor_providerSideUsesOnlyCoresContractsNotTheControlPlane() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.dubboai.controlplane..", "io.dubboai.registry..", "io.dubboai.server..")
                .check(classes);
    }

    @Test
    void spring_notUsedAtAll() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(classes);
    }

    @Test
    void sketchesAndDrift_dependOnNeitherDubboNorMicrometer() {
        noClasses()
                .that()
                .resideInAnyPackage("io.dubboai.monitor.sketch..", "io.dubboai.monitor.drift..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.dubbo..", "io.micrometer..", "io.dubboai.monitor.metrics..")
                .check(classes);
    }
}
