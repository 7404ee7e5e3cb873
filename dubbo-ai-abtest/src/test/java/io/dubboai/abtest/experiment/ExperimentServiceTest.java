package io.dubboai.abtest.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.testing.Concurrently;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.core.rule.TrafficSplit;
import io.dubboai.registry.RegistryException;
import io.dubboai.registry.rule.AliasRuleSynchronizer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiments on a real (embedded) ZooKeeper: documents in the config center, the route rule written through Dubbo's
 * configuration; an operator (another client) reads and writes the same rule.
 */
class ExperimentServiceTest {

    @TempDir
    static Path temp;

    static EmbeddedZooKeeper zooKeeper;
    static FrameworkModel replicaFramework;
    static FrameworkModel otherFramework;
    static DynamicConfiguration replica;
    static DynamicConfiguration other;
    static DocumentStore replicaStore;
    static DocumentStore otherStore;

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start(temp.resolve("zk"), 0);
        replicaFramework = new FrameworkModel();
        replica = ConfigCenters.open(zooKeeper.dubboAddress(), replicaFramework.newApplication());
        otherFramework = new FrameworkModel();
        other = ConfigCenters.open(zooKeeper.dubboAddress(), otherFramework.newApplication());
        replicaStore = ConfigCenterDocumentStore.open(zooKeeper.dubboAddress(), "dubbo-ai-abtest");
        otherStore = ConfigCenterDocumentStore.open(zooKeeper.dubboAddress(), "dubbo-ai-abtest");
    }

    @AfterAll
    static void stop() {
        replicaStore.close();
        otherStore.close();
        replicaFramework.destroy();
        otherFramework.destroy();
        zooKeeper.close();
    }

    static ExperimentService service(DynamicConfiguration configuration, DocumentStore store) {
        return new ExperimentService(
                store, RouteRuleEditor.on(configuration), ExperimentValidatorTest.METRICS, Clock.systemUTC());
    }

    static ExperimentSpec spec(String id, String model, String control, String treatment) {
        return new ExperimentSpec(
                id,
                model,
                "user-id",
                List.of(new Variant("control", control, 50), new Variant("treatment", treatment, 50)),
                "conversion",
                List.of("latency"),
                Design.conversionMde(0.10, 0.01));
    }

    static void publish(ModelRouteRule rule) {
        other.publishConfig(RouteRules.ruleKey(rule.model()), RouteRules.GROUP, RouteRuleCodec.encode(rule));
    }

    static Optional<ModelRouteRule> ruleOf(String model) {
        String text = other.getConfig(RouteRules.ruleKey(model), RouteRules.GROUP);
        return text == null
                ? Optional.empty()
                : Optional.of(RouteRuleCodec.parse(text).orElseThrow());
    }

    @Test
    void startWhenAliasesNameVariantsShouldWriteSplitWithStickyKeyAndStopShouldRestore() {
        publish(ModelRouteRule.builder("risk")
                .traffic("1", 100)
                .traffic("2", 0)
                .alias("champion", "1")
                .alias("challenger", "2")
                .build());
        ExperimentService service = service(replica, replicaStore);
        service.create(spec("risk-aliases", "risk", "champion", "challenger"));

        Experiment running = service.start("risk-aliases");

        assertThat(running.status()).isEqualTo(ExperimentStatus.RUNNING);
        ModelRouteRule during = ruleOf("risk").orElseThrow();
        assertThat(during.traffic()).containsExactly(new TrafficSplit("1", 50), new TrafficSplit("2", 50));
        assertThat(during.stickyKey()).isEqualTo("user-id");
        assertThat(during.aliases()).containsEntry("champion", "1").containsEntry("challenger", "2");
        assertThat(service.runningOn("risk")).contains("risk-aliases");

        // the registry moves champion to version 3 (a version the saved split does not list) during the experiment
        new AliasRuleSynchronizer(other).sync("risk", "champion", alias -> Optional.of(3L));
        Experiment stopped = service.stop("risk-aliases");

        assertThat(stopped.status()).isEqualTo(ExperimentStatus.STOPPED);
        ModelRouteRule after = ruleOf("risk").orElseThrow();
        assertThat(after.traffic())
                .containsExactly(new TrafficSplit("1", 100), new TrafficSplit("2", 0), new TrafficSplit("3", 0));
        assertThat(after.stickyKey()).isEqualTo(ModelAttachments.STICKY_KEY);
        assertThat(after.aliases()).containsEntry("champion", "3");
        assertThat(service.runningOn("risk")).isEmpty();
    }

    @Test
    void startWhenModelRunsAnotherExperimentShouldRefuseAndKeepDraft() {
        ExperimentService service = service(replica, replicaStore);
        service.create(spec("first", "fraud", "1", "2"));
        service.create(spec("second", "fraud", "1", "3"));
        service.start("first");

        assertThatThrownBy(() -> service.start("second"))
                .isInstanceOf(ExperimentConflictException.class)
                .hasMessage(
                        "model 'fraud' is held by experiment 'first'; experiment 'second' can start once it has finished, stopped or been aborted");
        assertThat(service.find("second").orElseThrow().status()).isEqualTo(ExperimentStatus.DRAFT);
        assertThat(ruleOf("fraud").orElseThrow().traffic())
                .containsExactly(new TrafficSplit("1", 50), new TrafficSplit("2", 50));

        service.stop("first");
        // no rule existed before: the restored rule has no split again, and the model is free
        assertThat(ruleOf("fraud").orElseThrow().traffic()).isEmpty();
        assertThat(service.start("second").status()).isEqualTo(ExperimentStatus.RUNNING);
        service.stop("second");
    }

    @Test
    void startWhenTwoReplicasStartTwoExperimentsAtOnceShouldLetExactlyOneRun() throws Exception {
        ExperimentService one = service(replica, replicaStore);
        ExperimentService two = service(other, otherStore);
        one.create(spec("race-a", "race", "1", "2"));
        one.create(spec("race-b", "race", "1", "3"));

        List<Callable<Boolean>> starts = List.of(() -> tryStart(one, "race-a"), () -> tryStart(two, "race-b"));
        List<Boolean> started = Concurrently.runTogether(starts);

        assertThat(started).containsExactlyInAnyOrder(true, false);
        String winner = started.get(0) ? "race-a" : "race-b";
        assertThat(one.runningOn("race")).contains(winner);
        String treatment = winner.equals("race-a") ? "2" : "3";
        assertThat(ruleOf("race").orElseThrow().traffic())
                .containsExactly(new TrafficSplit("1", 50), new TrafficSplit(treatment, 50));
    }

    @Test
    void startWhenRuleInvalidShouldSayWhichRuleAndReleaseModel() {
        other.publishConfig(
                RouteRules.ruleKey("broken"), RouteRules.GROUP, "configVersion: v1\nmodel: broken\ntraffic: 7\n");
        ExperimentService service = service(replica, replicaStore);
        service.create(spec("on-broken", "broken", "1", "2"));

        assertThatThrownBy(() -> service.start("on-broken"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("route rule broken.model-route in group dubbo is not valid")
                .hasMessageContaining("fix the rule first");
        assertThat(service.find("on-broken").orElseThrow().status()).isEqualTo(ExperimentStatus.DRAFT);
        assertThat(service.runningOn("broken")).isEmpty();
    }

    @Test
    void createWhenIdTakenOrSpecInvalidShouldRefuse() {
        ExperimentService service = service(replica, replicaStore);
        service.create(spec("taken", "taken-model", "1", "2"));

        assertThatThrownBy(() -> service.create(spec("taken", "taken-model", "1", "2")))
                .isInstanceOf(ExperimentConflictException.class)
                .hasMessage("experiment 'taken' exists already; choose another id");
        assertThatThrownBy(() -> service.create(spec("same-target", "taken-model", "1", "1")))
                .isInstanceOf(InvalidExperimentException.class)
                .hasMessageContaining("variants[1].target: '1' is the target of another variant too");
        assertThatThrownBy(() -> service.stop("taken"))
                .isInstanceOf(ExperimentConflictException.class)
                .hasMessage("experiment 'taken' has not started; nothing to stop");
    }

    private static boolean tryStart(ExperimentService service, String id) {
        try {
            service.start(id);
            return true;
        } catch (ExperimentConflictException e) {
            return false;
        }
    }
}
