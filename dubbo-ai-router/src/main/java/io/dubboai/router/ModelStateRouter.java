package io.dubboai.router;

import io.dubboai.router.internal.ProviderIndex;
import io.dubboai.router.internal.RoutingTable;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.utils.Holder;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.cluster.router.RouterSnapshotNode;
import org.apache.dubbo.rpc.cluster.router.state.AbstractStateRouter;
import org.apache.dubbo.rpc.cluster.router.state.BitList;
import org.jspecify.annotations.Nullable;

/**
 * The state router of one router chain of one service reference. Inert (passes every provider on) unless the
 * service's providers carry {@link io.dubboai.core.contract.ModelProviderParams#MODEL}.
 *
 * <p>Its whole state is one immutable {@link RoutingTable} behind an {@link AtomicReference}: {@link #notify} (new
 * addresses) and rule changes from {@link ModelRuleManager} each build a new table outside any lock and swap it in
 * with compare-and-set, retrying if the other changed it meanwhile; a call reads the reference once. Dubbo builds
 * two chains per reference (main and backup) and calls this factory once per chain, so each chain has its own
 * router and its own table, tied to the origin list it was notified with.
 *
 * @param <T> service type
 */
public final class ModelStateRouter<T> extends AbstractStateRouter<T> {

    private final ModelRuleManager rules;
    private final AtomicReference<RoutingTable<T>> table;
    private final Consumer<RuleStatus> ruleListener = this::onRule;
    private final AtomicReference<@Nullable String> subscribedModel = new AtomicReference<>();

    /**
     * @param url the consumer URL of the reference
     * @param rules the module's rule manager
     */
    public ModelStateRouter(URL url, ModelRuleManager rules) {
        super(url);
        this.rules = rules;
        this.table = new AtomicReference<>(RoutingTable.build(ProviderIndex.empty(), RuleStatus.initial("none")));
    }

    @Override
    public void notify(BitList<Invoker<T>> invokers) {
        ProviderIndex<T> index = ProviderIndex.of(invokers);
        String model = index.model();
        RuleStatus subscribed = model == null ? null : subscribe(model);
        while (true) {
            RoutingTable<T> current = table.get();
            RuleStatus status = subscribed;
            if (status == null) {
                status = RuleStatus.initial(model == null ? "none" : model);
            } else if (current.status().model().equals(model)
                    && current.status().generation() > status.generation()) {
                status = current.status();
            }
            if (table.compareAndSet(current, RoutingTable.build(index, status))) {
                return;
            }
        }
    }

    private RuleStatus subscribe(String model) {
        String previous = subscribedModel.getAndSet(model);
        if (previous != null && !previous.equals(model)) {
            rules.unsubscribe(previous, ruleListener);
        }
        return rules.subscribe(model, ruleListener);
    }

    private void onRule(RuleStatus status) {
        while (true) {
            RoutingTable<T> current = table.get();
            if (!Objects.equals(current.index().model(), status.model())
                    || current.status().generation() >= status.generation()) {
                return;
            }
            if (table.compareAndSet(current, RoutingTable.build(current.index(), status))) {
                return;
            }
        }
    }

    /** The table calls are routed with now; for diagnostics and tests. */
    public RoutingTable<T> table() {
        return table.get();
    }

    @Override
    protected BitList<Invoker<T>> doRoute(
            BitList<Invoker<T>> invokers,
            URL url,
            Invocation invocation,
            boolean needToPrintMessage,
            Holder<RouterSnapshotNode<T>> nodeHolder,
            Holder<String> messageHolder)
            throws RpcException {
        RoutingTable<T> current = table.get();
        if (!current.isBuiltFrom(invokers)) {
            // Dubbo notifies before it routes with a new list; this only happens if a call races a notification.
            current = RoutingTable.build(ProviderIndex.of(new BitList<>(invokers.getOriginList())), current.status());
        }
        RoutingTable.Choice<T> choice;
        try {
            choice = current.route(invokers, invocation);
        } catch (NoModelProviderException e) {
            // Dubbo's directory swallows router exceptions; RoutingFailureFilter rethrows this one to the caller
            invocation.put(RoutingFailureFilter.FAILURE_ATTRIBUTE, e);
            if (needToPrintMessage) {
                messageHolder.set(e.getMessage());
            }
            return BitList.emptyList();
        }
        if (current.hasShadow()) {
            RoutingTable.ShadowTarget shadow = current.shadowFor(invocation, choice);
            if (shadow != null) {
                // ShadowTrafficFilter, around the cluster invoker, sends the copy once the call has gone out
                invocation.put(ShadowTrafficFilter.TARGET_ATTRIBUTE, shadow);
            } else {
                // a failover retry reuses the invocation: an earlier attempt's target must not outlive its choice
                invocation.getAttributes().remove(ShadowTrafficFilter.TARGET_ATTRIBUTE);
            }
        }
        if (needToPrintMessage) {
            messageHolder.set(
                    choice.source() == RoutingTable.Source.NONE
                            ? "not a model service, all providers pass"
                            : "version " + choice.version() + " (" + choice.source() + "), "
                                    + choice.providers().size() + " providers; " + current.describe());
        }
        return choice.providers();
    }

    @Override
    protected String doBuildSnapshot() {
        return "ModelStateRouter: " + table.get().describe();
    }

    @Override
    public void stop() {
        String model = subscribedModel.getAndSet(null);
        if (model != null) {
            rules.unsubscribe(model, ruleListener);
        }
    }
}
