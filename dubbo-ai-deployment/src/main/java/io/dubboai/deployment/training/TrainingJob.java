package io.dubboai.deployment.training;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A submitted training job as recorded in the document store ({@code training.<name>}).
 *
 * @param spec what was submitted
 * @param namespace where the Kubeflow job runs
 * @param state where it stands
 * @param message the last condition's message or why registration failed
 * @param registeredVersion the model version registered from its artifact, or null
 * @param submittedBy who submitted it
 * @param submittedAt when
 * @param finishedAt when it was registered, failed or was cancelled, or null
 * @param deployment the rollout of the registered version the spec asked for: started, or why not; null while none
 *     was asked for or tried
 */
public record TrainingJob(
        TrainingJobSpec spec,
        String namespace,
        State state,
        String message,
        @Nullable String registeredVersion,
        String submittedBy,
        Instant submittedAt,
        @Nullable Instant finishedAt,
        @Nullable DeploymentOutcome deployment) {

    /** Where a job stands. */
    public enum State {
        /** Submitted; no condition yet. */
        SUBMITTED,
        /** The Kubeflow job is created, running or restarting. */
        RUNNING,
        /** The job succeeded and its artifact is a registered version. */
        REGISTERED,
        /** The job failed (or its artifact could not be registered: see the message). */
        FAILED,
        /** An operator cancelled it; its Kubeflow job was deleted. */
        CANCELLED;

        /** Whether the job may still change state by itself (submitted or running). */
        public boolean active() {
            return this == SUBMITTED || this == RUNNING;
        }
    }

    /**
     * The rollout a job started for its registered version.
     *
     * @param name the deployment's name
     * @param started whether the deployment was created (see {@code /api/v1/ai/deployments/<name>})
     * @param message what happened: created, or why it was refused (invalid, the model held by another rollout)
     * @param holder who held the model when that was the refusal ({@code rollout:<name>}, {@code experiment:<id>})
     */
    public record DeploymentOutcome(
            String name,
            boolean started,
            String message,
            @Nullable String holder) {}

    /**
     * The lineage reference of this job: {@code kubeflow.org/PyTorchJob/<namespace>/<name>} or
     * {@code trainer.kubeflow.org/TrainJob/<namespace>/<name>}.
     */
    public String lineage() {
        String group = spec.parsedKind() == TrainingJobSpec.Kind.TRAIN_JOB ? "trainer.kubeflow.org" : "kubeflow.org";
        return group + "/" + spec.parsedKind().wireName() + "/" + namespace + "/" + spec.name();
    }

    TrainingJob with(State newState, String newMessage, @Nullable String version, @Nullable Instant finished) {
        return new TrainingJob(
                spec, namespace, newState, newMessage, version, submittedBy, submittedAt, finished, deployment);
    }

    TrainingJob withDeployment(DeploymentOutcome outcome) {
        return new TrainingJob(
                spec, namespace, state, message, registeredVersion, submittedBy, submittedAt, finishedAt, outcome);
    }
}
