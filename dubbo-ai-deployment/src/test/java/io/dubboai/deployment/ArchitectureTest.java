package io.dubboai.deployment;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Spring stays in the spring package; route rules are written only through the control plane's one editor. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dubboai.deployment");

    @Test
    void onlyTheSpringPackageShouldDependOnSpring() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.dubboai.deployment.spring..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(classes);
    }

    @Test
    void nothingShouldWriteTheConfigCenterDirectly() {
        noClasses()
                .should()
                .callMethod(
                        org.apache.dubbo.common.config.configcenter.DynamicConfiguration.class,
                        "publishConfigCas",
                        String.class,
                        String.class,
                        String.class,
                        Object.class)
                .orShould()
                .callMethod(
                        org.apache.dubbo.common.config.configcenter.DynamicConfiguration.class,
                        "publishConfig",
                        String.class,
                        String.class,
                        String.class)
                .check(classes);
    }
}
