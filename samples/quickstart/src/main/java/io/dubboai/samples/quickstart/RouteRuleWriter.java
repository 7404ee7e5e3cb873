package io.dubboai.samples.quickstart;

import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.core.rule.TrafficSplit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Sets the weighted split of a model's route rule in the ZooKeeper that serves as the Dubbo config center, at
 * {@code /dubbo/config/dubbo/<model>.model-route}. The registry writes aliases into the same rule, so this is a
 * compare-and-set like the registry's: read the rule and its ZooKeeper version, change only the split, write it back
 * only if the version is still the one read, and read again if it is not.
 */
final class RouteRuleWriter {

    private static final int ATTEMPTS = 10;

    private RouteRuleWriter() {}

    /** Replaces the split of {@code model}'s rule with {@code traffic}, keeping its aliases and everything else. */
    static void setTraffic(String zooKeeper, String model, List<TrafficSplit> traffic) {
        String path = "/dubbo/config/" + RouteRules.GROUP + "/" + RouteRules.ruleKey(model);
        try (CuratorFramework client =
                CuratorFrameworkFactory.newClient(zooKeeper, new ExponentialBackoffRetry(200, 5))) {
            client.start();
            if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not connect to ZooKeeper at " + zooKeeper + " within 30 s");
            }
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                if (trySetTraffic(client, path, model, traffic)) {
                    return;
                }
            }
            throw new IllegalStateException(
                    path + " changed under each of " + ATTEMPTS + " attempts to set its traffic split; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the traffic split of " + path, e);
        }
    }

    /** One compare-and-set; false when another writer changed the rule since it was read. */
    private static boolean trySetTraffic(
            CuratorFramework client, String path, String model, List<TrafficSplit> traffic) {
        Stat stat = new Stat();
        try {
            byte[] current;
            try {
                current = client.getData().storingStatIn(stat).forPath(path);
            } catch (KeeperException.NoNodeException e) {
                current = null;
            }
            ModelRouteRule rule = current == null
                    ? ModelRouteRule.builder(model).build()
                    : RouteRuleCodec.parse(model, new String(current, StandardCharsets.UTF_8))
                            .orElseThrow();
            byte[] next = RouteRuleCodec.encode(rule.withTraffic(traffic)).getBytes(StandardCharsets.UTF_8);
            if (current == null) {
                client.create().creatingParentsIfNeeded().forPath(path, next);
            } else {
                client.setData().withVersion(stat.getVersion()).forPath(path, next);
            }
            return true;
        } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException e) {
            return false;
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the traffic split of " + path, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not set the traffic split of " + path + ": " + e.getMessage(), e);
        }
    }
}
