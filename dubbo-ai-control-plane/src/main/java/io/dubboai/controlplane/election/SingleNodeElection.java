package io.dubboai.controlplane.election;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The election of a lone node: it leads from {@link #start} until {@link #close}. The default of the embedded deploy
 * mode. Do not use it with several replicas: each of them would lead.
 */
public final class SingleNodeElection implements LeaderElection {

    private final String identity;
    private final AtomicBoolean leader = new AtomicBoolean();
    private final AtomicReference<@Nullable LeadershipListener> listener = new AtomicReference<>();

    /** @param identity this node's name, shown by the status API */
    public SingleNodeElection(String identity) {
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("identity of the single-node election must not be blank");
        }
        this.identity = identity;
    }

    @Override
    public String identity() {
        return identity;
    }

    /** Makes this node leader at once; {@code listener} hears of it before this method returns. */
    @Override
    public void start(LeadershipListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!this.listener.compareAndSet(null, listener)) {
            throw new IllegalStateException("The single-node election of '" + identity
                    + "' was already started; a LeaderElection may be started once");
        }
        leader.set(true);
        listener.leadershipGained();
    }

    @Override
    public boolean isLeader() {
        return leader.get();
    }

    @Override
    public Optional<String> currentLeader() {
        return leader.get() ? Optional.of(identity) : Optional.empty();
    }

    @Override
    public void close() {
        LeadershipListener current = listener.get();
        if (leader.compareAndSet(true, false) && current != null) {
            current.leadershipLost();
        }
    }

    @Override
    public String toString() {
        return "SingleNodeElection[" + identity + "]";
    }
}
