package io.dubboai.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Spring stays optional: only the {@code spring} package may use it, so the jar also runs under plain Dubbo. */
final class LayeringTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dubboai.core");

    @Test
    void onlyTheSpringPackageDependsOnSpring() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.dubboai.core.spring..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void contractsDependOnNothingButTheJdk() {
        noClasses()
                .that()
                .resideInAnyPackage("io.dubboai.core.contract..", "io.dubboai.core.model..", "io.dubboai.core.secret..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", "io.dubboai.core..", "org.jspecify..")
                .check(classes);
    }
}
