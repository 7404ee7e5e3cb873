package io.dubboai.router;

import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;

/** Writes rule texts where Dubbo's ZooKeeper config center keeps them, as an operator or the control plane would. */
final class RulePublisher implements AutoCloseable {

    private final CuratorFramework client;

    RulePublisher(String connectString) throws InterruptedException {
        client = CuratorFrameworkFactory.newClient(connectString, new RetryOneTime(100));
        client.start();
        client.blockUntilConnected();
    }

    /** Writes {@code rule} under its model's key. */
    void publish(ModelRouteRule rule) {
        publishText(rule.model(), RouteRuleCodec.encode(rule));
    }

    /** Writes {@code text} under the key of {@link ModelProvider#MODEL}. */
    void publishText(String text) {
        publishText(ModelProvider.MODEL, text);
    }

    private void publishText(String model, String text) {
        String path = "/dubbo/config/" + RouteRules.GROUP + "/" + RouteRules.ruleKey(model);
        try {
            client.create().orSetData().creatingParentsIfNeeded().forPath(path, text.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("could not write " + path, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
