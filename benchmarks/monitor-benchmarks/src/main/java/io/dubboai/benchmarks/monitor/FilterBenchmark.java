package io.dubboai.benchmarks.monitor;

import io.dubboai.monitor.metrics.ModelMeters;
import io.dubboai.monitor.metrics.ModelProviderMetricsFilter;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.rpc.AppResponse;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcInvocation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The provider metrics filter's cost per call: the same invoker called directly ({@link #withoutFilter}) and through
 * {@link ModelProviderMetricsFilter} ({@link #withFilter}), recording into a Prometheus registry (the one Dubbo's
 * {@code /metrics} serves) with the latency histogram. The invoker answers with a ready response, as a synchronous
 * service does, so the difference is the filter. Run with {@code -prof gc} to see the allocation per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {

    private Invoker<BenchService> invoker;
    private Invocation invocation;
    private ModelProviderMetricsFilter filter;

    @Setup
    public void setUp() {
        URL url = URL.valueOf("tri://127.0.0.1:50051/" + BenchService.class.getName()
                + "?dubbo-ai-model=fraud&dubbo-ai-model-version=3&dubbo-ai-accelerator=cpu");
        invoker = new ReadyInvoker(url);
        invocation = new RpcInvocation(
                "score", BenchService.class.getName(), "", new Class<?>[] {String.class}, new Object[] {"x"});
        filter = new ModelProviderMetricsFilter(
                new ModelMeters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), null);
    }

    @Benchmark
    public Result withoutFilter() {
        return invoker.invoke(invocation);
    }

    @Benchmark
    public Result withFilter() {
        return filter.invoke(invoker, invocation);
    }

    /** The service the invoker stands for. */
    public interface BenchService {
        /** Never called. */
        double score(String x);
    }

    /** Answers every call with the same ready response. */
    private record ReadyInvoker(URL url) implements Invoker<BenchService> {

        private static final AppResponse RESPONSE = new AppResponse(0.5);

        @Override
        public Class<BenchService> getInterface() {
            return BenchService.class;
        }

        @Override
        public Result invoke(Invocation invocation) {
            return RESPONSE;
        }

        @Override
        public URL getUrl() {
            return url;
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public void destroy() {}
    }
}
