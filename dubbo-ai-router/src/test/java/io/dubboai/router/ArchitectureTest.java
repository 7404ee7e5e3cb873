package io.dubboai.router;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Optional dependencies stay where they are allowed, so the jar runs under plain Dubbo. */
@AnalyzeClasses(packages = "io.dubboai.router", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule micrometerOnlyInMetrics = noClasses()
            .that()
            .resideOutsideOfPackage("io.dubboai.router.metrics..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.micrometer..");

    @ArchTest
    static final ArchRule noSpring =
            noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..");

    @ArchTest
    static final ArchRule internalDoesNotReachIntoTheRouterItself = noClasses()
            .that()
            .resideInAPackage("io.dubboai.router.internal..")
            .should()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("Filter")
            .orShould()
            .dependOnClassesThat()
            .haveSimpleName("ModelStateRouter");
}
