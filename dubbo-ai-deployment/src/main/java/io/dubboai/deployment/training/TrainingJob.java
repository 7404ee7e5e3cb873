package io.dubboai.deployment.training;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A submitted training job as recorded in the document store ({@code training.<name>}).
 *
 * @param spec what was submitted
 * @param namespace where the PyTorchJob runs
 * @param state where it stands
 * @param message the last condition's message or why registration failed
 * @param registeredVersion the model version registered from its artifact, or null
 * @param submittedBy who submitted it
 * @param submittedAt when
 * @param finishedAt when it succeeded or failed, or null
 */
public record TrainingJob(
        TrainingJobSpec spec,
        String namespace,
        State state,
        String message,
        @Nullable String registeredVersion,
        String submittedBy,
        Instant submittedAt,
        @Nullable Instant finishedAt) {

    /** Where a job stands. */
    public enum State {
        /** Submitted; no condition yet. */
        SUBMITTED,
        /** The PyTorchJob is created, running or restarting. */
        RUNNING,
        /** The job succeeded and its artifact is a registered version. */
        REGISTERED,
        /** The job failed (or its artifact could not be registered: see the message). */
        FAILED
    }

    /** The lineage reference of this job: {@code kubeflow.org/PyTorchJob/<namespace>/<name>}. */
    public String lineage() {
        return "kubeflow.org/PyTorchJob/" + namespace + "/" + spec.name();
    }

    TrainingJob with(State newState, String newMessage, @Nullable String version, @Nullable Instant finished) {
        return new TrainingJob(spec, namespace, newState, newMessage, version, submittedBy, submittedAt, finished);
    }
}
