package io.dubboai.router;

import static io.dubboai.core.contract.ModelAttachments.ALIAS;
import static io.dubboai.core.contract.ModelAttachments.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.controlplane.testing.NacosServer;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.registry.rule.AliasRuleSynchronizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alias → route rule → routed calls on a real Nacos 2.5.1 server ({@link NacosServer}, started from shared/nacos):
 * two provider applications (versions 1 and 2) and a consumer register in the Nacos registry, and the consumer reads
 * {@code sentiment.model-route} (group {@code dubbo}) from the Nacos config center. The alias is moved by the
 * registry's {@link AliasRuleSynchronizer}, which writes the rule by compare-and-set on the Nacos MD5 ticket (and
 * creates it with the create-only ticket), exactly as the registry does when an alias changes.
 *
 * <p>Nacos serves reads from a cache that lags writes by up to about a second; nothing here reads right after a write
 * without waiting for the consumer to report the rule it applied.
 */
class NacosRoutingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final List<ModelProvider> providers = new ArrayList<>();
    private static @Nullable ModelConsumer consumer;
    private static @Nullable ApplicationModel writer;
    private static DynamicConfiguration configuration;
    private static AliasRuleSynchronizer aliases;

    @BeforeAll
    static void startProvidersAndConsumer() {
        String nacos = NacosServer.shared().address();
        providers.add(ModelProvider.cpu(nacos, "n1", "1", null));
        providers.add(ModelProvider.cpu(nacos, "n2", "2", null));
        consumer = new ModelConsumer(nacos);
        // the writer is a separate Dubbo application, as the registry in the admin server would be
        writer = FrameworkModel.defaultModel().newApplication();
        configuration = ConfigCenters.open(nacos, writer);
        aliases = new AliasRuleSynchronizer(configuration);
        // both versions registered in Nacos and known to the consumer
        await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
            assertThat(consumer().call(Map.of(VERSION, "1"))).isEqualTo("1@n1");
            assertThat(consumer().call(Map.of(VERSION, "2"))).isEqualTo("2@n2");
        });
    }

    @AfterAll
    static void stopAll() {
        if (consumer != null) {
            consumer.close();
        }
        providers.forEach(ModelProvider::close);
        if (writer != null) {
            writer.destroy();
        }
    }

    private static ModelConsumer consumer() {
        return Objects.requireNonNull(consumer, "consumer");
    }

    /** Points {@code alias} at {@code version} (empty: removes it) and waits until the consumer has applied it. */
    private static void moveAlias(String alias, Optional<Long> version) {
        aliases.sync(ModelProvider.MODEL, alias, name -> version);
        Optional<String> expected = version.map(String::valueOf);
        await().atMost(TIMEOUT).until(() -> {
            ModelRouteRule applied = consumer().ruleStatus().rule();
            return applied != null && applied.resolveAlias(alias).equals(expected);
        });
    }

    private static Map<String, Integer> answers(int calls, Map<String, String> attachments) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            counts.merge(consumer().call(attachments), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void routeWhenAliasMovesInTheNacosRuleShouldSendItsCallsToTheNewVersion() {
        moveAlias("champion", Optional.of(2L));

        assertThat(answers(100, Map.of(ALIAS, "champion"))).containsOnlyKeys("2@n2");
        assertThat(consumer().callGeneric(Map.of(ALIAS, "champion"))).isEqualTo("2@n2");
        // the rule the consumer applied is the one in Nacos, as the synchronizer wrote it
        String stored = configuration.getConfig(RouteRules.ruleKey(ModelProvider.MODEL), RouteRules.GROUP, 5000);
        assertThat(RouteRuleCodec.parse(ModelProvider.MODEL, stored).orElseThrow())
                .isEqualTo(consumer().ruleStatus().rule());

        // an update of an existing rule: compare-and-set on its MD5
        moveAlias("champion", Optional.of(1L));

        assertThat(answers(100, Map.of(ALIAS, "champion"))).containsOnlyKeys("1@n1");
        // a pinned version still wins over the alias
        assertThat(consumer().call(Map.of(ALIAS, "champion", VERSION, "2"))).isEqualTo("2@n2");

        moveAlias("champion", Optional.empty());

        assertThatThrownBy(() -> consumer().call(Map.of(ALIAS, "champion")))
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("alias 'champion' is not defined");
    }

    @Test
    void routeWhenTwoAliasesMoveInTurnShouldKeepEachOnItsOwnVersion() {
        moveAlias("stable", Optional.of(1L));
        moveAlias("canary", Optional.of(2L));

        assertThat(answers(50, Map.of(ALIAS, "stable"))).containsOnlyKeys("1@n1");
        assertThat(answers(50, Map.of(ALIAS, "canary"))).containsOnlyKeys("2@n2");

        // moving one alias rewrites the rule, but keeps the other alias in it
        moveAlias("canary", Optional.of(1L));

        assertThat(answers(50, Map.of(ALIAS, "canary"))).containsOnlyKeys("1@n1");
        assertThat(answers(50, Map.of(ALIAS, "stable"))).containsOnlyKeys("1@n1");
        moveAlias("stable", Optional.of(2L));
        assertThat(answers(50, Map.of(ALIAS, "stable"))).containsOnlyKeys("2@n2");
        assertThat(answers(50, Map.of(ALIAS, "canary"))).containsOnlyKeys("1@n1");
    }
}
