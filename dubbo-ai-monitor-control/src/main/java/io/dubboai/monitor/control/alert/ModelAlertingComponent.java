package io.dubboai.monitor.control.alert;

import io.dubboai.controlplane.component.Component;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SLO alerting of model versions, on the leader only: every {@link AlertingSettings#interval()} it evaluates each
 * {@link SloRule} ({@link BurnRateEvaluator}), records a change of its alert by compare-and-set in the alert's
 * document ({@link AlertState}) together with the notification it owes, and then delivers the owed notifications to
 * the notifiers and actions, marking each target done by compare-and-set.
 *
 * <p>Why an alert fires once and resolves once across replicas and leader changes: the transition and its
 * notification are one compare-and-set on the state read, so two evaluators (a leader and its successor, or an old
 * leader that has not noticed yet) cannot both make it; the notification then waits in the document's outbox until
 * every target has it, so a new leader delivers what the old one did not, and does not deliver again what it
 * recorded as done. The one window left: a leader that dies after a target accepted a notification and before it
 * recorded that leaves it to its successor to send again; the notification's {@link AlertNotification#id()} is the
 * same, so receivers deduplicate (Alertmanager does by its labels).
 *
 * <p>Threading: one daemon thread evaluates and delivers; {@link #start()} and {@link #stop()} come from the
 * component manager.
 */
public final class ModelAlertingComponent implements Component {

    /** The component name. */
    public static final String NAME = "model-alerting";

    /** Target-name prefix of actions in {@link AlertNotification#targets()}. */
    public static final String ACTION_TARGET = "action:";

    private static final Logger LOG = LoggerFactory.getLogger(ModelAlertingComponent.class);

    private final AlertingSettings settings;
    private final SloRules rules;
    private final JsonDocuments<AlertState> alerts;
    private final Supplier<SliSource> sli;
    private final List<AlertNotifier> notifiers;
    private final Map<String, AlertAction> actions;
    private final Clock clock;
    private final BurnRateEvaluator evaluator;
    private final AtomicLong rounds = new AtomicLong();
    private @Nullable ScheduledExecutorService executor;

    /**
     * @param settings interval, windows, delivery
     * @param store the control plane's document store, holding the rules and the alert states
     * @param sli where indicators are read, asked anew each round (Prometheus or the scrapes)
     * @param notifiers where notifications go (usually {@link AlertingSettings#notifiers()})
     * @param actions the actions rules may name, by {@link AlertAction#name()} (unique)
     * @param clock "now"
     */
    public ModelAlertingComponent(
            AlertingSettings settings,
            DocumentStore store,
            Supplier<SliSource> sli,
            List<AlertNotifier> notifiers,
            List<AlertAction> actions,
            Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.rules = new SloRules(store);
        this.alerts = rules.alerts();
        this.sli = Objects.requireNonNull(sli, "sli");
        this.notifiers = List.copyOf(notifiers);
        Map<String, AlertAction> byName = new LinkedHashMap<>();
        for (AlertAction action : actions) {
            AlertAction previous = byName.put(action.name(), action);
            if (previous != null) {
                throw new IllegalArgumentException("two alert actions are named '" + action.name() + "' ("
                        + previous.getClass().getName() + " and "
                        + action.getClass().getName()
                        + "); action names must be unique");
            }
        }
        this.actions = Map.copyOf(byName);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.evaluator = new BurnRateEvaluator(settings.windows());
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
        return 10;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dubbo-ai-alerting");
            thread.setDaemon(true);
            return thread;
        });
        long intervalMs = settings.interval().toMillis();
        started.scheduleWithFixedDelay(this::round, 0, intervalMs, TimeUnit.MILLISECONDS);
        executor = started;
        LOG.info(
                "SLO alerting started: every {}, windows {}, notifiers {}, actions {}",
                settings.interval(),
                settings.windows().stream().map(BurnRateWindow::label).toList(),
                notifiers,
                actions.keySet());
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        ScheduledExecutorService current = executor;
        executor = null;
        if (current != null) {
            current.shutdownNow();
            if (!current.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("SLO alerting round still running 10s after stop; it will see it lost leadership when"
                        + " its next write fails or finds the state changed");
            }
        }
    }

    /** The names of the actions rules may use. */
    public Set<String> actionNames() {
        return actions.keySet();
    }

    /** The rules (read and written by the REST API on any node). */
    public SloRules rules() {
        return rules;
    }

    /** Completed evaluation rounds on this node since it was created (for tests and status). */
    public long rounds() {
        return rounds.get();
    }

    /** One round: every rule evaluated, then its owed notifications delivered. Never throws. */
    void round() {
        try {
            SliSource source = sli.get();
            for (SloRule rule : rules.list()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                try {
                    AlertState state = evaluate(rule, source);
                    deliver(rule, state);
                } catch (RuntimeException e) {
                    LOG.warn("SLO rule {} could not be evaluated: {}", rule.id(), e.toString());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("SLO alerting round failed: {}", e.toString());
        } finally {
            rounds.incrementAndGet();
        }
    }

    private AlertState evaluate(SloRule rule, SliSource source) {
        Instant now = clock.instant();
        BurnRateEvaluator.Decision decision = evaluator.evaluate(rule, source, now);
        String key = SloRules.ALERT_KEY_PREFIX + rule.id();
        alerts.create(key, AlertState.initial(rule.id(), now));
        return alerts.update(key, state -> transition(rule, state, decision, now));
    }

    private AlertState transition(SloRule rule, AlertState state, BurnRateEvaluator.Decision decision, Instant now) {
        if (decision.outcome() == BurnRateEvaluator.Outcome.FIRE && state.status() == AlertStatus.INACTIVE) {
            int incident = state.incident() + 1;
            AlertNotification fired = notification(
                    rule,
                    AlertStatus.FIRING,
                    incident,
                    now,
                    now,
                    decision.severity(),
                    rule.model() + " " + rule.version() + ": " + rule.objective() + " violated, window pair "
                            + decision.firedBy() + " " + describe(decision.values()),
                    decision.values());
            LOG.info("SLO alert {} FIRING (incident {}): {}", rule.id(), incident, fired.summary());
            return new AlertState(
                    rule.id(),
                    AlertStatus.FIRING,
                    incident,
                    now,
                    decision.severity(),
                    now,
                    decision.values(),
                    decision.error(),
                    append(state.outbox(), fired),
                    state.history());
        }
        if (decision.outcome() == BurnRateEvaluator.Outcome.CLEAR && state.status() == AlertStatus.FIRING) {
            String severity = state.severity() == null ? "page" : state.severity();
            AlertNotification resolved = notification(
                    rule,
                    AlertStatus.INACTIVE,
                    state.incident(),
                    now,
                    state.since(),
                    severity,
                    rule.model() + " " + rule.version() + ": " + rule.objective() + " holds again "
                            + describe(decision.values()),
                    decision.values());
            LOG.info("SLO alert {} RESOLVED (incident {}): {}", rule.id(), state.incident(), resolved.summary());
            return new AlertState(
                    rule.id(),
                    AlertStatus.INACTIVE,
                    state.incident(),
                    now,
                    null,
                    now,
                    decision.values(),
                    decision.error(),
                    append(state.outbox(), resolved),
                    state.history());
        }
        return new AlertState(
                rule.id(),
                state.status(),
                state.incident(),
                state.since(),
                state.severity(),
                now,
                decision.values(),
                decision.error(),
                state.outbox(),
                state.history());
    }

    private AlertNotification notification(
            SloRule rule,
            AlertStatus kind,
            int incident,
            Instant at,
            Instant startedAt,
            @Nullable String severity,
            String summary,
            Map<String, Double> values) {
        List<String> targets = new ArrayList<>();
        notifiers.forEach(notifier -> targets.add(notifier.name()));
        if (kind == AlertStatus.FIRING) {
            rule.actions().forEach(action -> targets.add(ACTION_TARGET + action));
        }
        return new AlertNotification(
                rule.id() + "/" + incident + "/" + (kind == AlertStatus.FIRING ? "firing" : "resolved"),
                rule.id(),
                rule.model(),
                rule.version(),
                kind,
                incident,
                at,
                startedAt,
                severity == null ? "page" : severity,
                summary,
                values,
                targets,
                Set.of(),
                0,
                null);
    }

    /** Delivers the outbox in order; a target that failed gets none of the later notifications this round. */
    private void deliver(SloRule rule, AlertState state) {
        Set<String> failedTargets = new HashSet<>();
        for (AlertNotification owed : state.outbox()) {
            String error = null;
            for (String target : owed.targets()) {
                if (owed.done().contains(target) || failedTargets.contains(target)) {
                    if (failedTargets.contains(target)) {
                        error = target + " failed on an earlier notification";
                    }
                    continue;
                }
                try {
                    send(target, owed, rule);
                    record(rule, owed.id(), notification -> notification.deliveredTo(target));
                } catch (RuntimeException e) {
                    failedTargets.add(target);
                    error = e.getMessage();
                    LOG.warn("SLO alert {} notification {} to {} failed: {}", rule.id(), owed.id(), target, error);
                }
            }
            if (error != null) {
                String reason = error;
                record(rule, owed.id(), notification -> notification.failed(reason));
            }
        }
        if (state.status() == AlertStatus.FIRING && state.outbox().isEmpty()) {
            notifiers.forEach(notifier -> notifier.stillFiring(state, rule));
        }
    }

    private void send(String target, AlertNotification notification, SloRule rule) {
        if (target.startsWith(ACTION_TARGET)) {
            String name = target.substring(ACTION_TARGET.length());
            AlertAction action = actions.get(name);
            if (action == null) {
                throw new AlertDeliveryException(
                        "no alert action named '" + name + "' is installed; known: " + actions.keySet());
            }
            try {
                action.onFiring(notification);
            } catch (RuntimeException e) {
                throw new AlertDeliveryException("action '" + name + "' failed: " + e);
            } catch (Exception e) {
                throw new AlertDeliveryException("action '" + name + "' failed: " + e);
            }
            return;
        }
        for (AlertNotifier notifier : notifiers) {
            if (notifier.name().equals(target)) {
                notifier.deliver(notification, rule);
                return;
            }
        }
        throw new AlertDeliveryException("notifier '" + target + "' is not configured on this node; configure it"
                + " the same on every control-plane replica");
    }

    /**
     * Changes the outbox entry {@code id} by compare-and-set; moves it to the history when every target has it or
     * its rounds are spent.
     */
    private void record(SloRule rule, String id, java.util.function.UnaryOperator<AlertNotification> change) {
        alerts.update(SloRules.ALERT_KEY_PREFIX + rule.id(), state -> {
            List<AlertNotification> outbox = new ArrayList<>();
            List<AlertNotification> history = new ArrayList<>(state.history());
            boolean found = false;
            for (AlertNotification notification : state.outbox()) {
                if (!notification.id().equals(id)) {
                    outbox.add(notification);
                    continue;
                }
                found = true;
                AlertNotification next = change.apply(notification);
                if (next.complete()) {
                    history.add(next);
                } else if (next.attempts() >= settings.deliveryRounds()) {
                    LOG.error(
                            "SLO alert {} notification {} given up after {} rounds; {} of {} got it; last error: {}",
                            rule.id(),
                            id,
                            next.attempts(),
                            next.done(),
                            next.targets(),
                            next.lastError());
                    history.add(next);
                } else {
                    outbox.add(next);
                }
            }
            if (!found) {
                return state; // another evaluator finished it
            }
            while (history.size() > AlertState.HISTORY) {
                history.remove(0);
            }
            return new AlertState(
                    state.ruleId(),
                    state.status(),
                    state.incident(),
                    state.since(),
                    state.severity(),
                    state.evaluatedAt(),
                    state.values(),
                    state.error(),
                    outbox,
                    history);
        });
    }

    private static List<AlertNotification> append(List<AlertNotification> outbox, AlertNotification notification) {
        List<AlertNotification> next = new ArrayList<>(outbox);
        next.add(notification);
        return next;
    }

    private static String describe(Map<String, Double> values) {
        StringBuilder text = new StringBuilder("(");
        values.forEach((name, value) -> {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(name).append(' ').append(AlertText.number(value));
        });
        return text.append(')').toString();
    }
}
