package io.dubboai.controlplane.election;

import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.FileDocumentStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The lease election on files: every node of the test shares one folder (one process). */
class FileLeaseElectionTest extends LeaseElectionContract {

    @TempDir
    Path dir;

    @Override
    protected DocumentStore newStore() {
        return new FileDocumentStore(dir);
    }

    @Override
    protected String address() {
        return "file://" + dir;
    }
}
