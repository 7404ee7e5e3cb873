package io.dubboai.samples.election;

import io.dubboai.core.component.Component;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A demo leader component standing in for the deployment reconciler: while it runs, it logs a reconcile pass every
 * 500 ms on its own thread. Only the leader may run it, since it would write shared state.
 */
final class ReconcilerComponent implements Component {

    private static final Logger log = LoggerFactory.getLogger(ReconcilerComponent.class);

    private final String node;
    private final AtomicInteger passes = new AtomicInteger();
    private @Nullable ScheduledExecutorService loop;

    ReconcilerComponent(String node) {
        this.node = node;
    }

    @Override
    public String name() {
        return "model-reconciler";
    }

    @Override
    public boolean needsLeadership() {
        return true;
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "reconciler-" + node);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(
                () -> log.info(
                        "[{}] reconcile pass {}: desired model deployments applied", node, passes.incrementAndGet()),
                0,
                500,
                TimeUnit.MILLISECONDS);
        loop = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = loop;
        if (executor != null) {
            executor.shutdownNow();
            loop = null;
        }
    }
}
