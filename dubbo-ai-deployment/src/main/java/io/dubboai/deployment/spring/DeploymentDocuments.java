package io.dubboai.deployment.spring;

import io.dubboai.controlplane.store.DocumentStore;

/**
 * The store of deployments and model claims, in a type of its own so that it is never injected where another module
 * looks for "the" {@link DocumentStore} (the registry keeps its metadata apart).
 *
 * @param store the store
 */
public record DeploymentDocuments(DocumentStore store) implements AutoCloseable {
    @Override
    public void close() {
        store.close();
    }
}
