package io.dubboai.registry.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.registry.RegistryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileArtifactStoreTest extends ArtifactStoreContract {

    @TempDir
    Path temp;

    private FileArtifactStore store;

    @BeforeEach
    void createStore() {
        store = new FileArtifactStore(temp.resolve("artifacts"));
    }

    @Override
    ArtifactStore store() {
        return store;
    }

    @Test
    void urisOutsideTheRootShouldBeRefusedForEveryOperation() throws Exception {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "secret");
        String root = store.root().toUri().toString();
        List<String> escapes = List.of(
                secret.toUri().toString(),
                root + "../secret.txt",
                root + "churn/1/..%2F..%2F..%2Fsecret.txt",
                root + "%2e%2e/secret.txt",
                "file:/etc/passwd",
                "s3://models/churn/1/model.onnx");
        for (String uri : escapes) {
            assertThat(store.owns(uri)).as(uri).isFalse();
            assertThatThrownBy(() -> store.open(uri))
                    .as(uri)
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
                            .isEqualTo(RegistryException.Reason.URI_NOT_ALLOWED));
            assertThatThrownBy(() -> store.delete(uri)).as(uri).isInstanceOf(RegistryException.class);
        }
        assertThat(secret).exists().hasContent("secret");
    }

    @Test
    void uriPolicyShouldAllowOnlyListedSchemesBucketsAndRoots() {
        ArtifactUriPolicy policy = new ArtifactUriPolicy(Set.of("file", "s3"), Set.of("models"), List.of(store.root()));
        assertThat(policy.check(
                        store.root().resolve("churn/1/model.onnx").toUri().toString()))
                .isNotNull();
        assertThat(policy.check("s3://models/churn/1/model.onnx").getHost()).isEqualTo("models");
        for (String uri : List.of(
                "https://example.com/model.onnx",
                "s3://private/model.onnx",
                "s3://models",
                "s3://models/a/../../b",
                "file:/etc/passwd",
                store.root().toUri() + "../x",
                "file://host/share/model",
                "not a uri")) {
            assertThatThrownBy(() -> policy.check(uri)).as(uri).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.reason()).isEqualTo(RegistryException.Reason.URI_NOT_ALLOWED);
                assertThat(e.getMessage()).contains("artifact URI");
            });
        }
    }

    @Test
    void upload_storageFailure_isUnavailableWithOurMessageAndTheCauseKeptForTheLog() throws Exception {
        // a file where the version's directory should be: the store cannot create it
        Files.createDirectories(store.root().resolve("churn"));
        Files.writeString(store.root().resolve("churn").resolve("1"), "in the way");

        assertThatThrownBy(() ->
                        store.upload("churn", 1, "model.onnx", new java.io.ByteArrayInputStream(new byte[1]), null))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAVAILABLE);
                    assertThat(e.getMessage())
                            .startsWith("could not write artifact ")
                            .contains("check the artifact directory's free space and permissions")
                            .doesNotContain("Exception");
                    assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
                });
    }
}
