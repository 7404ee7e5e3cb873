package io.dubboai.controlplane.rule;

import io.dubboai.controlplane.component.BackoffConfig;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.Document;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.core.rule.InvalidRouteRuleException;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.core.rule.RuleParseResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer path for model route rules ({@link RouteRules#ruleKey}, group {@link RouteRules#GROUP}): every
 * component that changes a rule (the registry's aliases, the deployment API's weights, GPU constraints and fallback)
 * calls {@link #edit}, so no write can overwrite another's fields.
 *
 * <h2>Algorithm</h2>
 * One edit is a loop of passes. A pass reads the rule and its ticket, checks the caller's
 * {@link RouteRulePrecondition}, hands the stored rule to the caller's {@link RouteRuleChange}, validates what it
 * returns with {@link RouteRuleCodec} (the codec the router reads with, so nothing is stored that a router would
 * refuse), and writes it by compare-and-set on the ticket. A lost compare-and-set (another writer came first) starts
 * the next pass after a short jittered pause: the change function then sees the other writer's rule, so its fields
 * survive. The loop ends when
 * <ul>
 *   <li>the change function returns empty, or the rule it already holds: nothing is written;
 *   <li>an update (a write on an existing rule) succeeds: compare-and-set on the ticket is exact on every backend;
 *   <li>a create succeeds and the next pass finds nothing more to change. Creates are confirmed because on Nacos two
 *       creators within a few milliseconds can both win (the later write stays, see
 *       {@link io.dubboai.controlplane.store.ConfigCenters#casTicket}); the confirming pass re-applies the change to
 *       whatever won;
 *   <li>the precondition fails ({@link RouteRuleEditException.Reason#PRECONDITION_FAILED}), or {@value #MAX_PASSES}
 *       passes went by ({@link RouteRuleEditException.Reason#CONTENTION}).
 * </ul>
 *
 * <p>Stale reads: Nacos serves reads from a cache that lags a write by up to about a second
 * ({@link DocumentStore#readLag()}). A stale read only costs a pass (its ticket loses the compare-and-set). A
 * precondition that fails on a store with read lag is read again for up to that lag before the edit is refused, so a
 * caller holding the tag of a write that the cache does not show yet is not turned away.
 *
 * <p>Threading: one editor may be used from any number of threads; it keeps no state between calls.
 */
public final class RouteRuleEditor {

    /** Most passes of one edit before it gives up with {@link RouteRuleEditException.Reason#CONTENTION}. */
    public static final int MAX_PASSES = 200;

    /** Pause after a lost compare-and-set: up to 2 ms after the first loss, doubling to at most 32 ms. */
    static final BackoffConfig CONFLICT_BACKOFF =
            new BackoffConfig(Duration.ofMillis(1), Duration.ofMillis(32), 2.0, 1.0);

    /** Pause between reads while a failed precondition may still be a stale read. */
    static final Duration LAG_POLL = Duration.ofMillis(100);

    /** Hex digits of the SHA-256 kept in an entity tag (96 bits). */
    private static final int ETAG_HEX_DIGITS = 24;

    private static final Logger log = LoggerFactory.getLogger(RouteRuleEditor.class);

    private final DocumentStore rules;

    /**
     * @param rules the store holding the rules under their {@link RouteRules#ruleKey keys}: a
     *     {@link ConfigCenterDocumentStore} on group {@link RouteRules#GROUP} of the config center the routers read
     */
    public RouteRuleEditor(DocumentStore rules) {
        this.rules = rules;
    }

    /** An editor of the rules in {@code configuration}, the config center the routers read (its lifecycle stays with the caller). */
    public static RouteRuleEditor on(DynamicConfiguration configuration) {
        return new RouteRuleEditor(new ConfigCenterDocumentStore(
                configuration,
                RouteRules.GROUP,
                RouteRuleCodec.MAX_TEXT_BYTES,
                "config center " + configuration.getClass().getSimpleName()));
    }

    /** The rule of {@code model} as stored now (valid or not), or empty when there is none. */
    public Optional<StoredRouteRule> read(String model) {
        return current(model, rules.read(RouteRules.ruleKey(model)));
    }

    /**
     * Changes the rule of {@code model} (see the class comment for the loop).
     *
     * @param precondition what must hold of the stored rule
     * @param change computes the new rule from the stored one; may be called once per pass
     * @return the rule before and after, and whether this call wrote it
     * @throws RouteRuleEditException when the precondition failed, or other writers kept winning
     * @throws InvalidRouteRuleException when the new rule does not survive a round trip through the codec (larger
     *     than {@link RouteRuleCodec#MAX_TEXT_BYTES})
     * @throws IllegalArgumentException when the new rule names another model
     * @throws io.dubboai.controlplane.store.DocumentStoreException when the store cannot be written
     */
    public RouteRuleEdit edit(String model, RouteRulePrecondition precondition, RouteRuleChange change) {
        String key = RouteRules.ruleKey(model);
        RouteRulePrecondition condition = precondition;
        long lagDeadline = 0;
        boolean waitingForLag = false;
        boolean written = false;
        @Nullable StoredRouteRule before = null;
        @Nullable StoredRouteRule current = null;
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            Optional<Document> document = rules.read(key);
            current = current(model, document).orElse(null);
            if (!condition.holds(current)) {
                if (!waitingForLag) {
                    waitingForLag = true;
                    lagDeadline = System.nanoTime() + rules.readLag().toNanos();
                }
                if (System.nanoTime() - lagDeadline < 0) {
                    pause(model, LAG_POLL); // the read may be stale: look again until the lag has passed
                    continue;
                }
                throw preconditionFailed(model, condition, current);
            }
            Optional<ModelRouteRule> next = change.apply(current);
            if (next.isEmpty() || (current != null && current.rule().equals(next))) {
                if (current != null && document.isPresent() && !rules.readLag().isZero()) {
                    // "nothing to change" may come from a stale read (Nacos): write the same text back by
                    // compare-and-set, which fails, and so reads again, if the rule has changed since
                    if (!rules.replace(key, current.text(), document.get().ticket())) {
                        pause(
                                model,
                                CONFLICT_BACKOFF.delay(
                                        pass, ThreadLocalRandom.current().nextDouble()));
                        continue;
                    }
                }
                return new RouteRuleEdit(written ? before : current, current, written);
            }
            String text = validated(model, next.get());
            @Nullable Object ticket = document.map(Document::ticket).orElse(null);
            if (rules.compareAndSet(key, text, ticket)) {
                if (!written) {
                    written = true;
                    before = current;
                }
                if (ticket != null) {
                    return new RouteRuleEdit(before, stored(model, text), true);
                }
                condition = RouteRulePrecondition.ANY; // a create: the next pass confirms it (see above)
                continue;
            }
            log.debug("Route rule {} changed concurrently (pass {}); reading it again", key, pass);
            pause(
                    model,
                    CONFLICT_BACKOFF.delay(pass, ThreadLocalRandom.current().nextDouble()));
        }
        throw new RouteRuleEditException(
                RouteRuleEditException.Reason.CONTENTION,
                model,
                current == null ? null : current.etag(),
                "route rule " + key + " (group " + RouteRules.GROUP + ") kept changing while it was being written ("
                        + MAX_PASSES + " attempts); nothing was written, try again");
    }

    /** The entity tag of a stored text: the first 96 bits of its SHA-256, in hex. */
    public static String etagOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, ETAG_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM; every Java SE runtime has it", e);
        }
    }

    private static Optional<StoredRouteRule> current(String model, Optional<Document> document) {
        return document.map(Document::content).filter(text -> !text.isBlank()).map(text -> stored(model, text));
    }

    private static StoredRouteRule stored(String model, String text) {
        return new StoredRouteRule(model, text, etagOf(text), RouteRuleCodec.parse(model, text));
    }

    /** The text to store for {@code rule}, checked by reading it back as the router will. */
    private static String validated(String model, ModelRouteRule rule) {
        if (!rule.model().equals(model)) {
            throw new IllegalArgumentException("the rule names model '" + rule.model() + "' but is to be stored as the"
                    + " rule of '" + model + "'; a rule's model must match its key");
        }
        String text = RouteRuleCodec.encode(rule);
        RuleParseResult check = RouteRuleCodec.parse(model, text);
        if (!check.isValid()) {
            throw new InvalidRouteRuleException(check.problems());
        }
        return text;
    }

    private static RouteRuleEditException preconditionFailed(
            String model, RouteRulePrecondition condition, @Nullable StoredRouteRule current) {
        String message = condition.failure(RouteRules.ruleKey(model), current);
        return new RouteRuleEditException(
                RouteRuleEditException.Reason.PRECONDITION_FAILED,
                model,
                current == null ? null : current.etag(),
                message);
    }

    private static void pause(String model, Duration delay) {
        try {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouteRuleEditException(
                    RouteRuleEditException.Reason.INTERRUPTED,
                    model,
                    null,
                    "interrupted while writing route rule " + RouteRules.ruleKey(model) + "; nothing was written");
        }
    }
}
