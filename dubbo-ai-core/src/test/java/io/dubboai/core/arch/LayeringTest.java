package io.dubboai.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core is the data plane's only dependency: contracts that depend on nothing but the JDK (and SnakeYAML for the
 * route rule's codec). Dubbo, Spring and the control plane stay out of it.
 */
final class LayeringTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dubboai.core");

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

    @Test
    void theCoreDependsOnNeitherDubboNorSpringNorTheControlPlane() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.dubbo..", "org.springframework..", "io.dubboai.controlplane..")
                .check(classes);
    }
}
