package io.dubboai.router.internal;

import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.rule.Fallback;
import io.dubboai.core.rule.GpuConstraints;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.ShadowTraffic;
import io.dubboai.router.NoModelProviderException;
import io.dubboai.router.RuleStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.cluster.router.state.BitList;
import org.jspecify.annotations.Nullable;

/**
 * Everything a call needs to be routed, computed once per address notification or rule change and never modified:
 * per-version provider pools with the GPU constraints already applied, the weighted split, the aliases and the
 * fallback. A call reads its attachments, looks a pool up and intersects it with the available providers (a bit
 * operation over the pool's bitmap, no per-provider work); the cost does not grow with the number of providers the
 * way filtering every invoker per call (Dubbo's tag and condition routers) does.
 *
 * <p>Precedence per call: pinned version attachment, alias attachment, sticky key (hashed onto the split, see
 * {@link WeightedSplit}), weighted random; then the fallback when the chosen version has no eligible provider. A
 * rule with {@code enabled: false} is ignored as a whole (aliases included): calls go to any provider of the model,
 * and only a pinned version still narrows them.
 *
 * @param <T> service type
 */
public final class RoutingTable<T> {

    /** How a call's version was chosen; shown in router snapshots and error messages. */
    public enum Source {
        /** The router is inert: the service has no model providers, or there is nothing to decide. */
        NONE,
        /** Pinned by the {@link ModelAttachments#VERSION} attachment. */
        PINNED,
        /** Through an alias of the rule, named by the {@link ModelAttachments#ALIAS} attachment. */
        ALIAS,
        /** Sticky key hashed onto the weighted split. */
        STICKY,
        /** Weighted random split. */
        WEIGHTED,
        /** No split in force: any eligible provider of the model. */
        ANY,
        /** The rule's stable fallback version. */
        FALLBACK
    }

    /**
     * The outcome of routing one call.
     *
     * @param providers the providers the call may use (a subset of the input)
     * @param version the chosen version, {@code null} for {@link Source#ANY} and {@link Source#NONE}
     * @param source how it was chosen
     */
    public record Choice<T>(
            BitList<Invoker<T>> providers, @Nullable String version, Source source) {}

    /**
     * Where a call of this table's model may be mirrored: the rule's {@code shadow} step, built once per table.
     *
     * @param model the model
     * @param version the shadow version, which receives the copies
     * @param probability the chance that one call is copied, greater than 0 and at most 1
     */
    public record ShadowTarget(String model, String version, double probability) {}

    private final ProviderIndex<T> index;
    private final RuleStatus status;
    private final @Nullable ModelRouteRule rule;
    private final boolean ruleDisabled;
    private final Map<String, BitList<Invoker<T>>> pools;
    private final Map<String, Integer> providerCounts;
    private final List<String> eligibleVersions;
    private final BitList<Invoker<T>> anyPool;
    private final @Nullable WeightedSplit split;
    private final @Nullable ShadowTarget shadow;

    private RoutingTable(ProviderIndex<T> index, RuleStatus status) {
        this.index = index;
        this.status = status;
        ModelRouteRule candidate = status.rule();
        this.rule = candidate != null && candidate.enabled() ? candidate : null;
        this.ruleDisabled = candidate != null && !candidate.enabled();
        GpuConstraints gpu = rule == null ? GpuConstraints.NONE : rule.gpu();
        Map<String, BitList<Invoker<T>>> byVersion = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        BitList<Invoker<T>> any = new BitList<>(index.origin(), true);
        for (int position : index.modelPositions()) {
            ProviderFacts facts = index.facts(position);
            String version = facts.version();
            if (version != null) {
                counts.merge(version, 1, Integer::sum);
            }
            if (!gpu.matches(facts.accelerator(), facts.gpuType(), facts.gpuMemoryMiB())) {
                continue;
            }
            any.addIndex(position);
            if (version != null) {
                byVersion
                        .computeIfAbsent(version, v -> new BitList<>(index.origin(), true))
                        .addIndex(position);
            }
        }
        this.pools = Map.copyOf(byVersion);
        this.providerCounts = Collections.unmodifiableMap(counts);
        this.eligibleVersions = List.copyOf(byVersion.keySet());
        this.anyPool = any;
        this.split = rule == null || rule.traffic().isEmpty() ? null : WeightedSplit.of(rule.traffic());
        ShadowTraffic shadowStep = rule == null ? null : rule.shadow();
        this.shadow = shadowStep == null || index.model() == null
                ? null
                : new ShadowTarget(index.model(), shadowStep.version(), shadowStep.probability());
    }

