package io.dubboai.controlplane.discovery;

import io.dubboai.controlplane.testing.NacosServer;
import java.util.UUID;

/**
 * {@link ModelProviderDirectory} on a real Nacos 2.5.1 server (started from shared/nacos by {@link NacosServer}). Each
 * test runs in a namespace of its own, so the OIP service does not exist in Nacos until the test's first provider
 * registers: the case a wildcard subscription never saw.
 */
class NacosModelProviderDirectoryTest extends ModelProviderDirectoryContract {

    private final String namespace = "directory-" + UUID.randomUUID();

    @Override
    protected String registryAddress() {
        return NacosServer.shared().address() + "?namespace=" + namespace;
    }
}
