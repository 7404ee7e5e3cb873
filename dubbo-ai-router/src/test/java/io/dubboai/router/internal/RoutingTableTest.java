package io.dubboai.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.dubboai.core.contract.Accelerator;
import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.rule.GpuConstraints;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.ShadowTraffic;
import io.dubboai.router.NoModelProviderException;
import io.dubboai.router.RuleStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.RpcInvocation;
import org.apache.dubbo.rpc.cluster.router.state.BitList;
import org.junit.jupiter.api.Test;

/** The routing table over plain invoker lists (the end-to-end behaviour is in {@code ModelRouterTest}). */
class RoutingTableTest {

    private static Invoker<Object> invoker(String params) {
        @SuppressWarnings("unchecked")
        Invoker<Object> invoker = mock(Invoker.class);
        when(invoker.getUrl()).thenReturn(URL.valueOf("dubbo://10.0.0.1:20880/Svc?" + params));
        return invoker;
    }

    private static RpcInvocation call(Map<String, String> attachments) {
        RpcInvocation invocation = new RpcInvocation();
        attachments.forEach(invocation::setAttachment);
        return invocation;
    }

    private static RuleStatus status(ModelRouteRule rule) {
        return RuleStatus.initial(rule.model()).accepted(rule);
    }

    @Test
    void route_providersWithoutModelName_passesEveryProviderOn() {
        BitList<Invoker<Object>> invokers = new BitList<>(List.of(invoker("a=1"), invoker("b=2")));
        RoutingTable<Object> table = RoutingTable.build(ProviderIndex.of(invokers), RuleStatus.initial("m"));

        RoutingTable.Choice<Object> choice = table.route(invokers, call(Map.of(ModelAttachments.VERSION, "3")));

        assertThat(table.isInert()).isTrue();
        assertThat(choice.source()).isEqualTo(RoutingTable.Source.NONE);
        assertThat(choice.providers()).isSameAs(invokers);
    }

    @Test
    void build_modelNameThatCannotBeARuleKey_leavesTheServiceAlone() {
        BitList<Invoker<Object>> invokers =
                new BitList<>(List.of(invoker("dubbo-ai-model=no%20spaces&dubbo-ai-model-version=1")));

        RoutingTable<Object> table = RoutingTable.build(ProviderIndex.of(invokers), RuleStatus.initial("m"));

        assertThat(table.isInert()).isTrue();
    }

    @Test
    void build_gpuConstraints_leaveOnlyMatchingProvidersInPools() {
        List<Invoker<Object>> list = new ArrayList<>();
        list.add(invoker("dubbo-ai-model=m&dubbo-ai-model-version=1&dubbo-ai-accelerator=cpu"));
        list.add(invoker("dubbo-ai-model=m&dubbo-ai-model-version=1&dubbo-ai-accelerator=gpu"
                + "&dubbo-ai-gpu-type=NVIDIA%20A100&dubbo-ai-gpu-memory-mib=81920"));
        list.add(invoker("dubbo-ai-model=m&dubbo-ai-model-version=2&dubbo-ai-accelerator=gpu"
                + "&dubbo-ai-gpu-type=NVIDIA%20A100&dubbo-ai-gpu-memory-mib=not-a-number"));
        list.add(invoker("other=1"));
        BitList<Invoker<Object>> invokers = new BitList<>(list);
        ModelRouteRule rule = ModelRouteRule.builder("m")
                .traffic("1", 100)
                .traffic("2", 0)
                .gpu(new GpuConstraints(Accelerator.GPU, List.of("a100"), 40_000))
                .build();

        RoutingTable<Object> table = RoutingTable.build(ProviderIndex.of(invokers), status(rule));

        assertThat(table.pool("1")).containsExactly(list.get(1));
        // an unreadable memory size counts as 0 MiB, below the minimum
        assertThat(table.pool("2")).isEmpty();
        assertThat(table.route(invokers, call(Map.of())).providers()).containsExactly(list.get(1));
        assertThatThrownBy(() -> table.route(invokers, call(Map.of(ModelAttachments.VERSION, "2"))))
                .isInstanceOf(NoModelProviderException.class)
                .hasMessageContaining("versions with providers: {1=2, 2=1}")
                .hasMessageContaining("satisfy the GPU constraints: [1]")
                .satisfies(e -> assertThat(((NoModelProviderException) e).askedVersion())
                        .isEqualTo("2"));
    }

    @Test
    void route_availableSubsetWithoutChosenVersion_fallsBackInsteadOfRoutingToNobody() {
        List<Invoker<Object>> list = List.of(
                invoker("dubbo-ai-model=m&dubbo-ai-model-version=1"),
                invoker("dubbo-ai-model=m&dubbo-ai-model-version=2"));
        BitList<Invoker<Object>> invokers = new BitList<>(list);
        ModelRouteRule rule = ModelRouteRule.builder("m")
                .traffic("1", 100)
                .traffic("2", 0)
                .fallback(io.dubboai.core.rule.Fallback.toVersion("2"))
                .build();
        RoutingTable<Object> table = RoutingTable.build(ProviderIndex.of(invokers), status(rule));
        BitList<Invoker<Object>> onlyTwoAvailable = invokers.clone();
        onlyTwoAvailable.remove(list.get(0));

        RoutingTable.Choice<Object> choice = table.route(onlyTwoAvailable, call(Map.of()));

        assertThat(choice.source()).isEqualTo(RoutingTable.Source.FALLBACK);
        assertThat(choice.providers()).containsExactly(list.get(1));
    }

    @Test
    void shadowFor_onlyUnpinnedCallsRoutedElsewhere_getTheTarget() {
        BitList<Invoker<Object>> invokers = new BitList<>(List.of(
                invoker("dubbo-ai-model=m&dubbo-ai-model-version=1"),
                invoker("dubbo-ai-model=m&dubbo-ai-model-version=2")));
        ModelRouteRule rule = ModelRouteRule.builder("m")
                .traffic("1", 100)
                .traffic("2", 0)
                .alias("champion", "1")
                .shadow(new ShadowTraffic("2", 25))
                .build();
        RoutingTable<Object> table = RoutingTable.build(ProviderIndex.of(invokers), status(rule));

        RpcInvocation weighted = call(Map.of());
        RpcInvocation pinned = call(Map.of(ModelAttachments.VERSION, "1"));
        RpcInvocation aliased = call(Map.of(ModelAttachments.ALIAS, "champion"));
        RpcInvocation copy = call(Map.of(ModelAttachments.SHADOW, "true"));
        RpcInvocation toShadow = call(Map.of(ModelAttachments.VERSION, "2"));

        assertThat(table.shadowFor(weighted, table.route(invokers, weighted)))
                .isEqualTo(new RoutingTable.ShadowTarget("m", "2", 0.25));
        assertThat(table.shadowFor(pinned, table.route(invokers, pinned))).isNull();
        assertThat(table.shadowFor(aliased, table.route(invokers, aliased))).isNull();
        assertThat(table.shadowFor(copy, table.route(invokers, copy))).isNull();
        assertThat(table.shadowFor(toShadow, table.route(invokers, toShadow))).isNull();
        assertThat(RoutingTable.build(
                                ProviderIndex.of(invokers),
                                status(rule.toBuilder().enabled(false).build()))
                        .hasShadow())
                .as("a disabled rule mirrors nothing")
                .isFalse();
    }
}