    /** A table for {@code index} under {@code status}. O(number of providers). */
    public static <T> RoutingTable<T> build(ProviderIndex<T> index, RuleStatus status) {
        return new RoutingTable<>(index, status);
    }

    /** The providers this table was built from. */
    public ProviderIndex<T> index() {
        return index;
    }

    /** The rule status this table was built from. */
    public RuleStatus status() {
        return status;
    }

    /** Whether this table routes nothing: the service's providers carry no model name. */
    public boolean isInert() {
        return index.model() == null;
    }

    /** Whether this table was built from the list {@code invokers} refers to. */
    public boolean isBuiltFrom(BitList<Invoker<T>> invokers) {
        return invokers.getOriginList() == index.origin();
    }

    /** The eligible providers of {@code version} (GPU constraints applied); empty if none. */
    public BitList<Invoker<T>> pool(String version) {
        BitList<Invoker<T>> pool = pools.get(version);
        return pool == null ? BitList.emptyList() : pool;
    }

    /**
     * Routes one call over {@code available} (the providers Dubbo still considers usable; same origin list as this
     * table).
     *
     * @throws NoModelProviderException when no eligible provider is left and the fallback cannot help
     */
    public Choice<T> route(BitList<Invoker<T>> available, Invocation invocation) {
        if (isInert()) {
            return new Choice<>(available, null, Source.NONE);
        }
        String pinned = attachment(invocation, ModelAttachments.VERSION);
        if (pinned != null) {
            return choose(available, pinned, Source.PINNED, pinned);
        }
        String alias = ruleDisabled ? null : attachment(invocation, ModelAttachments.ALIAS);
        if (alias != null) {
            String target = rule == null ? null : rule.aliases().get(alias);
            if (target == null) {
                return fallback(available, null, Source.ALIAS, alias);
            }
            return choose(available, target, Source.ALIAS, alias);
        }
        if (split != null && rule != null) {
            String key = attachment(invocation, rule.stickyKey());
            if (key != null) {
                return choose(available, split.sticky(key), Source.STICKY, key);
            }
            return choose(available, split.random(), Source.WEIGHTED, "");
        }
        BitList<Invoker<T>> any = intersect(available, anyPool);
        if (any != null) {
            return new Choice<>(any, null, Source.ANY);
        }
        return fallback(available, null, Source.ANY, "");
    }

    /** Whether the rule in force has a shadow step (a disabled rule has none). */
    public boolean hasShadow() {
        return shadow != null;
    }

    /**
     * Where a copy of a call routed to {@code choice} may go: the rule's shadow target, unless the call pins a version
     * or names an alias (the caller chose on purpose), is itself a shadow copy, or went to the shadow version anyway.
     * Whether it is copied is then a draw against {@link ShadowTarget#probability()}; the caller of this method draws.
     */
    public @Nullable ShadowTarget shadowFor(Invocation invocation, Choice<T> choice) {
        ShadowTarget target = shadow;
        if (target == null
                || choice.version() == null
                || choice.version().equals(target.version())
                || attachment(invocation, ModelAttachments.VERSION) != null
                || attachment(invocation, ModelAttachments.ALIAS) != null
                || attachment(invocation, ModelAttachments.SHADOW) != null) {
            return null;
        }
        return target;
    }

