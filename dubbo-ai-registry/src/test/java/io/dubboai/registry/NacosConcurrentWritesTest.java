package io.dubboai.registry;

import io.dubboai.controlplane.testing.NacosServer;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConcurrentWritesTest} on a real Nacos 2.5.1 server (started from shared/nacos by {@link NacosServer}). */
class NacosConcurrentWritesTest extends ConcurrentWritesTest {

    @TempDir
    static Path nacosTemp;

    static RegistryNode nacosFirst;
    static RegistryNode nacosSecond;
    static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void startNacosNodes() {
        String address = NacosServer.shared().address();
        nacosFirst = new RegistryNode(address, null, nacosTemp);
        nacosSecond = new RegistryNode(address, null, nacosTemp);
    }

    @AfterAll
    static void stopNacosNodes() {
        nacosSecond.close();
        nacosFirst.close();
    }

    @Override
    RegistryNode first() {
        return nacosFirst;
    }

    @Override
    RegistryNode second() {
        return nacosSecond;
    }

    @Override
    String model(String name) {
        return name + "-" + RUN;
    }
}
