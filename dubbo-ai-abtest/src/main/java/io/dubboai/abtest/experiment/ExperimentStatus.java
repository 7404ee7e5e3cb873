package io.dubboai.abtest.experiment;

/** Where an experiment is in its life. */
public enum ExperimentStatus {
    /** Defined, not started. */
    DRAFT,
    /** The model is claimed and the rule is being written; {@code start} again resumes. */
    STARTING,
    /** Its split is in the route rule. */
    RUNNING,
    /** Its split was removed and the rule restored; final. */
    STOPPED
}
