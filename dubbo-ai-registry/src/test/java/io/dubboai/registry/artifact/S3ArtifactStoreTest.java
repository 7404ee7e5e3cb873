package io.dubboai.registry.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.S3MockApplication;
import io.dubboai.artifact.S3Clients;
import io.dubboai.registry.RegistryException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 store against Adobe's S3Mock, a real S3-compatible HTTP server started in this JVM. */
class S3ArtifactStoreTest extends ArtifactStoreContract {

    @TempDir
    static Path temp;

    static S3MockApplication server;

    private S3ArtifactStore store;

    @BeforeAll
    static void startServer() {
        server = S3MockApplication.start(new java.util.HashMap<>(Map.of(
                S3MockApplication.PROP_HTTP_PORT,
                S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_HTTPS_PORT,
                S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_INITIAL_BUCKETS,
                "models",
                S3MockApplication.PROP_ROOT_DIRECTORY,
                temp.resolve("s3").toString(),
                S3MockApplication.PROP_SILENT,
                true,
                "spring.main.banner-mode",
                "off",
                // S3Mock is a Spring Boot application too: keep our registry's auto-configuration out of it
                "dubbo.ai.registry.enabled",
                false)));
        // credentials reach the client through the default provider chain (here: system properties), never config
        System.setProperty("aws.accessKeyId", "test-access-key");
        System.setProperty("aws.secretAccessKey", "test-secret-key");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void createStore() {
        S3Client client = S3Clients.create("http://127.0.0.1:" + server.getHttpPort(), "us-east-1", true, null);
        store = new S3ArtifactStore(client, "models", "registry/", temp.resolve("spool"));
        store.list().forEach(artifact -> store.delete(artifact.uri()));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    ArtifactStore store() {
        return store;
    }

    @Test
    void urisOfOtherBucketsOrOutsideThePrefixShouldBeRefused() {
        for (String uri : new String[] {
            "s3://other/registry/churn/1/model.onnx",
            "s3://models/elsewhere/model.onnx",
            "s3://models/registry/../secrets",
            "file:/tmp/model.onnx"
        }) {
            assertThat(store.owns(uri)).as(uri).isFalse();
            assertThatThrownBy(() -> store.open(uri))
                    .as(uri)
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
                            .isEqualTo(RegistryException.Reason.URI_NOT_ALLOWED));
        }
    }

    @Test
    void invalidBucketAndPrefixShouldBeRejectedAtConstruction() {
        S3Client client = S3Clients.create("http://127.0.0.1:" + server.getHttpPort(), "us-east-1", true, null);
        try (client) {
            assertThatThrownBy(() -> new S3ArtifactStore(client, "Bad_Bucket", "", temp))
                    .hasMessageContaining("S3 bucket 'Bad_Bucket' is not a valid bucket name");
            assertThatThrownBy(() -> new S3ArtifactStore(client, "models", "../up/", temp))
                    .hasMessageContaining("S3 key prefix '../up/'");
        }
    }
}
