package io.dubboai.registry.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synchronizer on a real ZooKeeper, with an operator writing the same rule through another client. */
class AliasRuleSynchronizerTest {

    @TempDir
    static Path temp;

    static EmbeddedZooKeeper zooKeeper;
    static FrameworkModel registryFramework;
    static FrameworkModel operatorFramework;
    static DynamicConfiguration registry;
    static DynamicConfiguration operator;

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start(temp.resolve("zk"), 0);
        registryFramework = new FrameworkModel();
        registry = ConfigCenters.open(zooKeeper.dubboAddress(), registryFramework.newApplication());
        operatorFramework = new FrameworkModel();
        operator = ConfigCenters.open(zooKeeper.dubboAddress(), operatorFramework.newApplication());
    }

    @AfterAll
    static void stop() {
        registryFramework.destroy();
        operatorFramework.destroy();
        zooKeeper.close();
    }

    @Test
    void syncWhenAnOperatorCreatesTheRuleBetweenReadAndWriteShouldKeepTheOperatorsRule() {
        String model = "operator-race";
        String key = RouteRules.ruleKey(model);
        ModelRouteRule operatorsRule = ModelRouteRule.builder(model)
                .traffic("7", 100)
                .alias("challenger", "7")
                .build();
        AtomicBoolean operatorWrote = new AtomicBoolean();

        // the synchronizer reads the rule (absent), then asks the registry for the alias: the operator writes then
        new AliasRuleSynchronizer(registry).sync(model, "champion", alias -> {
            if (operatorWrote.compareAndSet(false, true)) {
                assertThat(operator.publishConfig(key, RouteRules.GROUP, RouteRuleCodec.encode(operatorsRule)))
                        .isTrue();
            }
            return Optional.of(3L);
        });

        assertThat(operatorWrote).isTrue();
        // Dubbo's publishConfigCas with a null ticket would have replaced the operator's rule (never updated yet)
        ModelRouteRule rule =
                RouteRuleCodec.parse(operator.getConfig(key, RouteRules.GROUP)).orElseThrow();
        assertThat(rule).isEqualTo(operatorsRule.withAlias("champion", "3"));
    }
}
