package io.dubboai.controlplane.election;

import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.testing.NacosServer;

/** The lease election on a real Nacos 2.5.1 server; every node has a Nacos client of its own. */
class NacosLeaseElectionTest extends LeaseElectionContract {

    @Override
    protected DocumentStore newStore() {
        return ConfigCenterDocumentStore.open(address(), "dubbo-ai-election");
    }

    @Override
    protected String address() {
        return NacosServer.shared().address();
    }
}
