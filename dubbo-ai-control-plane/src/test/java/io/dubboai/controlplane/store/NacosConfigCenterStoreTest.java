package io.dubboai.controlplane.store;

import io.dubboai.controlplane.testing.NacosServer;

/** The config-center backend on a real Nacos 2.5.1 server (started from shared/nacos by {@link NacosServer}). */
class NacosConfigCenterStoreTest extends DocumentStoreContract {

    @Override
    protected DocumentStore createStore() {
        return ConfigCenterDocumentStore.open(NacosServer.shared().address(), "contract");
    }

    @Override
    protected DocumentStore createOtherStore() {
        return ConfigCenterDocumentStore.open(NacosServer.shared().address(), "contract");
    }

    @Override
    protected boolean exactConcurrentCreate() {
        return false;
    }
}
