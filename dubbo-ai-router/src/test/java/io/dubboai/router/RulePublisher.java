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

    void publish(ModelRouteRule rule) {
        publishText(RouteRuleCodec.encode(rule));
    }

    void publishText(String text) {
        try {
            client.create()
                    .orSetData()
                    .creatingParentsIfNeeded()
                    .forPath(path(), text.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("could not write " + path(), e);
        }
    }

    private static String path() {
        return "/dubbo/config/" + RouteRules.GROUP + "/" + RouteRules.ruleKey(ModelProvider.MODEL);
    }

    @Override
    public void close() {
        client.close();
    }
}
