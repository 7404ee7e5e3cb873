package io.dubboai.router;

import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.core.rule.RuleParseResult;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.dubbo.common.config.configcenter.ConfigChangeType;
import org.apache.dubbo.common.config.configcenter.ConfigChangedEvent;
import org.apache.dubbo.common.config.configcenter.ConfigurationListener;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.ModuleModel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the route rule of every model the routers of one Dubbo module route, read from the config center: one
 * subscription per model ({@code <model>.model-route} in group {@value RouteRules#GROUP}) shared by every router of
 * the module, the way Dubbo's {@code MeshRuleManager} shares application rules. One instance per
 * {@code ModuleModel}, registered in its bean factory by {@link RouterScopeModelInitializer}.
 *
 * <p>A text that is not a valid rule is rejected: the last good rule stays in force, the problems are logged once
 * per distinct text and kept in {@link #status(String)}, and the rejection counter grows. Deleting the rule means
 * "no rule".
 *
 * <p>Threading: config-center events for one model are applied one at a time, and listeners are called in order
 * while the model's subscription is locked, so a listener must be quick and must not call back into this manager
 * (the routers only swap an immutable table). A listener that subscribes while an event is applied gets the newer
 * status either from {@link #subscribe} or from the event; it keeps the one with the highest
 * {@link RuleStatus#generation()}.
 */
public final class ModelRuleManager {

    private static final Logger log = LoggerFactory.getLogger(ModelRuleManager.class);

    /** How long the first read of a rule may take before the router goes on without it, in milliseconds. */
    public static final long INITIAL_READ_TIMEOUT_MILLIS = 3000;

    private final Supplier<Optional<DynamicConfiguration>> configCenter;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong rejectedTotal = new AtomicLong();

    /**
     * @param configCenter supplies the module's config center when asked; read lazily because the config center
     *     starts after the module model is created. Empty means rules are never read (routing goes on without).
     */
    public ModelRuleManager(Supplier<Optional<DynamicConfiguration>> configCenter) {
        this.configCenter = configCenter;
    }

    /**
     * Subscribes {@code listener} to the rule of {@code model}, reading it from the config center on the first
     * subscription, and returns the current status. Safe to call repeatedly with the same listener.
     */
    public RuleStatus subscribe(String model, Consumer<RuleStatus> listener) {
        Subscription subscription = subscriptions.computeIfAbsent(model, Subscription::new);
        subscription.start();
        subscription.listeners.addIfAbsent(listener);
        return subscription.status;
    }

    /** Removes {@code listener}; the config-center subscription stays for the module's lifetime. */
    public void unsubscribe(String model, Consumer<RuleStatus> listener) {
        Subscription subscription = subscriptions.get(model);
        if (subscription != null) {
            subscription.listeners.remove(listener);
        }
    }

    /**
     * The status of the rule of {@code model} as every subscribed router has applied it; the initial status when
     * nobody subscribed to it.
     */
    public RuleStatus status(String model) {
        Subscription subscription = subscriptions.get(model);
        return subscription == null ? RuleStatus.initial(model) : subscription.delivered;
    }

    /** Rule texts rejected since this module started, over all models. */
    public long rejectedRules() {
        return rejectedTotal.get();
    }

    /**
     * Rule texts rejected by the rule managers of every live module of {@code application} (Dubbo's internal module
     * routes nothing and is left out), read now.
     */
    public static long totalRejectedRules(ApplicationModel application) {
        long total = 0;
        for (ModuleModel module : application.getPubModuleModels()) {
            ModelRuleManager manager =
                    module.isDestroyed() ? null : module.getBeanFactory().getBean(ModelRuleManager.class);
            if (manager != null) {
                total += manager.rejectedRules();
            }
        }
        return total;
    }

    /** Removes every config-center listener; called when the module is destroyed. Idempotent. */
    public void stop() {
        try {
            configCenter.get().ifPresent(config -> subscriptions.values().forEach(subscription -> {
                if (subscription.started) {
                    config.removeListener(subscription.key, RouteRules.GROUP, subscription);
                }
            }));
        } catch (RuntimeException e) {
            // the config center may already be closed when the module goes down; its listeners went with it
            log.debug("Config center gone while removing route rule listeners", e);
        }
        subscriptions.clear();
    }

    /** One model's subscription; also the config-center listener of its key. */
    private final class Subscription implements ConfigurationListener {
        private final String model;
        private final String key;
        private final CopyOnWriteArrayList<Consumer<RuleStatus>> listeners = new CopyOnWriteArrayList<>();
        private volatile RuleStatus status;
        private volatile RuleStatus delivered;
        private volatile boolean started;
        private boolean eventSeen;
        private @Nullable String lastLoggedText;

        Subscription(String model) {
            this.model = model;
            this.key = RouteRules.ruleKey(model);
            this.status = RuleStatus.initial(model);
            this.delivered = status;
        }

        synchronized void start() {
            if (started) {
                return;
            }
            Optional<DynamicConfiguration> config = configCenter.get();
            if (config.isEmpty()) {
                log.info(
                        "No config center in this application: the route rule {} of model '{}' is not read; calls"
                                + " are routed by attachments only. Configure dubbo.config-center (or a registry"
                                + " that doubles as one) to use route rules.",
                        key,
                        model);
                return;
            }
            String text;
            try {
                // listen first, then read: a change between the two is seen by the listener and wins over the read
                config.get().addListener(key, RouteRules.GROUP, this);
                started = true;
                text = config.get().getConfig(key, RouteRules.GROUP, INITIAL_READ_TIMEOUT_MILLIS);
            } catch (RuntimeException e) {
                log.warn(
                        "Could not {} the route rule {} of model '{}'; calls are routed by attachments {}",
                        started ? "read" : "subscribe to",
                        key,
                        model,
                        started ? "until the rule changes" : "only; the next subscriber retries",
                        e);
                return;
            }
            if (!eventSeen) {
                apply(text, text == null ? ConfigChangeType.DELETED : ConfigChangeType.ADDED);
                delivered = status;
            }
        }

        @Override
        public synchronized void process(ConfigChangedEvent event) {
            eventSeen = true;
            RuleStatus next = apply(event.getContent(), event.getChangeType());
            if (next != null) {
                // in order, under the lock: listeners (routers) only swap an immutable table, they never block
                listeners.forEach(listener -> listener.accept(next));
                delivered = next;
            }
        }

        /** Applies one text; returns the new status, or null when nothing changed. Caller holds the lock. */
        private @Nullable RuleStatus apply(@Nullable String text, ConfigChangeType type) {
            RuleStatus current = status;
            RuleStatus next;
            if (type == ConfigChangeType.DELETED || text == null) {
                if (current.rule() == null && !current.hasProblems()) {
                    return null;
                }
                next = current.accepted(null);
                log.info("Route rule {} removed: calls of model '{}' are routed without a rule", key, model);
            } else {
                RuleParseResult result = RouteRuleCodec.parse(model, text);
                if (result.isValid()) {
                    next = current.accepted(result.rule());
                    lastLoggedText = null;
                } else {
                    next = current.rejected(text, result.problems());
                    rejectedTotal.incrementAndGet();
                    if (!text.equals(lastLoggedText)) {
                        lastLoggedText = text;
                        log.warn(
                                "Rejected the route rule {} (group {}) of model '{}': {}. Calls keep using {}. Fix the"
                                        + " rule and publish it again. Rejected text:\n{}",
                                key,
                                RouteRules.GROUP,
                                model,
                                result.problems(),
                                current.rule() == null ? "no rule" : "the last good rule",
                                text);
                    }
                }
            }
            status = next;
            return next;
        }
    }
}
