package io.dubboai.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.testing.ForwardingDocumentStore;
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
    private static final class NotClosing extends ForwardingDocumentStore {
        NotClosing(FileDocumentStore delegate) {
            super(delegate);
        }

        @Override
        public void close() {}
    }
}
