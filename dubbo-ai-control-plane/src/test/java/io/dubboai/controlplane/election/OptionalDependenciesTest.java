package io.dubboai.controlplane.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.component.ComponentManager;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.extension.SPI;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Loads the core on a class path that holds only its required dependencies (Dubbo, SLF4J, JSpecify), without
 * Curator, ZooKeeper, fabric8 or Spring: the single-node election and the manager work, and choosing the zookeeper
 * backend says which dependency to add.
 */
class OptionalDependenciesTest {

    private static URL locationOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static URLClassLoader coreWithoutOptionalDependencies() {
        return new URLClassLoader(
                new URL[] {
                    locationOf(LeaderElections.class),
                    locationOf(SPI.class),
                    locationOf(LoggerFactory.class),
                    locationOf(NullMarked.class)
                },
                ClassLoader.getPlatformClassLoader());
    }

    @Test
    void singleNodeElectionAndManagerShouldRunWithoutCuratorFabric8OrSpring() throws Exception {
        try (URLClassLoader loader = coreWithoutOptionalDependencies()) {
            assertThatThrownBy(() -> loader.loadClass("org.apache.curator.framework.CuratorFramework"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> loader.loadClass("io.fabric8.kubernetes.client.KubernetesClient"))
                    .isInstanceOf(ClassNotFoundException.class);

            Class<?> settingsType = loader.loadClass(ElectionSettings.class.getName());
            Object settings = settingsType.getMethod("single", String.class).invoke(null, "solo");
            Object election = loader.loadClass(LeaderElections.class.getName())
                    .getMethod("create", settingsType)
                    .invoke(null, settings);
            assertThat(election.getClass().getName()).isEqualTo(SingleNodeElection.class.getName());

            Class<?> backoffType = loader.loadClass("io.dubboai.controlplane.component.BackoffConfig");
            Object backoff = backoffType.getField("DEFAULTS").get(null);
            Class<?> managerType = loader.loadClass(ComponentManager.class.getName());
            Method create = managerType.getMethod(
                    "create", List.class, loader.loadClass(LeaderElection.class.getName()), backoffType);
            Object manager = create.invoke(null, List.of(), election, backoff);
            ((CompletableFuture<?>) managerType.getMethod("start").invoke(manager)).get(5, TimeUnit.SECONDS);
            assertThat(managerType.getMethod("isLeader").invoke(manager)).isEqualTo(true);
            managerType.getMethod("close").invoke(manager);
        }
    }

    @Test
    void zookeeperElectionWithoutCuratorShouldNameTheDependencyToAdd() throws Exception {
        try (URLClassLoader loader = coreWithoutOptionalDependencies()) {
            Class<?> settingsType = loader.loadClass(ElectionSettings.class.getName());
            Class<?> typeType = loader.loadClass(ElectionType.class.getName());
            Class<?> zookeeperType = loader.loadClass(ZooKeeperElectionSettings.class.getName());
            Class<?> kubernetesType = loader.loadClass(KubernetesElectionSettings.class.getName());
            Object zookeeper = zookeeperType.getMethod("of", String.class).invoke(null, "127.0.0.1:2181");
            Object settings = settingsType
                    .getConstructor(typeType, String.class, zookeeperType, kubernetesType)
                    .newInstance(
                            typeType.getMethod("fromName", String.class).invoke(null, "zookeeper"),
                            "a",
                            zookeeper,
                            null);
            Method create = loader.loadClass(LeaderElections.class.getName()).getMethod("create", settingsType);

            assertThatThrownBy(() -> create.invoke(null, settings))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("dubbo.ai.election.type is zookeeper but"
                            + " org.apache.curator.framework.recipes.leader.LeaderLatch is not on the class path;"
                            + " add the dependency org.apache.curator:curator-recipes");
        }
    }
}