    /** Routes to {@code version}'s eligible providers, or falls back. {@code detail}: the alias or sticky key. */
    private Choice<T> choose(BitList<Invoker<T>> available, String version, Source source, String detail) {
        BitList<Invoker<T>> pool = pools.get(version);
        BitList<Invoker<T>> chosen = pool == null ? null : intersect(available, pool);
        if (chosen != null) {
            return new Choice<>(chosen, version, source);
        }
        return fallback(available, version, source, detail);
    }

    private Choice<T> fallback(BitList<Invoker<T>> available, @Nullable String asked, Source source, String detail) {
        Fallback fallback = rule == null ? Fallback.FAIL : rule.fallback();
        if (fallback.policy() == Fallback.Policy.VERSION && fallback.version() != null) {
            BitList<Invoker<T>> pool = pools.get(fallback.version());
            BitList<Invoker<T>> chosen = pool == null ? null : intersect(available, pool);
            if (chosen != null) {
                return new Choice<>(chosen, fallback.version(), Source.FALLBACK);
            }
            throw failure(
                    asked,
                    source,
                    detail,
                    "the fallback version '" + fallback.version() + "' has no eligible provider either");
        }
        throw failure(
                asked,
                source,
                detail,
                rule == null ? "no route rule in force, so the fallback is 'fail'" : "the rule's fallback is 'fail'");
    }

    /** Built only when a call fails: says how the version was chosen, in words. */
    private NoModelProviderException failure(
            @Nullable String asked, Source source, String detail, String fallbackOutcome) {
        String how =
                switch (source) {
                    case PINNED -> "pinned by attachment " + ModelAttachments.VERSION;
                    case ALIAS ->
                        asked == null
                                ? "alias '" + detail + "' is not defined"
                                        + (rule == null ? " (no route rule in force)" : "; defined: " + rule.aliases())
                                : "alias '" + detail + "'";
                    case STICKY ->
                        "sticky key '" + detail + "' on the weighted split " + (rule == null ? "" : rule.traffic());
                    case WEIGHTED -> "weighted split " + (rule == null ? "" : rule.traffic());
                    default -> "no weighted split in force";
                };
        String model = index.model();
        return NoModelProviderException.of(
                model == null ? "?" : model, asked, how, providerCounts, eligibleVersions, fallbackOutcome);
    }

    private static <T> @Nullable BitList<Invoker<T>> intersect(
            BitList<Invoker<T>> available, BitList<Invoker<T>> pool) {
        if (pool.isEmpty()) {
            return null;
        }
        BitList<Invoker<T>> result = available.clone();
        result.and(pool);
        return result.isEmpty() ? null : result;
    }

    private static @Nullable String attachment(Invocation invocation, String key) {
        String value = invocation.getAttachment(key);
        return value == null || value.isEmpty() ? null : value;
    }

    /** A few lines for Dubbo's router snapshot: model, rule, pools, rejected rules. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        String model = index.model();
        if (model == null) {
            return text.append("inert: no provider carries a model name\n").toString();
        }
        text.append("model ").append(model);
        if (index.models().size() > 1) {
            text.append(" (providers also name ").append(index.models()).append(", left out)");
        }
        text.append("; rule ").append(status.ruleKey()).append(": ");
        ModelRouteRule current = status.rule();
        if (current == null) {
            text.append("none");
        } else {
            text.append(current.enabled() ? "" : "disabled, ")
                    .append("traffic ")
                    .append(current.traffic())
                    .append(", aliases ")
                    .append(current.aliases())
                    .append(", gpu ")
                    .append(current.gpu())
                    .append(", fallback ")
                    .append(current.fallback());
            if (current.shadow() != null) {
                text.append(", shadow ").append(current.shadow());
            }
        }
        text.append("; providers by version ").append(providerCounts);
        List<String> sizes = new ArrayList<>();
        eligibleVersions.forEach(
                version -> sizes.add(version + "=" + pools.get(version).size()));
        text.append("; eligible ").append(sizes);
        if (status.rejected() > 0) {
            text.append("; rejected rules: ").append(status.rejected());
        }
        if (status.hasProblems()) {
            text.append("; LAST RULE REJECTED, keeping the previous one: ").append(status.problems());
        }
        return text.append('\n').toString();
    }
}
