package io.dubboai.registry;

import io.dubboai.core.model.ModelSignature;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a caller gives to register a model version. Without {@code artifactUri} the version starts
 * {@link VersionStatus#PENDING} until an artifact is uploaded; with a URI and a checksum it starts
 * {@link VersionStatus#READY} (a URI without a checksum stays pending until verified).
 *
 * @param description free text
 * @param artifactUri where the artifact already is, checked by the URI policy; or null
 * @param checksum SHA-256 of that artifact, or null
 * @param format artifact format, e.g. {@code onnx}
 * @param runtime serving runtime, e.g. {@code onnxruntime}
 * @param signature inputs and outputs
 * @param metrics training metrics
 * @param params training parameters
 * @param tags tags
 * @param lineage where it came from
 */
public record NewVersion(
        String description,
        @Nullable String artifactUri,
        @Nullable String checksum,
        String format,
        String runtime,
        ModelSignature signature,
        Map<String, Double> metrics,
        Map<String, String> params,
        Map<String, String> tags,
        Lineage lineage) {

    public NewVersion {
        metrics = Map.copyOf(metrics);
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
    }

    /** A version with only an artifact location (as MLflow's {@code source}). */
    public static NewVersion ofArtifact(@Nullable String artifactUri, @Nullable String sourceRun) {
        return new NewVersion(
                "",
                artifactUri,
                null,
                "",
                "",
                ModelSignature.EMPTY,
                Map.of(),
                Map.of(),
                Map.of(),
                new Lineage(sourceRun, null, null));
    }
}
