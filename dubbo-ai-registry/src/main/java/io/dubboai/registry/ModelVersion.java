package io.dubboai.registry;

import io.dubboai.core.model.ModelSignature;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One version of a registered model, stored as its own document.
 *
 * @param model the registered model's name
 * @param version 1, 2, 3, ... allocated by the registry, unique per model
 * @param description free text
 * @param artifactUri where the artifact lives ({@code file:}, {@code s3:}), checked by the artifact URI policy;
 *     null until an artifact is attached
 * @param checksum SHA-256 of the artifact as 64 lower-case hex digits, or null when not yet known
 * @param format artifact format, e.g. {@code onnx}
 * @param runtime runtime that serves it, e.g. {@code onnxruntime}
 * @param signature inputs and outputs
 * @param metrics training metrics, e.g. {@code auc → 0.91}; finite numbers only
 * @param params training parameters
 * @param tags key → value
 * @param lineage training run, job and data set
 * @param status lifecycle state; see {@link VersionStatus#canMoveTo}
 * @param statusMessage why the version failed, or other detail; may be empty
 * @param stage MLflow stage, {@link Stage#NONE} unless an MLflow client moved it
 * @param referenceProfile the version's reference profile for drift monitoring, or null when it has none
 * @param audit who created and changed it, and when
 * @param revision incremented on every write
 */
public record ModelVersion(
        String model,
        long version,
        String description,
        @Nullable String artifactUri,
        @Nullable String checksum,
        String format,
        String runtime,
        ModelSignature signature,
        Map<String, Double> metrics,
        Map<String, String> params,
        Map<String, String> tags,
        Lineage lineage,
        VersionStatus status,
        String statusMessage,
        Stage stage,
        @Nullable ReferenceProfileLink referenceProfile,
        Audit audit,
        long revision) {

    public ModelVersion {
        Validation.requireModelName(model);
        Validation.requireVersion(version);
        Validation.requireLength(description, "description", Validation.MAX_DESCRIPTION_LENGTH);
        if (artifactUri != null) {
            Validation.requireText(artifactUri, "artifactUri", 2048);
        }
        if (checksum != null && !checksum.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    "checksum '" + checksum + "' is not a SHA-256 digest; give 64 lower-case hexadecimal digits");
        }
        Validation.requireLength(format, "format", 64);
        Validation.requireLength(runtime, "runtime", 64);
        Objects.requireNonNull(signature, "signature");
        if (metrics.size() > Validation.MAX_METRICS) {
            throw new IllegalArgumentException(
                    "metrics has " + metrics.size() + " entries; at most " + Validation.MAX_METRICS + " are allowed");
        }
        metrics.forEach((key, value) -> {
            Validation.requireTag(key, "", "metric");
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException(
                        "metric '" + key + "' is " + value + "; metrics must be finite numbers");
            }
        });
        metrics = Map.copyOf(new TreeMap<>(metrics));
        if (params.size() > Validation.MAX_METRICS) {
            throw new IllegalArgumentException(
                    "params has " + params.size() + " entries; at most " + Validation.MAX_METRICS + " are allowed");
        }
        params.forEach((key, value) -> Validation.requireTag(key, value, "param"));
        params = Map.copyOf(new TreeMap<>(params));
        tags = Validation.requireTags(tags, "tag");
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(status, "status");
        Validation.requireLength(statusMessage, "statusMessage", 2048);
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(audit, "audit");
        if (status == VersionStatus.READY && (artifactUri == null || checksum == null)) {
            throw new IllegalArgumentException("version " + version + " of model '" + model
                    + "' cannot be READY without an artifact URI and a checksum; upload the artifact or give both");
        }
    }

    /** This version after a change made by {@code fields}, with the revision incremented. */
    public ModelVersion with(Fields fields, Audit newAudit) {
        return new ModelVersion(
                model,
                version,
                fields.description,
                fields.artifactUri,
                fields.checksum,
                format,
                runtime,
                fields.signature,
                metrics,
                params,
                fields.tags,
                lineage,
                fields.status,
                fields.statusMessage,
                fields.stage,
                fields.referenceProfile,
                newAudit,
                revision + 1);
    }

    /** The mutable fields of this version, to change some of them and pass to {@link #with}. */
    public Fields fields() {
        return new Fields(this);
    }

    /** The changeable fields of a version; every value is checked again when the new version is built. */
    public static final class Fields {
        private String description;
        private @Nullable String artifactUri;
        private @Nullable String checksum;
        private Map<String, String> tags;
        private ModelSignature signature;
        private VersionStatus status;
        private String statusMessage;
        private Stage stage;
        private @Nullable ReferenceProfileLink referenceProfile;

        private Fields(ModelVersion from) {
            description = from.description;
            artifactUri = from.artifactUri;
            checksum = from.checksum;
            tags = from.tags;
            signature = from.signature;
            status = from.status;
            statusMessage = from.statusMessage;
            stage = from.stage;
            referenceProfile = from.referenceProfile;
        }

        /** New description. */
        public Fields description(String value) {
            description = value;
            return this;
        }

        /** New artifact location and checksum. */
        public Fields artifact(String uri, String sha256) {
            artifactUri = uri;
            checksum = sha256;
            return this;
        }

        /** New signature (read from the artifact). */
        public Fields signature(ModelSignature value) {
            signature = value;
            return this;
        }

        /** New tags. */
        public Fields tags(Map<String, String> value) {
            tags = value;
            return this;
        }

        /** New status and message. */
        public Fields status(VersionStatus value, String message) {
            status = value;
            statusMessage = message;
            return this;
        }

        /** New reference profile, or null to remove it. */
        public Fields referenceProfile(@Nullable ReferenceProfileLink value) {
            referenceProfile = value;
            return this;
        }

        /** New MLflow stage. */
        public Fields stage(Stage value) {
            stage = value;
            return this;
        }
    }
}
