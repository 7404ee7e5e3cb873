package io.dubboai.abtest.decision;

import io.dubboai.abtest.MetricKind;
import io.dubboai.abtest.analysis.ExperimentAnalyzer;
import io.dubboai.abtest.analysis.ExperimentResults;
import io.dubboai.abtest.experiment.Experiment;
import io.dubboai.abtest.experiment.ExperimentConflictException;
import io.dubboai.abtest.experiment.ExperimentService;
import io.dubboai.abtest.experiment.ExperimentStatus;
import io.dubboai.abtest.experiment.Metric;
import io.dubboai.abtest.experiment.MetricCatalog;
import io.dubboai.abtest.experiment.Variant;
import io.dubboai.abtest.ledger.Exposure;
import io.dubboai.abtest.ledger.ExposureReceipt;
import io.dubboai.abtest.ledger.Outcome;
import io.dubboai.abtest.ledger.OutcomeReceipt;
import io.dubboai.abtest.ledger.Tally;
import io.dubboai.abtest.ledger.UnitLedger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Exposures and outcomes in, results out.
 *
 * <ul>
 *   <li><b>Exposures</b> come from consumers per model ({@link ModelExposure}); each is recorded in the experiment
 *       running on its model when the call carried that experiment's unit attachment and was served by one of its
 *       variants' versions; everything else is ignored and counted by reason (a consumer ships every call it sees,
 *       it does not know the experiments).
 *   <li><b>Outcomes</b> are sent per experiment while it runs; once it has stopped they are refused as late (its
 *       decision is taken on what it had). Unknown units, duplicates: see {@link UnitLedger}.
 *   <li><b>Results</b> are computed from the ledger on demand ({@link ExperimentAnalyzer}).
 * </ul>
 */
public final class ExperimentData {

    private final ExperimentService experiments;
    private final UnitLedger ledger;
    private final MetricCatalog metrics;
    private final ExperimentAnalyzer analyzer;
    private final Clock clock;

    public ExperimentData(ExperimentService experiments, UnitLedger ledger, MetricCatalog metrics, Clock clock) {
        this.experiments = experiments;
        this.ledger = ledger;
        this.metrics = metrics;
        this.analyzer = new ExperimentAnalyzer(metrics);
        this.clock = clock;
    }

    /** Records a consumer's batch of exposures in the experiments running on their models. */
    public ExposureBatchReceipt recordExposures(List<ModelExposure> batch) {
        Map<String, List<ModelExposure>> byModel = new LinkedHashMap<>();
        batch.forEach(
                e -> byModel.computeIfAbsent(e.model(), m -> new ArrayList<>()).add(e));
        Map<String, Long> recorded = new TreeMap<>();
        Map<String, Long> ignored = new TreeMap<>();
        long newUnits = 0;
        for (Map.Entry<String, List<ModelExposure>> entry : byModel.entrySet()) {
            Optional<Experiment> running = experiments
                    .runningOn(entry.getKey())
                    .flatMap(experiments::find)
                    .filter(e -> e.status() == ExperimentStatus.RUNNING);
            if (running.isEmpty()) {
                ignored.merge("no-experiment", (long) entry.getValue().size(), Long::sum);
                continue;
            }
            Experiment experiment = running.get();
            List<Exposure> exposures = new ArrayList<>();
            for (ModelExposure exposure : entry.getValue()) {
                if (!exposure.unitAttachment().equals(experiment.spec().unitAttachment())) {
                    ignored.merge("other-attachment", 1L, Long::sum);
                    continue;
                }
                Optional<String> variant = experiment.variantOf(exposure.version());
                if (variant.isEmpty()) {
                    ignored.merge("other-version", 1L, Long::sum);
                    continue;
                }
                exposures.add(new Exposure(exposure.unit(), variant.get(), exposure.at()));
            }
            if (exposures.isEmpty()) {
                continue;
            }
            ExposureReceipt receipt = ledger.recordExposures(experiment.spec().id(), variants(experiment), exposures);
            long kept = exposures.size() - receipt.rejected().size();
            recorded.merge(experiment.spec().id(), kept, Long::sum);
            newUnits += receipt.newUnits();
            if (!receipt.rejected().isEmpty()) {
                ignored.merge("rejected", (long) receipt.rejected().size(), Long::sum);
            }
        }
        return new ExposureBatchReceipt(recorded, newUnits, ignored);
    }

    /**
     * Records outcomes of experiment {@code id}.
     *
     * @throws NoSuchElementException when there is no such experiment
     * @throws ExperimentConflictException when it is not running (not started yet, or stopped: late outcomes)
     */
    public OutcomeReceipt recordOutcomes(String id, List<Outcome> outcomes) {
        Experiment experiment = require(id);
        if (experiment.status() != ExperimentStatus.RUNNING) {
            String model = experiment.spec().model();
            if (experiment.status() == ExperimentStatus.STOPPED) {
                throw new ExperimentConflictException(
                        id,
                        model,
                        "experiment '" + id + "' stopped at " + experiment.stoppedAt()
                                + "; outcomes arriving after the stop are late and not counted (its results are final)");
            }
            throw new ExperimentConflictException(
                    id,
                    model,
                    "experiment '" + id + "' is " + experiment.status() + "; start it before sending outcomes");
        }
        return ledger.recordOutcomes(id, metricKinds(experiment), outcomes);
    }

    /** The results of experiment {@code id} now. */
    public ExperimentResults results(String id) {
        return results(require(id));
    }

    /** The results of {@code experiment} now. */
    public ExperimentResults results(Experiment experiment) {
        List<String> names =
                experiment.spec().variants().stream().map(Variant::name).toList();
        Tally tally = ledger.tally(experiment.spec().id(), names, metricKinds(experiment));
        return analyzer.analyze(experiment, tally, clock.instant());
    }

    private Map<String, MetricKind> metricKinds(Experiment experiment) {
        Map<String, MetricKind> kinds = new HashMap<>();
        for (String name : experiment.spec().metrics()) {
            Metric metric = metrics.find(name)
                    .orElseThrow(() -> new IllegalStateException("metric '" + name + "' of experiment '"
                            + experiment.spec().id() + "' is no longer in the catalog " + metrics.names()));
            kinds.put(name, metric.kind());
        }
        return kinds;
    }

    private static java.util.Set<String> variants(Experiment experiment) {
        java.util.Set<String> names = new LinkedHashSet<>();
        experiment.spec().variants().forEach(v -> names.add(v.name()));
        return names;
    }

    private Experiment require(String id) {
        return experiments.find(id).orElseThrow(() -> new NoSuchElementException("no experiment '" + id + "'"));
    }
}
