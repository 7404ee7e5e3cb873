package io.dubboai.router;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.cluster.loadbalance.AbstractLoadBalance;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * Picks, inside the pool the router chose, a provider with little outstanding work: the "power of two choices"
 * (Mitzenmacher, "The Power of Two Choices in Randomized Load Balancing", IEEE TPDS 2001): draw two distinct
 * providers at random and take the one with less work as {@link ProviderLoadTracker#work} measures it (in-flight
 * calls plus the queue depth and GPU utilisation the provider last reported in response attachments); equal work
 * is broken at random. Two random candidates keep the expected maximum load exponentially below plain random
 * while avoiding the herd behaviour of always taking the global minimum from stale reports. O(1) per call.
 *
 * <p>Use with {@code loadbalance="dubbo-ai-least-work"} on the reference. Load never travels in URL parameters:
 * changing them would create new metadata revisions on every report.
 */
public final class LeastWorkLoadBalance extends AbstractLoadBalance {

    /** Extension name in {@code META-INF/dubbo/org.apache.dubbo.rpc.cluster.LoadBalance}. */
    public static final String NAME = "dubbo-ai-least-work";

    private final ProviderLoadTracker tracker;

    /** Created by Dubbo's extension loader with the consumer's application. */
    public LeastWorkLoadBalance(ApplicationModel application) {
        this(RouterScopeModelInitializer.loadTracker(application));
    }

    /** A load balance reading {@code tracker}. */
    public LeastWorkLoadBalance(ProviderLoadTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    protected <T> Invoker<T> doSelect(List<Invoker<T>> invokers, URL url, Invocation invocation) {
        int size = invokers.size();
        if (size == 1) {
            return invokers.get(0);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(size);
        int second = random.nextInt(size - 1);
        if (second >= first) {
            second++;
        }
        Invoker<T> a = invokers.get(first);
        Invoker<T> b = invokers.get(second);
        double workA = tracker.work(a);
        double workB = tracker.work(b);
        if (workA == workB) {
            return random.nextBoolean() ? a : b;
        }
        return workA < workB ? a : b;
    }
}
