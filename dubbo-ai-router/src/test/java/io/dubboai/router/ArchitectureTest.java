package io.dubboai.router;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Optional dependencies stay where they are allowed, so the jar runs under plain Dubbo. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.dubboai.router");
    }

    @Test
    void micrometer_usedOnlyInTheMetricsPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.dubboai.router.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.micrometer..")
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
    void controlPlane_notUsedAtAll() {
        // the tests use the registry and the control plane's test servers; a consumer must not need them
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.dubboai.controlplane..", "io.dubboai.registry..", "io.dubboai.server..")
                .check(classes);
    }

    @Test
    void internal_doesNotDependOnTheRouterOrFilters() {
        noClasses()
                .that()
                .resideInAPackage("io.dubboai.router.internal..")
                .should()
                .dependOnClassesThat()
                .haveSimpleName("ModelStateRouter")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("Filter")
                .check(classes);
    }
}
