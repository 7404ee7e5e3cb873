package io.dubboai.controlplane.election;

/** Hears of leadership changes of one {@link LeaderElection}. Calls are never concurrent. */
public interface LeadershipListener {

    /** This node became leader. */
    void leadershipGained();

    /** This node is no longer (or can no longer be sure to be) leader. */
    void leadershipLost();
}
