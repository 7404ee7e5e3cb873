package io.dubboai.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.router.metrics.RouterMetricNames;
import io.dubboai.router.metrics.RouterMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ModelRuleManagerTest {

    private static final String KEY = RouteRules.ruleKey("m");

    private final InMemoryConfigCenter config = new InMemoryConfigCenter();
    private final ModelRuleManager manager = new ModelRuleManager(() -> Optional.of(config));
    private final List<RuleStatus> received = new CopyOnWriteArrayList<>();
    private final Consumer<RuleStatus> listener = received::add;

    private static ModelRouteRule rule(int weightOfOne) {
        return ModelRouteRule.builder("m")
                .traffic("1", weightOfOne)
                .traffic("2", 100 - weightOfOne)
                .build();
    }

    @Test
    void subscribe_ruleAlreadyStored_returnsItWithoutCallingTheListener() {
        config.publishConfig(KEY, RouteRules.GROUP, RouteRuleCodec.encode(rule(90)));

        RuleStatus status = manager.subscribe("m", listener);

        assertThat(status.rule()).isEqualTo(rule(90));
        assertThat(status.generation()).isEqualTo(1);
        assertThat(received).isEmpty();
    }

    @Test
    void subscribe_twoRouters_oneConfigCenterListener() {
        manager.subscribe("m", listener);
        manager.subscribe("m", received::add);
        manager.subscribe("m", listener);

        assertThat(config.listenerCount(KEY, RouteRules.GROUP)).isEqualTo(1);
    }

    @Test
    void process_invalidText_keepsLastGoodRuleCountsAndExposesProblems() {
        manager.subscribe("m", listener);
        config.publishConfig(KEY, RouteRules.GROUP, RouteRuleCodec.encode(rule(90)));

        config.publishConfig(KEY, RouteRules.GROUP, "model: m\ntraffic: [{version: \"1\", weight: 120}]");
        config.publishConfig(KEY, RouteRules.GROUP, "model: m\ntraffic: [{version: \"1\", weight: 120}]");

        RuleStatus status = manager.status("m");
        assertThat(status.rule()).isEqualTo(rule(90));
        assertThat(status.rejected()).isEqualTo(2);
        assertThat(status.rejectedText()).contains("weight: 120");
        assertThat(status.problems()).isNotEmpty();
        assertThat(manager.rejectedRules()).isEqualTo(2);
        assertThat(received).extracting(RuleStatus::generation).containsExactly(1L, 2L, 3L);

        // a good text clears the problem, the counter stays
        config.publishConfig(KEY, RouteRules.GROUP, RouteRuleCodec.encode(rule(50)));
        assertThat(manager.status("m").rule()).isEqualTo(rule(50));
        assertThat(manager.status("m").hasProblems()).isFalse();
        assertThat(manager.status("m").rejected()).isEqualTo(2);
    }

    @Test
    void process_ruleDeleted_noRuleInForce() {
        config.publishConfig(KEY, RouteRules.GROUP, RouteRuleCodec.encode(rule(90)));
        manager.subscribe("m", listener);

        config.removeConfig(KEY, RouteRules.GROUP);

        assertThat(manager.status("m").rule()).isNull();
        assertThat(received).hasSize(1);
    }

    @Test
    void unsubscribe_listenerRemoved_getsNoMoreStatuses() {
        manager.subscribe("m", listener);
        manager.unsubscribe("m", listener);

        config.publishConfig(KEY, RouteRules.GROUP, RouteRuleCodec.encode(rule(90)));

        assertThat(received).isEmpty();
        assertThat(manager.status("m").rule()).isEqualTo(rule(90));
    }

    @Test
    void subscribe_noConfigCenter_routesWithoutRule() {
        ModelRuleManager withoutConfig = new ModelRuleManager(Optional::empty);

        RuleStatus status = withoutConfig.subscribe("m", listener);

        assertThat(status.rule()).isNull();
        assertThat(status.generation()).isZero();
    }

    @Test
    void bindTo_registry_publishesTheRejectionCounter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new RouterMetrics(manager, "consumer-a").bindTo(registry);
        manager.subscribe("m", listener);

        config.publishConfig(KEY, RouteRules.GROUP, "traffic: [");

        assertThat(registry.get(RouterMetricNames.RULES_REJECTED)
                        .tag(RouterMetricNames.TAG_APPLICATION, "consumer-a")
                        .functionCounter()
                        .count())
                .isEqualTo(1.0);
    }
}
