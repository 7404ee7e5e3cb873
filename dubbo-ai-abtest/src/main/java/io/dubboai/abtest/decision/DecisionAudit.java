package io.dubboai.abtest.decision;

import io.dubboai.abtest.experiment.DecisionRecord;
import io.dubboai.abtest.experiment.Experiment;

/**
 * Where the experiment component writes the audit entry of each decision (in the admin server: its audit log, actor
 * {@code experiment-component}). Called at least once per decision: a leader that fails between writing the entry
 * and marking it written writes it again.
 */
@FunctionalInterface
public interface DecisionAudit {

    /** Records that {@code decision} was taken on {@code experiment}, with its numbers. */
    void record(Experiment experiment, DecisionRecord decision);
}
