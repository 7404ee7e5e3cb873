package io.dubboai.deployment.rollout;

import io.dubboai.controlplane.component.Component;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment controller: on the elected leader only, runs {@link RolloutReconciler#reconcileAll()} every
 * {@code interval} on its own thread. All state is in the documents, so losing leadership mid-canary and gaining it
 * on another node resumes at the recorded step.
 */
public final class ModelDeploymentComponent implements Component {

    /** The component's name. */
    public static final String NAME = "model-deployment";

    /** Pass interval when none is given. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(ModelDeploymentComponent.class);

    private final RolloutReconciler reconciler;
    private final List<Runnable> alsoEachPass;
    private final Duration interval;
    private @Nullable ScheduledExecutorService loop;

    /**
     * @param interval time between two passes, 10 ms .. 1 minute
     */
    public ModelDeploymentComponent(RolloutReconciler reconciler, Duration interval) {
        this(reconciler, interval, List.of());
    }

    /**
     * @param interval time between two passes, 10 ms .. 1 minute
     * @param alsoEachPass run before each pass, e.g. reading {@code ModelDeployment} custom resources
     */
    public ModelDeploymentComponent(RolloutReconciler reconciler, Duration interval, List<Runnable> alsoEachPass) {
        if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(
                    "the reconcile interval must be between 10 ms and 1 minute, but was " + interval);
        }
        this.reconciler = reconciler;
        this.interval = interval;
        this.alsoEachPass = List.copyOf(alsoEachPass);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsLeadership() {
        return true;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dubbo-ai-deployment-reconciler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::pass, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        loop = executor;
        log.info("Deployment controller started: a pass every {}", interval);
    }

    private void pass() {
        try {
            alsoEachPass.forEach(Runnable::run);
            reconciler.reconcileAll();
        } catch (RuntimeException e) {
            log.warn("Deployment pass failed; the next one runs in {}: {}", interval, e.toString());
        }
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        ScheduledExecutorService executor = loop;
        if (executor == null) {
            return;
        }
        loop = null;
        executor.shutdownNow();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            log.warn("Deployment controller: the last pass did not end within 30 s of stopping");
        }
        log.info("Deployment controller stopped");
    }
}
