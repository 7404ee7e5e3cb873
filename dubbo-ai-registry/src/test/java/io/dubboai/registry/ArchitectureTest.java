package io.dubboai.registry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Spring stays in the spring package, so the registry also runs under plain Dubbo. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dubboai.registry");

    @Test
    void onlyTheSpringPackageShouldDependOnSpring() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.dubboai.registry.spring..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(classes);
    }

    @Test
    void theCoreApiShouldNotDependOnFabric8OrTheAwsSdk() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "io.dubboai.registry.store.kubernetes..",
                        "io.dubboai.registry.artifact..",
                        "io.dubboai.registry.spring..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.fabric8..", "software.amazon..")
                .check(classes);
    }
}
