package io.dubboai.registry.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.registry.RegistryException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** What every {@link ArtifactStore} must do; each backend's test extends this kit. */
abstract class ArtifactStoreContract {

    /** The store under test, empty at the start of each test. */
    abstract ArtifactStore store();

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void uploadShouldComputeTheChecksumAndVerifiedReadShouldReturnTheBytes() throws Exception {
        byte[] data = bytes("model weights");
        StoredArtifact stored = store().upload("churn", 1, "model.onnx", new ByteArrayInputStream(data), null);
        assertThat(stored.sha256()).isEqualTo(sha256(data));
        assertThat(stored.size()).isEqualTo(data.length);
        assertThat(stored.uri()).startsWith(store().scheme() + ":").endsWith("churn/1/model.onnx");
        assertThat(store().owns(stored.uri())).isTrue();

        assertThat(store().verify(stored.uri(), sha256(data)).size()).isEqualTo(data.length);
        try (InputStream in = store().open(stored.uri())) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(store().list()).extracting(StoredArtifact::uri).contains(stored.uri());
    }

    @Test
    void uploadWithWrongChecksumShouldStoreNothing() throws Exception {
        byte[] data = bytes("model weights");
        String wrong = sha256(bytes("other"));
        assertThatThrownBy(() -> store().upload("churn", 2, "model.onnx", new ByteArrayInputStream(data), wrong))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.CHECKSUM_MISMATCH);
                    assertThat(e.getMessage()).contains("has SHA-256 " + sha256(data), "but " + wrong);
                });
        assertThat(store().list()).extracting(StoredArtifact::uri).noneMatch(uri -> uri.contains("churn/2/"));
    }

    @Test
    void verifyShouldRejectAnArtifactWhoseBytesDoNotMatch() throws Exception {
        StoredArtifact stored = store().upload("churn", 3, "model.onnx", new ByteArrayInputStream(bytes("a")), null);
        assertThatThrownBy(() -> store().verify(stored.uri(), sha256(bytes("b"))))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
                        .isEqualTo(RegistryException.Reason.CHECKSUM_MISMATCH));
    }

    @Test
    void traversalInFileNamesShouldBeRejected() {
        for (String name : new String[] {"../escape", "..", "a/b", "/abs", ".hidden", "x/../../y"}) {
            assertThatThrownBy(() -> store().upload("churn", 1, name, new ByteArrayInputStream(bytes("x")), null))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("artifact file name '" + name + "' is not allowed");
        }
        assertThatThrownBy(() -> store().upload("../../etc", 1, "m", new ByteArrayInputStream(bytes("x")), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model name '../../etc'");
    }

    @Test
    void deleteShouldRemoveTheArtifactAndMissingArtifactsShouldBeNotFound() throws Exception {
        StoredArtifact stored = store().upload("churn", 4, "model.onnx", new ByteArrayInputStream(bytes("a")), null);
        store().delete(stored.uri());
        assertThat(store().list()).extracting(StoredArtifact::uri).doesNotContain(stored.uri());
        assertThatThrownBy(() -> store().verify(stored.uri(), sha256(bytes("a"))))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
                        .isEqualTo(RegistryException.Reason.NOT_FOUND));
    }
}
