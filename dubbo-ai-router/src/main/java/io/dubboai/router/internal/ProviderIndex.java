package io.dubboai.router.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.cluster.router.state.BitList;
import org.jspecify.annotations.Nullable;

/**
 * The providers of one address notification, with the model facts of each, read once. Immutable.
 *
 * <p>A service normally serves one model. If its providers name several, the model with the most providers is
 * routed and the others are left out of every pool; {@link #models()} shows them all.
 *
 * @param <T> service type
 */
public final class ProviderIndex<T> {

    private static final ProviderIndex<?> EMPTY = new ProviderIndex<>(List.of(), new ProviderFacts[0], null, Map.of());

    private final List<Invoker<T>> origin;
    private final ProviderFacts[] facts;
    private final @Nullable String model;
    private final Map<String, Integer> models;

    private ProviderIndex(
            List<Invoker<T>> origin, ProviderFacts[] facts, @Nullable String model, Map<String, Integer> models) {
        this.origin = origin;
        this.facts = facts;
        this.model = model;
        this.models = models;
    }

    /** An index of no providers. */
    @SuppressWarnings("unchecked")
    public static <T> ProviderIndex<T> empty() {
        return (ProviderIndex<T>) EMPTY;
    }

    /** Reads every provider of {@code invokers}; positions match {@code invokers.getOriginList()}. O(N). */
    public static <T> ProviderIndex<T> of(BitList<Invoker<T>> invokers) {
        List<Invoker<T>> origin = invokers.getOriginList();
        ProviderFacts[] facts = new ProviderFacts[origin.size()];
        Map<String, Integer> models = new TreeMap<>();
        for (int i = 0; i < facts.length; i++) {
            if (!invokers.indexExist(i)) {
                facts[i] = ProviderFacts.NOT_A_MODEL;
                continue;
            }
            facts[i] = ProviderFacts.of(origin.get(i).getUrl());
            String name = facts[i].model();
            if (name != null) {
                models.merge(name, 1, Integer::sum);
            }
        }
        String model = null;
        int most = 0;
        for (Map.Entry<String, Integer> entry : models.entrySet()) {
            if (entry.getValue() > most) {
                most = entry.getValue();
                model = entry.getKey();
            }
        }
        return new ProviderIndex<>(origin, facts, model, Collections.unmodifiableMap(models));
    }

    /** The list every position refers to; identical (same object) to the notified list's origin. */
    public List<Invoker<T>> origin() {
        return origin;
    }

    /** The routed model; {@code null} when no provider carries a model name (the router is then inert). */
    public @Nullable String model() {
        return model;
    }

    /** Every model named by a provider, with its provider count. */
    public Map<String, Integer> models() {
        return models;
    }

    /** Number of positions (providers in the origin list). */
    public int size() {
        return facts.length;
    }

    /** The facts of the provider at {@code position} of {@link #origin()}. */
    public ProviderFacts facts(int position) {
        return facts[position];
    }

    /** Positions of the routed model's providers, in order. */
    public List<Integer> modelPositions() {
        List<Integer> positions = new ArrayList<>();
        if (model == null) {
            return positions;
        }
        for (int i = 0; i < facts.length; i++) {
            if (model.equals(facts[i].model())) {
                positions.add(i);
            }
        }
        return positions;
    }
}
