package io.dubboai.controlplane.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.store.FileDocumentStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelClaimsTest {

    @TempDir
    Path dir;

    @Test
    void oneHolderPerModelUntilReleased() {
        try (FileDocumentStore store = new FileDocumentStore(dir)) {
            ModelClaims claims = new ModelClaims(store);
            claims.claim("risk", "experiment:ab");
            claims.claim("risk", "experiment:ab"); // a resumed start

            assertThatThrownBy(() -> claims.claim("risk", "rollout:risk-v3"))
                    .isInstanceOfSatisfying(ModelClaimedException.class, e -> {
                        assertThat(e.holder()).isEqualTo("experiment:ab");
                        assertThat(e.model()).isEqualTo("risk");
                    })
                    .hasMessage("model 'risk' is held by experiment 'ab'; rollout 'risk-v3' can start once it has"
                            + " finished, stopped or been aborted");

            claims.release("risk", "rollout:risk-v3"); // not the holder: nothing changes
            assertThat(claims.holder("risk")).contains("experiment:ab");

            claims.release("risk", "experiment:ab");
            assertThat(claims.holder("risk")).isEmpty();
            claims.claim("risk", "rollout:risk-v3");
            assertThat(claims.holder("risk")).contains("rollout:risk-v3");
            assertThat(claims.holder("fraud")).isEmpty();
        }
    }

    @Test
    void unsafeModelNamesGetADigestKey() {
        assertThat(ModelClaims.key("risk-v2")).isEqualTo("model-claim.risk-v2");
        assertThat(ModelClaims.key("Risk/Score"))
                .startsWith("model-claim.sha256-")
                .hasSize(19 + 32);
    }
}
