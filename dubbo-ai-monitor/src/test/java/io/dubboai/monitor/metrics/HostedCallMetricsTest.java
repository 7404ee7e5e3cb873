package io.dubboai.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.dubboai.serving.oip.grpc.ServerLiveRequest;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcInvocation;
import org.junit.jupiter.api.Test;

/**
 * How the provider side picks the meters of a model host's call: its one service carries {@code dubbo-ai-host-id} and
 * no model, so the model and version come from each call, in the order the host itself picks the version.
 */
class HostedCallMetricsTest {

    private static final String SERVICE = GRPCInferenceService.class.getName();

    private final CallMetrics metrics = new ModelMeters(new SimpleMeterRegistry()).provider();
    private final Invoker<?> host = invoker(
            "tri://127.0.0.1:50051/" + SERVICE + "?dubbo-ai-host-id=h-1&dubbo-ai-accelerator=cpu&dubbo-ai-gpu-type=");

    @Test
    void meters_routedVersionWinsOverRequestedAndPinned() {
        ServiceMeters meters =
                metrics.meters(host, call("fraud", "", Map.of(ModelAttachments.ROUTED_VERSION, "2", "x", "y")));

        assertThat(meters).isNotNull();
        assertThat(meters.tags()).isEqualTo(CallMetrics.tags("fraud", "2", "cpu", null));
    }

    @Test
    void meters_withoutRoutedVersion_requestedThenPinnedThenNone() {
        assertThat(metrics.meters(host, call("fraud", "1", Map.of(ModelAttachments.VERSION, "3")))
                        .tags())
                .isEqualTo(CallMetrics.tags("fraud", "1", "cpu", null));
        assertThat(metrics.meters(host, call("fraud", "", Map.of(ModelAttachments.VERSION, "3")))
                        .tags())
                .isEqualTo(CallMetrics.tags("fraud", "3", "cpu", null));
        // a client that names the model only is counted under version "none"
        assertThat(metrics.meters(host, call("fraud", "", Map.of())).tags())
                .isEqualTo(Tags.of(
                        ModelMetricNames.TAG_MODEL,
                        "fraud",
                        ModelMetricNames.TAG_VERSION,
                        ModelMetricNames.NONE,
                        ModelMetricNames.TAG_ACCELERATOR,
                        "cpu",
                        ModelMetricNames.TAG_GPU_TYPE,
                        ModelMetricNames.NONE));
    }

    @Test
    void meters_sameModelAndVersion_sameMetersAndOnePerVersion() {
        ServiceMeters first = metrics.meters(host, call("fraud", "", Map.of(ModelAttachments.ROUTED_VERSION, "2")));
        ServiceMeters again = metrics.meters(host, call("fraud", "2", Map.of()));
        ServiceMeters other = metrics.meters(host, call("fraud", "", Map.of(ModelAttachments.ROUTED_VERSION, "1")));

        assertThat(again).isSameAs(first);
        assertThat(other).isNotSameAs(first);
    }

    @Test
    void meters_callsThatNameNoModel_areNotCounted() {
        RpcInvocation live = new RpcInvocation();
        live.setArguments(new Object[] {ServerLiveRequest.getDefaultInstance()});

        assertThat(metrics.meters(host, live)).isNull();
        assertThat(metrics.meters(host, call("", "1", Map.of()))).isNull();
    }

    @Test
    void meters_singleModelService_versionFromItsUrlWhateverTheCallSays() {
        Invoker<?> provider =
                invoker("tri://127.0.0.1:50052/" + SERVICE + "?dubbo-ai-model=fraud&dubbo-ai-model-version=7");

        assertThat(metrics.meters(provider, call("fraud", "", Map.of(ModelAttachments.ROUTED_VERSION, "2")))
                        .tags())
                .isEqualTo(CallMetrics.tags("fraud", "7", null, null));
    }

    @Test
    void meters_serviceWithoutModelOrHostId_isNotAModel() {
        assertThat(metrics.meters(invoker("tri://127.0.0.1:50053/" + SERVICE), call("fraud", "1", Map.of())))
                .isNull();
    }

    private static Invocation call(String model, String version, Map<String, String> attachments) {
        RpcInvocation invocation = new RpcInvocation();
        invocation.setArguments(new Object[] {
            ModelInferRequest.newBuilder()
                    .setModelName(model)
                    .setModelVersion(version)
                    .build()
        });
        attachments.forEach(invocation::setAttachment);
        return invocation;
    }

    private static Invoker<?> invoker(String url) {
        URL parsed = URL.valueOf(url);
        return new Invoker<GRPCInferenceService>() {
            @Override
            public Class<GRPCInferenceService> getInterface() {
                return GRPCInferenceService.class;
            }

            @Override
            public Result invoke(Invocation invocation) {
                throw new UnsupportedOperationException("not called");
            }

            @Override
            public URL getUrl() {
                return parsed;
            }

            @Override
            public boolean isAvailable() {
                return true;
            }

            @Override
            public void destroy() {}
        };
    }
}
