package io.dubboai.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDocumentStoreTest extends DocumentStoreContract {

    @TempDir
    Path dir;

    private FileDocumentStore shared;

    @Override
    protected DocumentStore createStore() {
        shared = new FileDocumentStore(dir);
        return shared;
    }

    /** One process, one store per folder: the "other replica" is the same store (files have no second writer). */
    @Override
    protected DocumentStore createOtherStore() {
        return new NotClosing(shared);
    }

    @Test
    void documentsShouldBeReadableByTheOwnerOnly() throws Exception {
        store.create("doc", "{}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("doc.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void keyThatIsNoFileNameShouldBeRejected() {
        assertThatThrownBy(() -> store.read("../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../etc/passwd'");
    }

    /** The same store, whose close the test's own close does. */
    private record NotClosing(FileDocumentStore delegate) implements DocumentStore {
        @Override
        public java.util.Optional<Document> read(String key) {
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
        public int maxDocumentBytes() {
            return delegate.maxDocumentBytes();
        }

        @Override
        public String describe() {
            return delegate.describe();
        }

        @Override
        public void close() {}
    }
}
