package io.dubboai.controlplane.testing;

import io.dubboai.controlplane.store.Document;
import io.dubboai.controlplane.store.DocumentListener;
import io.dubboai.controlplane.store.DocumentStore;
import java.time.Duration;
import java.util.Optional;

/** A store that hands every call to another; tests override the calls they want to fail or observe. */
public abstract class ForwardingDocumentStore implements DocumentStore {

    protected final DocumentStore delegate;

    protected ForwardingDocumentStore(DocumentStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<Document> read(String key) {
        return delegate.read(key);
    }

    @Override
    public boolean create(String key, String content) {
        return delegate.create(key, content);
    }

    @Override
    public boolean replace(String key, String content, Object ticket) {
        return delegate.replace(key, content, ticket);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public void watch(String key, DocumentListener listener) {
        delegate.watch(key, listener);
    }

    @Override
    public void unwatch(String key) {
        delegate.unwatch(key);
    }

    @Override
    public Duration readLag() {
        return delegate.readLag();
    }

    @Override
    public int maxDocumentBytes() {
        return delegate.maxDocumentBytes();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
