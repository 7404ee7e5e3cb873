package io.dubboai.abtest.ledger;

import io.dubboai.abtest.MetricKind;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The exposures and outcomes of experiments, per unit, in {@value #SHARDS} documents per experiment ({@code
 * experiment.<id>.units.<shard>}, the shard chosen by the unit's {@link String#hashCode()}, which Java specifies, so
 * every replica picks the same), each changed only by compare-and-set ({@link JsonDocuments#update}).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Exposure.</b> The first exposure of a unit records its variant and time. A later exposure to the same
 *       variant changes nothing; one to another variant is a <i>crossover</i>: counted in the shard, the unit keeps
 *       its first variant (intention to treat). Exposures to a variant the experiment does not have are refused.
 *   <li><b>Conversion outcome.</b> Sets the unit's value of that metric to 1; a second conversion of the same unit
 *       is a duplicate (ignored, reported as such).
 *   <li><b>Numeric outcome.</b> Adds its value to the unit's total of that metric (the unit's value is the sum of its
 *       outcomes, e.g. revenue per user). An outcome with an {@code eventId} already counted for the unit is a
 *       duplicate; the last {@value #MAX_EVENT_IDS_PER_UNIT} ids per unit are kept. Without an id every outcome
 *       counts.
 *   <li><b>Unknown unit.</b> An outcome for a unit with no recorded exposure is refused ({@code unknown-unit}): it
 *       cannot be attributed to a variant. Clients send outcomes after the exposures (the Java client flushes its
 *       exposures first); a refused outcome may be sent again once the exposure arrived.
 * </ul>
 *
 * <h2>Size</h2>
 * A document must stay under the store's {@link DocumentStore#maxDocumentBytes()} (100 KiB on a config center by
 * default). A shard admits new units while its estimated size is below {@value #ADMIT_PERCENT} % of that, leaving
 * room for their outcomes; later new units are counted per variant as <i>untracked</i> (for the sample-ratio check)
 * and their outcomes refused. With 100 KiB documents that is roughly 25,000 units per experiment.
 *
 * <p>Threading: every method may be called from any thread and any replica.
 */
public final class UnitLedger {

    /** Documents per experiment. */
    public static final int SHARDS = 32;

    /** Ids of numeric outcomes remembered per unit for recognising duplicates. */
    public static final int MAX_EVENT_IDS_PER_UNIT = 8;

    /** Longest unit value or event id accepted. */
    public static final int MAX_ID_LENGTH = 128;

    static final int ADMIT_PERCENT = 60;

    private final DocumentStore store;
    private final JsonDocuments<LedgerShard> shards;

    public UnitLedger(DocumentStore store) {
        this.store = store;
        this.shards = new JsonDocuments<>(store, LedgerShard.class);
    }

    /** The key of shard {@code shard} of experiment {@code experiment}. */
    public static String key(String experiment, int shard) {
        return "experiment." + experiment + ".units." + shard;
    }

    static int shardOf(String unit) {
        return Math.floorMod(unit.hashCode() * 0x9E3779B9, SHARDS);
    }

    /**
     * Records a batch of exposures of experiment {@code experiment}.
     *
     * @param variants the experiment's variant names
     */
    public ExposureReceipt recordExposures(String experiment, Set<String> variants, List<Exposure> exposures) {
        List<Rejection> rejected = new ArrayList<>();
        Map<Integer, List<Exposure>> byShard = new TreeMap<>();
        for (int i = 0; i < exposures.size(); i++) {
            Exposure exposure = exposures.get(i);
            String badUnit = checkId("unit", exposure.unit());
            if (badUnit != null) {
                rejected.add(new Rejection(i, exposure.unit(), "invalid-unit", badUnit));
            } else if (!variants.contains(exposure.variant())) {
                rejected.add(new Rejection(
                        i,
                        exposure.unit(),
                        "unknown-variant",
                        "experiment '" + experiment + "' has no variant '" + exposure.variant() + "'; its variants are "
                                + variants));
            } else {
                byShard.computeIfAbsent(shardOf(exposure.unit()), s -> new ArrayList<>())
                        .add(exposure);
            }
        }
        long[] totals = new long[4];
        long admitBytes = (long) store.maxDocumentBytes() * ADMIT_PERCENT / 100;
        for (Map.Entry<Integer, List<Exposure>> entry : byShard.entrySet()) {
            String key = key(experiment, entry.getKey());
            shards.create(key, LedgerShard.empty());
            // counts of the attempt that was written: the change may run again after a conflict
            long[] counts = new long[4];
            shards.update(key, current -> {
                java.util.Arrays.fill(counts, 0);
                Map<String, UnitRecord> units = new HashMap<>(current.units());
                Map<String, Long> overflow = new TreeMap<>(current.untracked());
                long size = estimate(units);
                for (Exposure exposure : entry.getValue()) {
                    UnitRecord known = units.get(exposure.unit());
                    if (known == null) {
                        UnitRecord fresh =
                                new UnitRecord(exposure.variant(), exposure.at().getEpochSecond(), Map.of(), List.of());
                        long bytes = estimate(exposure.unit(), fresh);
                        if (size + bytes > admitBytes) {
                            overflow.merge(exposure.variant(), 1L, Long::sum);
                            counts[3]++;
                        } else {
                            units.put(exposure.unit(), fresh);
                            size += bytes;
                            counts[0]++;
                        }
                    } else if (known.variant().equals(exposure.variant())) {
                        counts[1]++;
                    } else {
                        counts[2]++;
                    }
                }
                if (counts[0] == 0 && counts[2] == 0 && counts[3] == 0) {
                    return current;
                }
                return new LedgerShard(units, current.crossovers() + counts[2], overflow);
            });
            for (int i = 0; i < totals.length; i++) {
                totals[i] += counts[i];
            }
        }
        return new ExposureReceipt(totals[0], totals[1], totals[2], totals[3], rejected);
    }

    /**
     * Records a batch of outcomes of experiment {@code experiment}.
     *
     * @param metrics the experiment's metrics (primary and guardrails) with their kinds
     */
    public OutcomeReceipt recordOutcomes(String experiment, Map<String, MetricKind> metrics, List<Outcome> outcomes) {
        List<Rejection> rejected = new ArrayList<>();
        Map<Integer, List<Map.Entry<Integer, Outcome>>> byShard = new TreeMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            String problem = checkId("unit", outcome.unit());
            String reason = "invalid-unit";
            if (problem == null && !metrics.containsKey(outcome.metric())) {
                reason = "unknown-metric";
                problem = "experiment '" + experiment + "' does not measure '" + outcome.metric()
                        + "'; its metrics are " + metrics.keySet();
            }
            if (problem == null && !Double.isFinite(outcome.value())) {
                reason = "invalid-value";
                problem = "the value of an outcome must be a finite number, was " + outcome.value();
            }
            if (problem == null && outcome.eventId() != null) {
                problem = checkId("eventId", outcome.eventId());
                reason = "invalid-event-id";
            }
            if (problem != null) {
                rejected.add(new Rejection(i, outcome.unit(), reason, problem));
            } else {
                byShard.computeIfAbsent(shardOf(outcome.unit()), s -> new ArrayList<>())
                        .add(Map.entry(i, outcome));
            }
        }
        long accepted = 0;
        long duplicates = 0;
        for (Map.Entry<Integer, List<Map.Entry<Integer, Outcome>>> entry : byShard.entrySet()) {
            String key = key(experiment, entry.getKey());
            long[] counts = new long[2];
            List<Rejection> unknown = new ArrayList<>();
            try {
                if (shards.read(key).isPresent()) {
                    shards.update(key, current -> {
                        counts[0] = 0;
                        counts[1] = 0;
                        unknown.clear();
                        Map<String, UnitRecord> units = new HashMap<>(current.units());
                        for (Map.Entry<Integer, Outcome> indexed : entry.getValue()) {
                            Outcome outcome = indexed.getValue();
                            UnitRecord unit = units.get(outcome.unit());
                            if (unit == null) {
                                unknown.add(unknownUnit(experiment, indexed.getKey(), outcome.unit()));
                                continue;
                            }
                            UnitRecord next = apply(unit, outcome, metrics.get(outcome.metric()));
                            if (next == unit) {
                                counts[1]++;
                            } else {
                                units.put(outcome.unit(), next);
                                counts[0]++;
                            }
                        }
                        return counts[0] == 0
                                ? current
                                : new LedgerShard(units, current.crossovers(), current.untracked());
                    });
                } else {
                    entry.getValue()
                            .forEach(indexed -> unknown.add(unknownUnit(
                                    experiment,
                                    indexed.getKey(),
                                    indexed.getValue().unit())));
                }
            } catch (IllegalArgumentException e) {
                // the shard would outgrow the store's document size: refuse this shard's outcomes, keep the rest
                counts[0] = 0;
                counts[1] = 0;
                unknown.clear();
                for (Map.Entry<Integer, Outcome> indexed : entry.getValue()) {
                    unknown.add(new Rejection(
                            indexed.getKey(),
                            indexed.getValue().unit(),
                            "ledger-full",
                            "the ledger of experiment '" + experiment + "' has no room for more outcomes of this"
                                    + " unit's shard (" + e.getMessage() + "); its other shards still take them"));
                }
            }
            accepted += counts[0];
            duplicates += counts[1];
            rejected.addAll(unknown);
        }
        rejected.sort(java.util.Comparator.comparingInt(Rejection::index));
        return new OutcomeReceipt(accepted, duplicates, rejected);
    }

    /**
     * Sums the ledger of experiment {@code experiment} into per-variant sufficient statistics.
     *
     * @param variants the experiment's variant names, control first
     * @param metrics the experiment's metrics with their kinds
     */
    public Tally tally(String experiment, List<String> variants, Map<String, MetricKind> metrics) {
        Map<String, long[]> units = new LinkedHashMap<>();
        Map<String, Map<String, MetricTally>> byVariant = new LinkedHashMap<>();
        for (String variant : variants) {
            units.put(variant, new long[2]);
            byVariant.put(variant, new HashMap<>());
        }
        long crossovers = 0;
        for (int shard = 0; shard < SHARDS; shard++) {
            LedgerShard current = shards.read(key(experiment, shard)).orElse(null);
            if (current == null) {
                continue;
            }
            crossovers += current.crossovers();
            current.untracked().forEach((variant, count) -> {
                long[] counted = units.get(variant);
                if (counted != null) {
                    counted[1] += count;
                }
            });
            for (UnitRecord unit : current.units().values()) {
                long[] counted = units.get(unit.variant());
                if (counted == null) {
                    continue;
                }
                counted[0]++;
                Map<String, MetricTally> tallies = byVariant.get(unit.variant());
                metrics.forEach((metric, kind) -> {
                    Double value = unit.values().get(metric);
                    if (kind == MetricKind.CONVERSION) {
                        tallies.merge(metric, MetricTally.EMPTY.plus(value == null ? 0 : 1), UnitLedger::sum);
                    } else if (value != null) {
                        tallies.merge(metric, MetricTally.EMPTY.plus(value), UnitLedger::sum);
                    }
                });
            }
        }
        List<VariantTally> result = new ArrayList<>();
        for (String variant : variants) {
            long[] counted = units.get(variant);
            result.add(new VariantTally(variant, counted[0], counted[1], byVariant.get(variant)));
        }
        return new Tally(result, crossovers);
    }

    private static MetricTally sum(MetricTally a, MetricTally b) {
        return new MetricTally(a.n() + b.n(), a.sum() + b.sum(), a.sumOfSquares() + b.sumOfSquares());
    }

    /** The unit with the outcome applied, or the same instance when it is a duplicate. */
    private static UnitRecord apply(UnitRecord unit, Outcome outcome, MetricKind kind) {
        Map<String, Double> values = new HashMap<>(unit.values());
        if (kind == MetricKind.CONVERSION) {
            if (values.containsKey(outcome.metric())) {
                return unit;
            }
            values.put(outcome.metric(), 1.0);
            return new UnitRecord(unit.variant(), unit.exposedAt(), values, unit.events());
        }
        List<String> events = unit.events();
        if (outcome.eventId() != null) {
            String event = outcome.metric() + ":" + outcome.eventId();
            if (events.contains(event)) {
                return unit;
            }
            List<String> kept = new ArrayList<>(events);
            kept.add(event);
            events = kept.subList(Math.max(0, kept.size() - MAX_EVENT_IDS_PER_UNIT), kept.size());
        }
        values.merge(outcome.metric(), outcome.value(), Double::sum);
        return new UnitRecord(unit.variant(), unit.exposedAt(), values, events);
    }

    private static Rejection unknownUnit(String experiment, int index, String unit) {
        return new Rejection(
                index,
                unit,
                "unknown-unit",
                "unit '" + unit + "' has no exposure in experiment '" + experiment + "'; an outcome counts only for a"
                        + " unit that was served by one of its variants (send the outcome again once its exposure"
                        + " has been shipped)");
    }

    private static @org.jspecify.annotations.Nullable String checkId(String field, String value) {
        if (value.isBlank()) {
            return field + " must not be blank";
        }
        if (value.length() > MAX_ID_LENGTH) {
            return field + " is " + value.length() + " characters long; at most " + MAX_ID_LENGTH;
        }
        return null;
    }

    /** A generous estimate of a unit's bytes in the shard's JSON. */
    private static long estimate(String unit, UnitRecord record) {
        long bytes = 48L + unit.length() + record.variant().length();
        for (String metric : record.values().keySet()) {
            bytes += metric.length() + 28;
        }
        for (String event : record.events()) {
            bytes += event.length() + 3;
        }
        return bytes;
    }

    private static long estimate(Map<String, UnitRecord> units) {
        long bytes = 64;
        for (Map.Entry<String, UnitRecord> unit : units.entrySet()) {
            bytes += estimate(unit.getKey(), unit.getValue());
        }
        return bytes;
    }
}
