package io.dubboai.samples.quickstart;

import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.core.rule.RuleParseResult;
import io.dubboai.core.rule.TrafficSplit;
import java.time.Duration;
import java.util.List;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.common.config.configcenter.DynamicConfigurationFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * Sets the weighted split of a model's route rule ({@code <model>.model-route}, group {@code dubbo}) in the Dubbo
 * config center the routers read: the server's embedded ZooKeeper, or Nacos in universal mode. The registry writes
 * aliases into the same rule, so this is a compare-and-set like the registry's: read the rule and its ticket (the
 * ZooKeeper {@code Stat}, the Nacos MD5), change only the split, write it back only if the ticket still matches, and
 * read again if it does not.
 *
 * <p>The registry creates the rule when the first alias is set, so this only updates it. Nacos serves reads from a
 * cache that lags writes by up to about a second: a read right after the registry's write may still miss the rule or
 * show an older text, whose stale ticket then makes the write fail. Both are retried until {@link #TIMEOUT}.
 */
final class RouteRuleWriter {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PAUSE = Duration.ofMillis(200);

    private RouteRuleWriter() {}

    /**
     * Replaces the split of {@code model}'s rule with {@code traffic}, keeping its aliases and everything else.
     *
     * @param configCenter a Dubbo config-center address: {@code zookeeper://host:port} or {@code nacos://host:port}
     */
    static void setTraffic(String configCenter, String model, List<TrafficSplit> traffic) {
        String key = RouteRules.ruleKey(model);
        FrameworkModel framework = new FrameworkModel();
        try {
            DynamicConfiguration configuration = open(configCenter, framework.newApplication());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            String lastSeen = "nothing";
            while (System.nanoTime() < deadline) {
                ConfigItem item = configuration.getConfigItem(key, RouteRules.GROUP);
                String text = item == null ? null : item.getContent();
                if (text == null || text.isBlank()) {
                    lastSeen = "no rule";
                } else {
                    ModelRouteRule rule = parse(model, text);
                    if (rule.traffic().equals(traffic)) {
                        return;
                    }
                    String next = RouteRuleCodec.encode(rule.withTraffic(traffic));
                    if (configuration.publishConfigCas(key, RouteRules.GROUP, next, item.getTicket())) {
                        return;
                    }
                    lastSeen = "a rule that changed before it could be written";
                }
                sleep();
            }
            throw new IllegalStateException("could not set the traffic split of " + key + " (group " + RouteRules.GROUP
                    + ") within " + TIMEOUT.toSeconds() + " s; last read found " + lastSeen
                    + ". The registry creates the rule when an alias is set; check the server's log");
        } finally {
            framework.destroy();
        }
    }

    private static DynamicConfiguration open(String address, ApplicationModel application) {
        URL url = URL.valueOf(address).setScopeModel(application);
        return application
                .getExtensionLoader(DynamicConfigurationFactory.class)
                .getExtension(url.getProtocol())
                .getDynamicConfiguration(url);
    }

    private static ModelRouteRule parse(String model, String text) {
        RuleParseResult result = RouteRuleCodec.parse(model, text);
        if (!result.isValid()) {
            throw new IllegalStateException("the route rule " + RouteRules.ruleKey(model)
                    + " is not valid, so its split cannot be set; fix it first: " + result.problems());
        }
        return result.orElseThrow();
    }

    private static void sleep() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting a traffic split", e);
        }
    }
}
