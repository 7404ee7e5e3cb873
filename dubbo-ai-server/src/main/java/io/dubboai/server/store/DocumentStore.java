package io.dubboai.server.store;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Small text documents (JSON) under fixed keys, written with compare-and-set: where the server keeps users, token
 * hashes and the audit log. Backends: {@link FileDocumentStore} (one process, embedded mode),
 * {@link ZooKeeperDocumentStore} (a ZooKeeper config center, shared by every replica) and
 * {@link ConfigCenterDocumentStore} (any other Dubbo config center, e.g. Nacos).
 */
public interface DocumentStore extends AutoCloseable {

    /** The document under {@code key} with the ticket to write it back, if it exists. */
    Optional<Versioned> read(String key);

    /**
     * Writes {@code content} under {@code key} if it is still at {@code ticket} (or, for a {@code null} ticket, if it
     * does not exist yet).
     *
     * @return {@code true} if written, {@code false} if another writer came first (re-read and retry)
     */
    boolean compareAndSet(String key, String content, @Nullable Object ticket);

    /** Removes the document under {@code key} if present (used to drop old audit segments). */
    void remove(String key);

    /** A short description for logs, e.g. the folder or the config-center address. */
    String describe();

    /** Releases connections. Idempotent. */
    @Override
    void close();

    /**
     * One read of a document.
     *
     * @param content the document text
     * @param ticket the backend's version token, passed back to {@link #compareAndSet}
     */
    record Versioned(String content, Object ticket) {}
}
