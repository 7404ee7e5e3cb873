package io.dubboai.abtest.experiment;

import io.dubboai.core.rule.TrafficSplit;
import java.util.List;

/**
 * The fields of a model's route rule an experiment takes over, as they were before it started: what stopping
 * restores.
 *
 * @param traffic the weighted split (empty: none)
 * @param stickyKey the sticky-routing attachment
 */
public record RuleSnapshot(List<TrafficSplit> traffic, String stickyKey) {

    public RuleSnapshot {
        traffic = List.copyOf(traffic);
    }
}
