package io.dubboai.core.rule;

import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.model.ModelNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The route rule of one model: stored as YAML under {@link RouteRules#ruleKey(String)} in group
 * {@link RouteRules#GROUP} of the Dubbo config center, read by the router, written by the registry (aliases),
 * the deployment (weights during a rollout) and the experiments.
 *
 * <p>Every instance is valid: the constructor checks the invariants below and throws
 * {@link InvalidRouteRuleException} listing every broken one. Text is read by {@link RouteRuleCodec}.
 *
 * <ul>
 *   <li>{@code traffic}: versions are unique; when not empty the weights sum to {@link TrafficSplit#TOTAL_WEIGHT}.
 *       An empty split means "no weighted routing": unpinned calls may go to any version's providers.
 *   <li>{@code aliases}: each alias names one version; when traffic is not empty that version is listed there
 *       (weight 0 is fine), so a rule never points at a version nobody declared.
 *   <li>{@code fallback}: the stable version obeys the same rule as alias targets.
 *   <li>{@code shadow}: when present, its version is listed in {@code traffic} (weight 0 is the usual case) and its
 *       percent is greater than 0 and at most 100. Absent means no mirroring.
 *   <li>{@code stickyKey}: the attachment whose value is hashed for sticky routing; lower case, because Triple
 *       lower-cases attachment keys.
 * </ul>
 *
 * @param model the model this rule routes
 * @param enabled when false the router ignores the rule and leaves calls to plain load balancing
 * @param traffic the weighted version split, in declaration order
 * @param aliases alias → version, e.g. {@code champion → 3}
 * @param gpu hardware constraints providers must satisfy
 * @param stickyKey name of the attachment used for sticky routing
 * @param fallback what to do when the chosen version has no eligible provider
 * @param shadow the share of calls mirrored to one version, answers discarded; null for none
 */
public record ModelRouteRule(
        String model,
        boolean enabled,
        List<TrafficSplit> traffic,
        Map<String, String> aliases,
        GpuConstraints gpu,
        String stickyKey,
        Fallback fallback,
        @Nullable ShadowTraffic shadow) {

    /** Format version written as {@code configVersion}; the only one this build reads. */
    public static final String CONFIG_VERSION = "v1";

    /** Most entries in {@code traffic} or {@code aliases}. */
    public static final int MAX_ENTRIES = 64;

    private static final Pattern ATTACHMENT_KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public ModelRouteRule {
        traffic = List.copyOf(traffic);
        aliases = Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
        List<RuleProblem> problems = check(model, traffic, aliases, stickyKey, fallback, shadow, true);
        if (!problems.isEmpty()) {
            throw new InvalidRouteRuleException(problems);
        }
    }

    /**
     * A rule without a shadow step: the constructor of the fields rules had before {@code shadow} existed. Code that
     * rebuilds a rule from another must carry {@link #shadow()} over (or use {@link #toBuilder()}), else the shadow
     * step is lost.
     */
    public ModelRouteRule(
            String model,
            boolean enabled,
            List<TrafficSplit> traffic,
            Map<String, String> aliases,
            GpuConstraints gpu,
            String stickyKey,
            Fallback fallback) {
        this(model, enabled, traffic, aliases, gpu, stickyKey, fallback, null);
    }

    /** A builder for a rule of {@code model}, with defaults: enabled, no split, no aliases, fail fallback. */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** A builder pre-filled with this rule. */
    public Builder toBuilder() {
        Builder builder = new Builder(model)
                .enabled(enabled)
                .gpu(gpu)
                .stickyKey(stickyKey)
                .fallback(fallback)
                .shadow(shadow);
        traffic.forEach(split -> builder.traffic(split.version(), split.weight()));
        aliases.forEach(builder::alias);
        return builder;
    }

    /** The versions listed in the traffic split, in declaration order. */
    public Set<String> versions() {
        Set<String> versions = new LinkedHashSet<>();
        traffic.forEach(split -> versions.add(split.version()));
        return versions;
    }

    /** The version an alias points at. */
    public Optional<String> resolveAlias(String alias) {
        return Optional.ofNullable(aliases.get(alias));
    }

    /**
     * This rule with {@code alias} pointing at {@code version}. If the split is not empty and lacks the version,
     * the version is added with weight 0, so the rule stays valid and weighted traffic is unchanged.
     */
    public ModelRouteRule withAlias(String alias, String version) {
        ModelNames.requireAlias(alias);
        Builder builder = toBuilder().alias(alias, version);
        if (!traffic.isEmpty() && !versions().contains(version)) {
            builder.traffic(version, 0);
        }
        return builder.build();
    }

    /** This rule without {@code alias}; the same rule when the alias is not set. */
    public ModelRouteRule withoutAlias(String alias) {
        if (!aliases.containsKey(alias)) {
            return this;
        }
        Map<String, String> remaining = new LinkedHashMap<>(aliases);
        remaining.remove(alias);
        return new ModelRouteRule(model, enabled, traffic, remaining, gpu, stickyKey, fallback, shadow);
    }

    /**
     * This rule with another weighted split (aliases, fallback and shadow must still reference listed versions).
     */
    public ModelRouteRule withTraffic(List<TrafficSplit> newTraffic) {
        return new ModelRouteRule(model, enabled, newTraffic, aliases, gpu, stickyKey, fallback, shadow);
    }

    /** This rule with {@code newShadow} as its shadow step; null removes mirroring. */
    public ModelRouteRule withShadow(@Nullable ShadowTraffic newShadow) {
        return new ModelRouteRule(model, enabled, traffic, aliases, gpu, stickyKey, fallback, newShadow);
    }

    /** The shadow step, if the rule has one. */
    public Optional<ShadowTraffic> shadowTraffic() {
        return Optional.ofNullable(shadow);
    }

    /**
     * Every broken invariant. {@code trafficComplete} is false when a reader dropped unreadable traffic entries:
     * then the sum and the version references cannot be judged and are not checked.
     */
    static List<RuleProblem> check(
            String model,
            List<TrafficSplit> traffic,
            Map<String, String> aliases,
            String stickyKey,
            Fallback fallback,
            @Nullable ShadowTraffic shadow,
            boolean trafficComplete) {
        List<RuleProblem> problems = new ArrayList<>();
        ModelNames.checkModelName(model).ifPresent(problem -> problems.add(RuleProblem.at("model", problem)));
        if (traffic.size() > MAX_ENTRIES) {
            problems.add(RuleProblem.at(
                    "traffic", traffic.size() + " entries; at most " + MAX_ENTRIES + " versions can share traffic"));
        }
        Set<String> seen = new HashSet<>();
        int sum = 0;
        for (int i = 0; i < traffic.size(); i++) {
            TrafficSplit split = traffic.get(i);
            sum += split.weight();
            if (!seen.add(split.version())) {
                problems.add(RuleProblem.at(
                        "traffic[" + i + "].version",
                        "version '" + split.version() + "' is listed twice; list each version once"));
            }
        }
        boolean judgeVersions = trafficComplete && !traffic.isEmpty();
        if (judgeVersions && sum != TrafficSplit.TOTAL_WEIGHT) {
            problems.add(RuleProblem.at(
                    "traffic",
                    "weights sum to " + sum + ", expected " + TrafficSplit.TOTAL_WEIGHT
                            + "; adjust the weights so they add up to " + TrafficSplit.TOTAL_WEIGHT));
        }
        if (aliases.size() > MAX_ENTRIES) {
            problems.add(
                    RuleProblem.at("aliases", aliases.size() + " aliases; at most " + MAX_ENTRIES + " are allowed"));
        }
        aliases.forEach((alias, version) -> {
            String path = "aliases." + alias;
            ModelNames.checkAlias(alias).ifPresent(problem -> problems.add(RuleProblem.at(path, problem)));
            Optional<String> badVersion = ModelNames.checkVersion(version);
            if (badVersion.isPresent()) {
                problems.add(RuleProblem.at(path, badVersion.get()));
            } else if (judgeVersions && !seen.contains(version)) {
                problems.add(RuleProblem.at(path, unknownVersion(version, seen)));
            }
        });
        if (fallback.version() != null && judgeVersions && !seen.contains(fallback.version())) {
            problems.add(RuleProblem.at("fallback.version", unknownVersion(fallback.version(), seen)));
        }
        if (shadow != null && trafficComplete) {
            if (traffic.isEmpty()) {
                problems.add(RuleProblem.at(
                        "shadow.version",
                        "version '" + shadow.version() + "' needs a weighted split to be mirrored from; list it in"
                                + " traffic (weight 0 sends it only the copies) beside the versions that serve"));
            } else if (!seen.contains(shadow.version())) {
                problems.add(RuleProblem.at("shadow.version", unknownVersion(shadow.version(), seen)));
            }
        }
        if (!ATTACHMENT_KEY.matcher(stickyKey).matches()) {
            problems.add(RuleProblem.at(
                    "stickyKey",
                    "'" + ModelNames.abbreviate(stickyKey) + "' is not a valid attachment key; use lower-case letters,"
                            + " digits, '.', '_' and '-' (Triple lower-cases attachment keys), e.g. '"
                            + ModelAttachments.STICKY_KEY + "'"));
        }
        return problems;
    }

    private static String unknownVersion(String version, Set<String> known) {
        return "version '" + version + "' is not in traffic " + known
                + "; add it to traffic (weight 0 keeps it out of the weighted split)";
    }

    /** Collects the fields of a rule; {@link #build()} runs the same checks as the constructor. */
    public static final class Builder {
        private final String model;
        private boolean enabled = true;
        private final List<TrafficSplit> traffic = new ArrayList<>();
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private GpuConstraints gpu = GpuConstraints.NONE;
        private String stickyKey = ModelAttachments.STICKY_KEY;
        private Fallback fallback = Fallback.FAIL;
        private @Nullable ShadowTraffic shadow;

        private Builder(String model) {
            this.model = model;
        }

        /** Whether the router applies the rule; default true. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** Appends a version with its weight (0..100) to the split. */
        public Builder traffic(String version, int weight) {
            traffic.add(new TrafficSplit(version, weight));
            return this;
        }

        /** Replaces the split. */
        public Builder traffic(List<TrafficSplit> splits) {
            traffic.clear();
            traffic.addAll(splits);
            return this;
        }

        /** Points {@code alias} at {@code version}, replacing an earlier target. */
        public Builder alias(String alias, String version) {
            aliases.put(alias, version);
            return this;
        }

        /** Hardware constraints; default {@link GpuConstraints#NONE}. */
        public Builder gpu(GpuConstraints gpu) {
            this.gpu = gpu;
            return this;
        }

        /** Attachment used for sticky routing; default {@link ModelAttachments#STICKY_KEY}. */
        public Builder stickyKey(String stickyKey) {
            this.stickyKey = stickyKey;
            return this;
        }

        /** Fallback policy; default {@link Fallback#FAIL}. */
        public Builder fallback(Fallback fallback) {
            this.fallback = fallback;
            return this;
        }

        /** Mirrors a share of the calls to a version; default null, no mirroring. */
        public Builder shadow(@Nullable ShadowTraffic shadow) {
            this.shadow = shadow;
            return this;
        }

        /** Builds the rule, throwing {@link InvalidRouteRuleException} with every problem found. */
        public ModelRouteRule build() {
            return new ModelRouteRule(model, enabled, traffic, aliases, gpu, stickyKey, fallback, shadow);
        }
    }
}
