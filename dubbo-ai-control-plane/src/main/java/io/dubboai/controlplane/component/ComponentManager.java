package io.dubboai.controlplane.component;

import io.dubboai.controlplane.election.LeaderElection;
import io.dubboai.controlplane.election.LeadershipListener;
import io.dubboai.core.secret.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a node's {@link Component}s: the others at boot, the {@link Component#needsLeadership() leader} ones only while
 * this node leads its {@link LeaderElection}.
 *
 * <ul>
 *   <li>{@link #start()} starts the components that need no leadership in ascending {@link Component#order()}, then
 *       joins the election. Leader components start (ascending) when leadership is gained, stop (descending) when it
 *       is lost and start again after a re-election.
 *   <li>A component whose {@link Component#start()} throws goes {@link ComponentState#FAILED}; the manager logs its
 *       name and the error and starts it again after a {@link BackoffConfig back-off}, for as long as it should run.
 *       {@link #status()} shows the failures, the last error and the next attempt.
 *   <li>{@link #stop()} / {@link #close()} stop every running component in descending order, then leave the
 *       election, so leadership is released only after the leader components stopped. Both are idempotent.
 *   <li>The manager owns the election it is given: it starts and closes it.
 * </ul>
 *
 * <p>Design (concurrency): every state change and every component callback runs as a task on one <em>serial
 * lane</em>, a queue drained by at most one thread of the scheduler at a time (the pattern of the serial executor in
 * {@link Executor}'s Javadoc). Component callbacks therefore never run concurrently and never under a lock: the manager
 * holds none. Election callbacks only flip a volatile flag and enqueue a reconcile task. A loss of leadership
 * additionally <em>waits</em> (bounded by {@value #STOP_TIMEOUT_SECONDS}s) until that task has stopped the leader
 * components: the election backends call the listener before they give the leadership up, so the wait is what makes
 * "stopped here before started elsewhere" hold. Status is published as immutable {@link ComponentStatus} snapshots in
 * volatile fields, so {@link #status()} reads without coordination.
 */
public final class ComponentManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ComponentManager.class);

    /** Upper bound for stopping components, after a leadership loss and at shutdown. */
    static final long STOP_TIMEOUT_SECONDS = 30;

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(STOP_TIMEOUT_SECONDS);

    private enum Phase {
        NEW,
        RUNNING,
        STOPPING,
        STOPPED
    }

    private final List<Slot> slots;
    private final List<Slot> slotsDescending;
    private final LeaderElection election;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final Clock clock;
    private final BackoffConfig backoff;
    private final SerialLane lane = new SerialLane();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean leading;

    /**
     * Creates a manager; nothing runs before {@link #start()}.
     *
     * @param components the components; names must be unique
     * @param election the election this node joins; the manager starts and closes it
     * @param scheduler runs the manager's tasks and back-off timers; any size (the manager serialises its own work);
     *     owned by the caller, who shuts it down after {@link #close()}
     * @param clock source of the timestamps shown by {@link #status()}
     * @param backoff delays between attempts to start a failed component
     * @throws IllegalArgumentException if two components share a name
     */
    public ComponentManager(
            List<? extends Component> components,
            LeaderElection election,
            ScheduledExecutorService scheduler,
            Clock clock,
            BackoffConfig backoff) {
        this(components, election, scheduler, false, clock, backoff);
    }

    private ComponentManager(
            List<? extends Component> components,
            LeaderElection election,
            ScheduledExecutorService scheduler,
            boolean ownsScheduler,
            Clock clock,
            BackoffConfig backoff) {
        this.election = Objects.requireNonNull(election, "election");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownsScheduler = ownsScheduler;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        Set<String> names = new HashSet<>();
        List<Slot> sorted = new ArrayList<>();
        for (Component component : Objects.requireNonNull(components, "components")) {
            Objects.requireNonNull(component, "components must not contain null");
            if (!names.add(component.name())) {
                throw new IllegalArgumentException("Two components are named '" + component.name() + "' ("
                        + component.getClass().getName() + " is the second); component names must be unique");
            }
            sorted.add(new Slot(component, clock.instant()));
        }
        sorted.sort(Comparator.comparingInt(slot -> slot.component.order()));
        this.slots = List.copyOf(sorted);
        Collections.reverse(sorted);
        this.slotsDescending = List.copyOf(sorted);
    }

    /**
     * Creates a manager with its own single-threaded daemon scheduler (shut down by {@link #close()}) and the system
     * UTC clock.
     */
    public static ComponentManager create(
            List<? extends Component> components, LeaderElection election, BackoffConfig backoff) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dubbo-ai-components-" + election.identity());
            thread.setDaemon(true);
            return thread;
        });
        return new ComponentManager(components, election, scheduler, true, Clock.systemUTC(), backoff);
    }

    /**
     * Starts the components that need no leadership, then joins the election. Returns at once.
     *
     * @return completes when every such component had its first start attempt (failed ones are retried in the
     *     background and show in {@link #status()}) and the election was joined; fails if joining the election
     *     failed. A second call returns the same future; a call after {@link #stop()} a failed one.
     */
    public CompletableFuture<Void> start() {
        if (!phase.compareAndSet(Phase.NEW, Phase.RUNNING)) {
            return phase.get() == Phase.RUNNING
                    ? started
                    : CompletableFuture.failedFuture(new IllegalStateException("ComponentManager of '" + identity()
                            + "' was stopped and cannot start again; create a new one"));
        }
        lane.execute(this::boot);
        return started;
    }

    /**
     * Stops every running component in descending order, then leaves the election. Idempotent; returns at once.
     *
     * @return completes when the components are stopped and the election is closed
     */
    public CompletableFuture<Void> stop() {
        Phase previous = phase.get();
        while (previous == Phase.NEW || previous == Phase.RUNNING) {
            if (phase.compareAndSet(previous, Phase.STOPPING)) {
                shutdown();
                break;
            }
            previous = phase.get();
        }
        return stopped;
    }

    /** {@link #stop()} and waits (at most {@value #STOP_TIMEOUT_SECONDS}s) until it is done. Idempotent. */
    @Override
    public void close() {
        await(stop(), "stopping components and leaving the election");
    }

    /** The status of every component, in start order. */
    public List<ComponentStatus> status() {
        return slots.stream().map(slot -> slot.status).toList();
    }

    /** The status of one component, by name. */
    public Optional<ComponentStatus> status(String name) {
        return slots.stream()
                .filter(slot -> slot.component.name().equals(name))
                .map(slot -> slot.status)
                .findFirst();
    }

    /** Whether this node leads its election right now. */
    public boolean isLeader() {
        return election.isLeader();
    }

    /** This node's identity in the election. */
    public String identity() {
        return election.identity();
    }

    /** The current leader's identity, if known. */
    public Optional<String> currentLeader() {
        return election.currentLeader();
    }

    // ---------------------------------------------------------------- tasks on the serial lane

    private void boot() {
        log.info("Starting {} components on '{}'", slots.size(), identity());
        for (Slot slot : slots) {
            if (!slot.component.needsLeadership()) {
                startSlot(slot);
            }
        }
        try {
            election.start(new Listener());
            started.complete(null);
        } catch (RuntimeException e) {
            log.error(
                    "'{}' could not join the leader election: {}; leader components will not run on this node."
                            + " Check the election settings (dubbo.ai.election.*)",
                    identity(),
                    e.toString(),
                    e);
            started.completeExceptionally(e);
        }
    }

    /** Brings the leader components in line with {@link #leading}. */
    private void reconcileLeaderComponents() {
        if (phase.get() != Phase.RUNNING) {
            return;
        }
        if (leading) {
            for (Slot slot : slots) {
                if (slot.component.needsLeadership() && slot.state == ComponentState.STOPPED) {
                    startSlot(slot);
                }
            }
        } else {
            for (Slot slot : slotsDescending) {
                if (slot.component.needsLeadership()) {
                    stopSlot(slot);
                }
            }
        }
    }

    private void startSlot(Slot slot) {
        cancelRetry(slot);
        String name = slot.component.name();
        slot.enter(ComponentState.STARTING, clock.instant());
        try {
            slot.component.start();
            slot.failures = 0;
            slot.lastError = null;
            slot.nextRetry = null;
            slot.enter(ComponentState.RUNNING, clock.instant());
            log.info("Component '{}' started on '{}'", name, identity());
        } catch (Exception | LinkageError e) {
            slot.failures++;
            Duration delay =
                    backoff.delay(slot.failures, ThreadLocalRandom.current().nextDouble());
            Instant now = clock.instant();
            slot.lastError = describe(e);
            slot.nextRetry = now.plus(delay);
            slot.enter(ComponentState.FAILED, now);
            log.warn(
                    "Component '{}' failed to start (attempt {}): {}. Retrying in {} ms. Fix the cause named here"
                            + " (the component's configuration or a service it depends on); the status API shows the"
                            + " last error until it starts (stack trace at debug level)",
                    name,
                    slot.failures,
                    slot.lastError,
                    delay.toMillis());
            log.debug("Start failure of component '{}'", name, e);
            long generation = ++slot.generation;
            try {
                slot.retry = scheduler.schedule(
                        () -> lane.execute(() -> retry(slot, generation)), delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException rejected) {
                log.warn("Cannot schedule a retry of component '{}': the scheduler is shut down", name);
            }
        }
    }

    private void retry(Slot slot, long generation) {
        if (phase.get() != Phase.RUNNING
                || slot.generation != generation
                || slot.state != ComponentState.FAILED
                || (slot.component.needsLeadership() && !leading)) {
            return;
        }
        startSlot(slot);
    }

    private void stopSlot(Slot slot) {
        cancelRetry(slot);
        if (slot.state == ComponentState.FAILED) {
            slot.nextRetry = null;
            slot.enter(ComponentState.STOPPED, clock.instant());
            return;
        }
        if (slot.state != ComponentState.RUNNING) {
            return;
        }
        String name = slot.component.name();
        slot.enter(ComponentState.STOPPING, clock.instant());
        try {
            slot.component.stop();
            log.info("Component '{}' stopped on '{}'", name, identity());
        } catch (Exception | LinkageError e) {
            log.warn(
                    "Component '{}' threw while stopping: {}; it is treated as stopped. Check that its stop() releases"
                            + " its threads and connections",
                    name,
                    describe(e));
            log.debug("Stop failure of component '{}'", name, e);
        }
        slot.enter(ComponentState.STOPPED, clock.instant());
    }

    /**
     * A failure as logs and the status API show it: the exception and its message with the credentials of any address
     * in it masked (a config-center URL with a password, an S3 secret), since viewers read the status API.
     */
    static String describe(Throwable e) {
        return Secrets.maskAddress(e.toString());
    }

    private static void cancelRetry(Slot slot) {
        slot.generation++;
        ScheduledFuture<?> retry = slot.retry;
        if (retry != null) {
            retry.cancel(false);
            slot.retry = null;
        }
    }

    // ---------------------------------------------------------------- shutdown

    private void shutdown() {
        CompletableFuture<Void> componentsStopped = new CompletableFuture<>();
        lane.execute(() -> {
            for (Slot slot : slotsDescending) {
                stopSlot(slot);
            }
            componentsStopped.complete(null);
        });
        // Leave the election off the lane: a backend may call the listener while closing and wait for it.
        componentsStopped.orTimeout(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenCompleteAsync((ignored, failure) -> {
            if (failure != null) {
                log.error(
                        "Components of '{}' did not stop within {}s (status: {}); leaving the election anyway."
                                + " Make the component's stop() return promptly",
                        identity(),
                        STOP_TIMEOUT_SECONDS,
                        status());
            }
            try {
                election.close();
            } catch (RuntimeException e) {
                log.warn("Leaving the election of '{}' failed: {}", identity(), e.toString(), e);
            } finally {
                phase.set(Phase.STOPPED);
                if (ownsScheduler) {
                    scheduler.shutdown();
                }
                log.info("Components of '{}' stopped", identity());
                stopped.complete(null);
            }
        });
    }

    private void await(CompletableFuture<Void> future, String what) {
        try {
            future.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while {} on '{}'", what, identity());
        } catch (ExecutionException e) {
            log.warn("Failed {} on '{}': {}", what, identity(), describe(e.getCause()));
            log.debug("Failure while {}", what, e.getCause());
        } catch (TimeoutException e) {
            log.error(
                    "Gave up {} on '{}' after {}s; component status: {}",
                    what,
                    identity(),
                    STOP_TIMEOUT_SECONDS,
                    status());
        }
    }

    /** Hears the election; see the class comment for why a loss waits. */
    private final class Listener implements LeadershipListener {

        @Override
        public void leadershipGained() {
            if (phase.get() != Phase.RUNNING) {
                return;
            }
            leading = true;
            log.info("'{}' gained leadership; starting leader components", identity());
            lane.execute(ComponentManager.this::reconcileLeaderComponents);
        }

        @Override
        public void leadershipLost() {
            leading = false;
            if (phase.get() != Phase.RUNNING) {
                return;
            }
            log.info("'{}' lost leadership; stopping leader components", identity());
            CompletableFuture<Void> done = new CompletableFuture<>();
            lane.execute(() -> {
                try {
                    reconcileLeaderComponents();
                } finally {
                    done.complete(null);
                }
            });
            if (!lane.isCurrentThread()) {
                await(done, "stopping leader components after the loss of leadership");
            }
        }
    }

    /** A component and its lifecycle fields, confined to the lane; {@link #status} is the published view. */
    private static final class Slot {
        final Component component;
        ComponentState state = ComponentState.STOPPED;
        int failures;

        @Nullable
        String lastError;

        @Nullable
        Instant nextRetry;

        @Nullable
        ScheduledFuture<?> retry;

        long generation;
        volatile ComponentStatus status;

        Slot(Component component, Instant now) {
            this.component = component;
            this.status = new ComponentStatus(
                    component.name(), component.needsLeadership(), ComponentState.STOPPED, now, 0, null, null);
        }

        void enter(ComponentState newState, Instant now) {
            state = newState;
            status = new ComponentStatus(
                    component.name(), component.needsLeadership(), newState, now, failures, lastError, nextRetry);
        }
    }

    /** Runs tasks one at a time, in submission order, on the scheduler's threads; see the class comment. */
    private final class SerialLane implements Executor {
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile @Nullable Thread drainer;

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
            scheduleDrain();
        }

        boolean isCurrentThread() {
            return drainer == Thread.currentThread();
        }

        private void scheduleDrain() {
            if (draining.compareAndSet(false, true)) {
                try {
                    scheduler.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    draining.set(false);
                    log.warn(
                            "The scheduler of the components of '{}' is shut down; {} pending tasks dropped",
                            identity(),
                            tasks.size());
                }
            }
        }

        private void drain() {
            drainer = Thread.currentThread();
            try {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.error("Unexpected failure in the component lane of '{}'", identity(), e);
                    }
                }
            } finally {
                drainer = null;
                draining.set(false);
            }
            if (!tasks.isEmpty()) {
                scheduleDrain();
            }
        }
    }
}
