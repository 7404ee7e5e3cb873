package io.dubboai.controlplane.component;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Curator, fabric8 and Spring are optional dependencies of the core jar: only the classes that need them may refer to
 * them, so the rest loads without them.
 */
class LifecycleArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(
                    "io.dubboai.controlplane.component",
                    "io.dubboai.controlplane.election",
                    "io.dubboai.controlplane.dubbo");

    @Test
    void onlyTheZooKeeperBackendShouldUseCurator() {
        noClasses()
                .that()
                .doNotHaveSimpleName("ZooKeeperLeaderElection")
                .and()
                .doNotHaveFullyQualifiedName("io.dubboai.controlplane.election.ZooKeeperLeaderElection$1")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.curator..", "org.apache.zookeeper..")
                .check(classes);
    }

    @Test
    void onlyTheKubernetesBackendShouldUseFabric8() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.dubboai.controlplane.election")
                .or()
                .haveNameNotMatching("io\\.dubboai\\.controlplane\\.election\\.KubernetesLeaderElection(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.fabric8..")
                .check(classes);
    }

    @Test
    void springShouldStayInTheSpringPackage() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .check(classes);
    }
}
