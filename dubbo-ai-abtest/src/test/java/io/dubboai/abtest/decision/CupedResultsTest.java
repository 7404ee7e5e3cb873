package io.dubboai.abtest.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dubboai.abtest.analysis.Comparison;
import io.dubboai.abtest.experiment.DecisionPolicy;
import io.dubboai.abtest.experiment.Design;
import io.dubboai.abtest.experiment.ExperimentService;
import io.dubboai.abtest.experiment.ExperimentSpec;
import io.dubboai.abtest.experiment.MetricCatalog;
import io.dubboai.abtest.experiment.Variant;
import io.dubboai.abtest.ledger.Outcome;
import io.dubboai.abtest.ledger.UnitLedger;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.core.rule.ModelRouteRule;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CUPED in the engine's results: the same synthetic revenue (a pre-period value per user plus noise, +0.5 for the
 * treatment) sent once with and once without the users' pre-period values.
 */
class CupedResultsTest {

    private static final int USERS = 2_000;

    @TempDir
    Path temp;

    FileDocumentStore store;
    FileDocumentStore ruleStore;
    ExperimentService experiments;
    ExperimentData data;

    @BeforeEach
    void setUp() {
        store = new FileDocumentStore(temp.resolve("documents"));
        ruleStore = new FileDocumentStore(temp.resolve("rules"));
        RouteRuleEditor rules = new RouteRuleEditor(ruleStore);
        for (String model : List.of("shop-a", "shop-b")) {
            rules.edit(
                    model,
                    RouteRulePrecondition.ANY,
                    stored -> Optional.of(ModelRouteRule.builder(model)
                            .traffic("1", 100)
                            .traffic("2", 0)
                            .build()));
        }
        experiments = new ExperimentService(store, rules, MetricCatalog.defaults(), Clock.systemUTC());
        data = new ExperimentData(experiments, new UnitLedger(store), MetricCatalog.defaults(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        store.close();
        ruleStore.close();
    }

    /** Runs one experiment on {@code model}; {@code covariates} says which users send their pre-period value. */
    private Comparison run(String model, boolean covariates, boolean allButOne) {
        String id = model + "-revenue";
        experiments.create(new ExperimentSpec(
                id,
                model,
                "user-id",
                List.of(new Variant("control", "1", 50), new Variant("treatment", "2", 50)),
                "revenue",
                List.of(),
                Design.fixed(1_000),
                DecisionPolicy.recommendOnly()));
        experiments.start(id);
        SplittableRandom random = new SplittableRandom(11);
        List<ModelExposure> exposures = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            boolean treated = i % 2 == 0;
            String user = "u" + i;
            double before = 50 + 10 * random.nextGaussian();
            double revenue = before + (treated ? 0.5 : 0) + 2 * random.nextGaussian();
            exposures.add(new ModelExposure(model, "user-id", user, treated ? "2" : "1", Instant.now()));
            boolean withCovariate = covariates && !(allButOne && i == 7);
            outcomes.add(new Outcome(user, "revenue", revenue, "e" + i, withCovariate ? before : null));
        }
        data.recordExposures(exposures);
        assertThat(data.recordOutcomes(id, outcomes).accepted()).isEqualTo(USERS);
        return data.results(id).primary().get(0);
    }

    @Test
    void resultsWhenEveryUnitHasCovariateShouldBeCupedAdjustedAndNarrower() {
        Comparison plain = run("shop-a", false, false);
        Comparison cuped = run("shop-b", true, false);

        assertThat(plain.cupedTheta()).isNull();
        // revenue = pre-period value + noise: theta = cov(Y, X) / var(X) is about 1
        assertThat(cuped.cupedTheta()).isCloseTo(1.0, within(0.05));
        double plainWidth = plain.upper() - plain.lower();
        double cupedWidth = cuped.upper() - cuped.lower();
        // the variance shrinks by 1 - rho^2 = 4 / 104: the interval by a factor of about 5
        assertThat(plainWidth / cupedWidth).isGreaterThan(3.5);
        assertThat(cuped.lower()).isLessThan(0.5);
        assertThat(cuped.upper()).isGreaterThan(0.5);
        assertThat(cuped.significant()).isTrue();
        assertThat(plain.significant()).isFalse();
    }

    @Test
    void resultsWhenOneUnitLacksCovariateShouldStayUnadjusted() {
        Comparison partial = run("shop-a", true, true);

        assertThat(partial.cupedTheta()).isNull();
        assertThat(partial.controlUnits() + partial.variantUnits()).isEqualTo(USERS);
    }
}
