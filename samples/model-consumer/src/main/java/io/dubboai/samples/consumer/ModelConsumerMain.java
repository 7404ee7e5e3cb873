package io.dubboai.samples.consumer;

import io.dubboai.samples.provider.DemoModel;
import io.dubboai.samples.provider.Options;
import io.dubboai.samples.provider.RiskScorer;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.client.InferResults;
import io.dubboai.serving.client.ModelRouting;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * Calls a model through Dubbo with {@code dubbo-ai-router} on the class path: generic KServe v2 inference and the typed
 * {@link RiskScorer}. Each call names an alias ({@code champion} for most calls, {@code challenger} for every fifth);
 * the router sends it to the version the model's route rule gives that alias. Every {@code --report-every} it prints
 * one line saying which version served the calls of each alias:
 *
 * <pre>
 * SERVED champion:1=41 challenger:2=10 errors=0
 * </pre>
 *
 * <pre>
 * java ... ModelConsumerMain --registry zookeeper://127.0.0.1:2181 --model risk [--rate 50] [--report-every 2s]
 * </pre>
 */
public final class ModelConsumerMain {

    private ModelConsumerMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        String model = options.getOrDefault("model", "risk");
        String registry = options.getOrDefault("registry", "zookeeper://127.0.0.1:2181");
        int rate = Integer.parseInt(options.getOrDefault("rate", "50"));
        Duration reportEvery = Duration.parse("PT" + options.getOrDefault("report-every", "2s"));

        ApplicationConfig application = new ApplicationConfig("model-consumer-sample");
        application.setQosEnable(false);
        DubboBootstrap.getInstance()
                .application(application)
                .registry(new RegistryConfig(registry))
                .start();
        GRPCInferenceService inference = reference(GRPCInferenceService.class);
        RiskScorer scorer = reference(RiskScorer.class);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> DubboBootstrap.getInstance().stop()));

        // One typed call, to show the shape; the loop below uses generic inference.
        try {
            ModelRouting.alias("champion");
            float score = scorer.score(new float[] {0.1f, 0.2f, 0.3f, 0.4f});
            System.out.println("typed call: score=" + score + " served by "
                    + ModelRouting.servedVersion().orElse("?"));
        } catch (RuntimeException e) {
            System.out.println("typed call failed: " + e.getMessage());
        }

        Random random = new Random(7);
        Map<String, Integer> served = new TreeMap<>();
        int errors = 0;
        long nextReport = System.nanoTime() + reportEvery.toNanos();
        for (long call = 0; ; call++) {
            String alias = call % 5 == 4 ? "challenger" : "champion";
            float[][] rows = {{random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat()}};
            try {
                ModelRouting.alias(alias);
                float p = InferResults.of(inference.modelInfer(InferRequests.forModel(model)
                                .input(DemoModel.INPUT, rows)
                                .build()))
                        .floats(DemoModel.OUTPUT)[0];
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalStateException("probability out of range: " + p);
                }
                served.merge(alias + ":" + ModelRouting.servedVersion().orElse("?"), 1, Integer::sum);
            } catch (RuntimeException e) {
                if (errors++ < 3) {
                    System.out.println("call failed: " + e.getMessage());
                }
            }
            if (System.nanoTime() >= nextReport) {
                StringBuilder line = new StringBuilder("SERVED");
                served.forEach(
                        (key, count) -> line.append(' ').append(key).append('=').append(count));
                System.out.println(line.append(" errors=").append(errors));
                served.clear();
                errors = 0;
                nextReport = System.nanoTime() + reportEvery.toNanos();
            }
            Thread.sleep(1000L / rate);
        }
    }

    private static <T> T reference(Class<T> type) {
        ReferenceConfig<T> reference = new ReferenceConfig<>();
        reference.setInterface(type);
        reference.setProtocol("tri");
        reference.setTimeout(10_000);
        reference.setRetries(0);
        reference.setCheck(false);
        return reference.get();
    }
}
