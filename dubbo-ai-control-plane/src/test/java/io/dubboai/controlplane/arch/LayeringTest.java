package io.dubboai.controlplane.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Spring stays optional: only the {@code spring} package may use it, so the jar also runs under plain Dubbo. */
final class LayeringTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dubboai.controlplane");

    @Test
    void onlyTheSpringPackageDependsOnSpring() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.dubboai.controlplane.spring..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(classes);
    }
}
