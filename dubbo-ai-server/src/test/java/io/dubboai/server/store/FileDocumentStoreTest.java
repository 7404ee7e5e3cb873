package io.dubboai.server.store;

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

    @Override
    protected DocumentStore createStore() {
        return new FileDocumentStore(dir);
    }

    @Test
    void documentsShouldBeReadableByTheOwnerOnly() throws Exception {
        store.compareAndSet("doc", "{}", null);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("doc.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void keyThatIsNoFileNameShouldBeRejected() {
        assertThatThrownBy(() -> store.read("../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../etc/passwd'");
    }
}
