package io.dubboai.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.core.model.TensorSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRecordsTest {

    private static final Audit AUDIT = Audit.created(Instant.parse("2026-11-23T00:00:00Z"), "alice");

    @Test
    void aliasPointingAtAnUnallocatedVersionShouldBeRejected() {
        RegisteredModel model =
                RegisteredModel.create("churn", "", "alice", Map.of(), AUDIT).withNextVersion(AUDIT);
        assertThat(model.withAlias("champion", 1L, AUDIT).resolveAlias("champion"))
                .hasValue(1L);
        assertThatThrownBy(() -> model.withAlias("champion", 2L, AUDIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alias 'champion' of model 'churn' points at version 2")
                .hasMessageContaining("versions 1..1 exist");
        assertThatThrownBy(() -> model.withAlias("Champion", 1L, AUDIT))
                .hasMessageContaining("alias 'Champion' has characters that are not allowed");
    }

    @Test
    void writersShouldIncrementTheRevision() {
        RegisteredModel model = RegisteredModel.create("churn", "", "alice", Map.of(), AUDIT);
        assertThat(model.revision()).isEqualTo(1);
        assertThat(model.withTags(Map.of("a", "b"), AUDIT).revision()).isEqualTo(2);
        assertThat(model.withNextVersion(AUDIT).lastVersion()).isEqualTo(1);
    }

    @Test
    void readyVersionShouldNeedAnArtifactAndAChecksum() {
        assertThatThrownBy(() -> version(VersionStatus.READY, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be READY without an artifact URI and a checksum");
        assertThatThrownBy(() -> version(VersionStatus.PENDING, "s3://models/a", "ABC"))
                .hasMessageContaining("checksum 'ABC' is not a SHA-256 digest");
        assertThat(version(VersionStatus.READY, "s3://models/a", "a".repeat(64)).status())
                .isEqualTo(VersionStatus.READY);
    }

    @Test
    void statusShouldMoveOnlyForward() {
        assertThat(VersionStatus.PENDING.canMoveTo(VersionStatus.READY)).isTrue();
        assertThat(VersionStatus.PENDING.canMoveTo(VersionStatus.FAILED)).isTrue();
        assertThat(VersionStatus.FAILED.canMoveTo(VersionStatus.PENDING)).isTrue();
        assertThat(VersionStatus.READY.canMoveTo(VersionStatus.PENDING)).isFalse();
        assertThat(VersionStatus.READY.canMoveTo(VersionStatus.FAILED)).isFalse();
    }

    @Test
    void metricsMustBeFiniteAndSignaturesUnique() {
        assertThatThrownBy(() -> new ModelVersion(
                        "churn",
                        1,
                        "",
                        null,
                        null,
                        "",
                        "",
                        ModelSignature.EMPTY,
                        Map.of("auc", Double.NaN),
                        Map.of(),
                        Map.of(),
                        Lineage.NONE,
                        VersionStatus.PENDING,
                        "",
                        Stage.NONE,
                        null,
                        AUDIT,
                        1))
                .hasMessageContaining("metric 'auc' is NaN; metrics must be finite numbers");
        TensorSpec x = new TensorSpec("x", "FP32", List.of(-1L, 4L));
        assertThatThrownBy(() -> new ModelSignature(List.of(x, x), List.of()))
                .hasMessageContaining("signature inputs lists tensor 'x' twice");
        assertThatThrownBy(() -> new TensorSpec("y", "FP32", List.of(-2L)))
                .hasMessageContaining("shape of tensor 'y' has dimension -2");
    }

    @Test
    void stagesShouldParseMlflowNames() {
        assertThat(Stage.parse("Production")).isEqualTo(Stage.PRODUCTION);
        assertThat(Stage.parse("staging")).isEqualTo(Stage.STAGING);
        assertThatThrownBy(() -> Stage.parse("Live"))
                .hasMessageContaining("stage 'Live' is unknown; use one of None, Staging, Production, Archived");
    }

    @Test
    void auditShouldNeverMoveBackwards() {
        Audit later = AUDIT.touched(Instant.parse("2026-11-22T00:00:00Z"), "bob");
        assertThat(later.updatedAt()).isEqualTo(AUDIT.updatedAt());
        assertThat(later.updatedBy()).isEqualTo("bob");
        assertThat(later.createdBy()).isEqualTo("alice");
    }

    private static ModelVersion version(VersionStatus status, String uri, String checksum) {
        return new ModelVersion(
                "churn",
                1,
                "",
                uri,
                checksum,
                "onnx",
                "onnxruntime",
                ModelSignature.EMPTY,
                Map.of(),
                Map.of(),
                Map.of(),
                Lineage.NONE,
                status,
                "",
                Stage.NONE,
                null,
                AUDIT,
                1);
    }
}
