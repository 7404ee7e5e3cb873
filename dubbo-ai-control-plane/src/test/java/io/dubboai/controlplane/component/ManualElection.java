package io.dubboai.controlplane.component;

import io.dubboai.controlplane.election.LeaderElection;
import io.dubboai.controlplane.election.LeadershipListener;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** An election the test steers by hand: {@link #gain()} and {@link #lose()} call the listener on the test thread. */
final class ManualElection implements LeaderElection {

    private volatile @Nullable LeadershipListener listener;
    private volatile boolean leader;
    volatile boolean closed;

    @Override
    public String identity() {
        return "manual";
    }

    @Override
    public void start(LeadershipListener listener) {
        this.listener = listener;
    }

    void gain() {
        leader = true;
        LeadershipListener current = listener;
        if (current != null) {
            current.leadershipGained();
        }
    }

    void lose() {
        leader = false;
        LeadershipListener current = listener;
        if (current != null) {
            current.leadershipLost();
        }
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public Optional<String> currentLeader() {
        return leader ? Optional.of(identity()) : Optional.empty();
    }

    @Override
    public void close() {
        closed = true;
    }
}
