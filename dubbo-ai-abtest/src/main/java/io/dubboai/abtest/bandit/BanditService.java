package io.dubboai.abtest.bandit;

import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Bandits kept in the control plane's {@link DocumentStore}, one document per bandit under {@code bandit.<name>},
 * every change a compare-and-set ({@link JsonDocuments#update}), so replicas that record rewards or move weights at
 * the same time lose nothing and agree.
 *
 * <p>Moving the weights ({@link #reweigh}) is bounded twice: at most once per {@link BanditSettings#minInterval()}
 * (judged on the stored time of the last move, so it holds across replicas), and by at most {@link
 * BanditSettings#maxStepPercent()} points per arm ({@link WeightLimiter}). Weights stay as they are until every arm
 * has {@link BanditSettings#minUnitsPerArm()} units. Thompson sampling draws from a generator seeded with the bandit's
 * name and revision, so two replicas that read the same state compute the same weights.
 *
 * <p>Writing the weights into the model's route rule is the caller's job ({@link
 * io.dubboai.abtest.experiment.BanditAllocator} for adaptive experiments). Threading:
 * every method may be called from any thread.
 */
public final class BanditService {

    /** Prefix of the document keys. */
    public static final String KEY_PREFIX = "bandit.";

    private final JsonDocuments<BanditState> documents;
    private final Clock clock;

    public BanditService(DocumentStore store, Clock clock) {
        this.documents = new JsonDocuments<>(store, BanditState.class);
        this.clock = clock;
    }

    /** Stores a new bandit; fails when one of that name exists. */
    public BanditState create(BanditState initial) {
        if (!documents.create(key(initial.name()), initial)) {
            throw new IllegalStateException(
                    "bandit '" + initial.name() + "' exists already; delete it first or choose another name");
        }
        return initial;
    }

    /** The bandit called {@code name}, if any. */
    public Optional<BanditState> find(String name) {
        return documents.read(key(name));
    }

    /** Adds reward batches (arm to rewards) to the bandit's arms; unknown arms are refused and nothing is added. */
    public BanditState record(String name, Map<String, Reward> rewards) {
        Map<String, Reward> copy = new LinkedHashMap<>(rewards);
        return update(name, state -> state.plus(copy));
    }

    /**
     * Sets the arms' rewards to totals kept elsewhere (an experiment's unit ledger); an arm only moves forward (more
     * units), so replicas reading the ledger at different times agree. See {@link BanditState#withTotals}.
     */
    public BanditState observe(String name, Map<String, ArmStats> totals) {
        Map<String, ArmStats> copy = new LinkedHashMap<>(totals);
        return update(name, state -> state.withTotals(copy));
    }

    /** Moves the weights towards the policy's targets if due and every arm has enough units. */
    public Reweighing reweigh(String name) {
        AtomicReference<Reweighing.Outcome> outcome = new AtomicReference<>();
        BanditState stored = update(name, state -> {
            Instant now = clock.instant();
            Instant last = state.reweighedAt();
            if (last != null && now.isBefore(last.plus(state.settings().minInterval()))) {
                outcome.set(Reweighing.Outcome.NOT_DUE);
                return state;
            }
            if (state.arms().stream()
                    .anyMatch(arm -> arm.units() < state.settings().minUnitsPerArm())) {
                outcome.set(Reweighing.Outcome.COLLECTING);
                return state;
            }
            Map<String, Integer> next = nextWeights(state);
            if (next.equals(state.weights())) {
                outcome.set(Reweighing.Outcome.UNCHANGED);
                return state;
            }
            outcome.set(Reweighing.Outcome.CHANGED);
            return state.withWeights(next, now);
        });
        return new Reweighing(stored, outcome.get());
    }

    /** Removes the bandit's document. */
    public void delete(String name) {
        documents.delete(key(name));
    }

    /** The weights the policy asks for now, within the floor and the step bound. */
    static Map<String, Integer> nextWeights(BanditState state) {
        List<String> names = state.armNames();
        int[] current = names.stream().mapToInt(arm -> state.weights().get(arm)).toArray();
        double[] shares = BanditPolicy.of(state.settings(), state.kind()).targetShares(state.arms(), random(state));
        int[] next = WeightLimiter.next(
                current,
                shares,
                state.settings().floorPercent(),
                state.settings().maxStepPercent());
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            weights.put(names.get(i), next[i]);
        }
        return weights;
    }

    private static UniformRandomProvider random(BanditState state) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {state.name().hashCode(), state.revision()});
    }

    private BanditState update(String name, UnaryOperator<BanditState> change) {
        try {
            return documents.update(key(name), change);
        } catch (NoSuchElementException e) {
            throw new NoSuchElementException("no bandit '" + name + "'; create it first");
        }
    }

    private static String key(String name) {
        return KEY_PREFIX + name;
    }
}
