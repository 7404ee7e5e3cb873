package io.dubboai.registry.store;

import java.util.Optional;

/**
 * Where registry documents are kept: small JSON texts under string keys, each written with compare-and-set.
 * Implementations: {@link ConfigCenterDocumentStore} (Dubbo config center: ZooKeeper, Nacos) and
 * {@code KubernetesDocumentStore} (custom resources).
 *
 * <p>Threading: every method may be called from any thread.
 */
public interface DocumentStore extends AutoCloseable {

    /** The document under {@code key} with its ticket, or empty if there is none. */
    Optional<Document> read(String key);

    /**
     * Creates the document if there is none. Returns false when one exists (or a concurrent writer won).
     *
     * <p>Backends differ in how strict this is: Kubernetes and ZooKeeper refuse to create an existing object;
     * Nacos checks, then writes (see {@link ConfigCenterDocumentStore}). Callers that need strict ownership
     * take it by a compare-and-set elsewhere first (the registry allocates names and version numbers by
     * compare-and-set on an existing document).
     */
    boolean create(String key, String content);

    /** Replaces the document if it still carries {@code ticket}; false when another write came first. */
    boolean replace(String key, String content, Object ticket);

    /** Deletes the document; nothing happens when it does not exist. */
    void delete(String key);

    /** Tells {@code listener} of every later change of {@code key}, including its creation. */
    void watch(String key, DocumentListener listener);

    /** Stops telling the listeners of {@code key}. */
    void unwatch(String key);

    /** Largest document accepted, in UTF-8 bytes. */
    int maxDocumentBytes();

    /** A short description for logs and errors, e.g. {@code zookeeper://127.0.0.1:2181 group dubbo-ai-registry}. */
    String describe();

    /** Releases watches. Does not close a client passed in by the caller. */
    @Override
    void close();
}
