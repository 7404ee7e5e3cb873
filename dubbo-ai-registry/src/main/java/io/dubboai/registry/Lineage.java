package io.dubboai.registry;

import org.jspecify.annotations.Nullable;

/**
 * Where a model version came from.
 *
 * @param sourceRun the training run, e.g. an MLflow run id
 * @param trainingJob the job that produced it, e.g. a Kubernetes Job name
 * @param dataset a reference to the training data, e.g. {@code s3://data/churn/2026-11}
 */
public record Lineage(
        @Nullable String sourceRun,
        @Nullable String trainingJob,
        @Nullable String dataset) {

    /** No lineage recorded. */
    public static final Lineage NONE = new Lineage(null, null, null);

    public Lineage {
        if (sourceRun != null) {
            Validation.requireLength(sourceRun, "lineage.sourceRun", 512);
        }
        if (trainingJob != null) {
            Validation.requireLength(trainingJob, "lineage.trainingJob", 512);
        }
        if (dataset != null) {
            Validation.requireLength(dataset, "lineage.dataset", 2048);
        }
    }
}
