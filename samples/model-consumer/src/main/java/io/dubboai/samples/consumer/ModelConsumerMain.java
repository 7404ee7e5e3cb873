package io.dubboai.samples.consumer;

import io.dubboai.samples.consumer.ServedReport.Mode;
import io.dubboai.samples.provider.DemoModel;
import io.dubboai.samples.provider.Options;
import io.dubboai.samples.provider.RiskScorer;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.client.InferResults;
import io.dubboai.serving.client.ModelRouting;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * Calls a model through Dubbo with {@code dubbo-ai-router} on the class path: generic KServe v2 inference and the typed
 * {@link RiskScorer}. The calls use every way of asking the router for a version; out of every ten:
 *
 * <ul>
 *   <li>five name alias {@code champion} and one alias {@code challenger}: the route rule says which version each
 *       alias points at;
 *   <li>one pins a version, each of {@code --pin} in turn: always that version;
 *   <li>two carry a sticky key, each of {@code --sticky-keys} in turn: the rule's weighted split hashes the key, so one
 *       key stays on one version while the split is unchanged;
 *   <li>one carries nothing: the rule's weighted split picks a version at random (any version when the rule has no
 *       split).
 * </ul>
 *
 * Every {@code --report-every} it prints one {@link ServedReport} line saying which version served which calls:
 *
 * <pre>
 * SERVED alias champion:1=28 challenger:2=7 | pinned 1:1=4 2:2=3 | sticky alice:2=4 bob:1=3 | weighted 1=4 2=3 | errors=0
 * </pre>
 *
 * <pre>
 * java ... ModelConsumerMain --registry zookeeper://127.0.0.1:2181 --model risk [--rate 50] [--report-every 2s] \
 *     [--pin 1,2] [--sticky-keys alice,bob,ivan,peggy]
 * </pre>
 *
 * {@code --registry} may also be {@code nacos://host:port}; the router then reads the route rule from that Nacos (the
 * registry doubles as the config center).
 */
public final class ModelConsumerMain {

    private ModelConsumerMain() {}

    /** One call of the mix: how it asks for a version, and what it asks for (empty for weighted calls). */
    record Call(Mode mode, String asked) {

        /** Sets this call's routing attachment; call right before the Dubbo call. */
        void route() {
            switch (mode) {
                case ALIAS -> ModelRouting.alias(asked);
                case PINNED -> ModelRouting.pinVersion(asked);
                case STICKY -> ModelRouting.stickyKey(asked);
                case WEIGHTED -> {
                    // no attachment: the rule's weighted split decides
                }
            }
        }
    }

    /** The {@code n}-th call (from 0) of the mix described in the class comment. */
    static Call nth(long n, List<String> pins, List<String> stickyKeys) {
        long round = n / 10;
        int slot = (int) (n % 10);
        if (slot < 5) {
            return new Call(Mode.ALIAS, "champion");
        } else if (slot == 5) {
            return new Call(Mode.ALIAS, "challenger");
        } else if (slot == 6) {
            return new Call(Mode.PINNED, pins.get((int) (round % pins.size())));
        } else if (slot < 9) {
            return new Call(Mode.STICKY, stickyKeys.get((int) ((2 * round + slot - 7) % stickyKeys.size())));
        }
        return new Call(Mode.WEIGHTED, "");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        String model = options.getOrDefault("model", "risk");
        String registry = options.getOrDefault("registry", "zookeeper://127.0.0.1:2181");
        int rate = Integer.parseInt(options.getOrDefault("rate", "50"));
        Duration reportEvery = Duration.parse("PT" + options.getOrDefault("report-every", "2s"));
        List<String> pins = list(options, "pin", "1,2");
        List<String> stickyKeys = list(options, "sticky-keys", "alice,bob,ivan,peggy");

        ApplicationConfig application = new ApplicationConfig("model-consumer-sample");
        application.setQosEnable(false);
        DubboBootstrap.getInstance()
                .application(application)
                .registry(new RegistryConfig(registry))
                .start();
        GRPCInferenceService inference = reference(GRPCInferenceService.class);
        RiskScorer scorer = reference(RiskScorer.class);
        // Dubbo's own shutdown hook closes the references; this one stops the calls first, so that none fails
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch callsStopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            try {
                callsStopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));

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
        ServedReport report = new ServedReport();
        int failuresShown = 0;
        long nextReport = System.nanoTime() + reportEvery.toNanos();
        for (long n = 0; !stopping.get(); n++) {
            Call call = nth(n, pins, stickyKeys);
            float[][] rows = {{random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat()}};
            try {
                call.route();
                float p = InferResults.of(inference.modelInfer(InferRequests.forModel(model)
                                .input(DemoModel.INPUT, rows)
                                .build()))
                        .floats(DemoModel.OUTPUT)[0];
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalStateException("probability out of range: " + p);
                }
                report.served(
                        call.mode(), call.asked(), ModelRouting.servedVersion().orElse("?"));
            } catch (RuntimeException e) {
                if (stopping.get()) {
                    break; // the references are closing under this call
                }
                report.failed();
                if (failuresShown++ < 3) {
                    System.out.println(call.mode().label() + " call " + call.asked() + " failed: " + e.getMessage());
                }
            }
            if (System.nanoTime() >= nextReport) {
                System.out.println(report.drain());
                failuresShown = 0;
                nextReport = System.nanoTime() + reportEvery.toNanos();
            }
            Thread.sleep(1000L / rate);
        }
        callsStopped.countDown();
    }

    private static List<String> list(Map<String, String> options, String name, String defaults) {
        List<String> values = Arrays.stream(options.getOrDefault(name, defaults).split(","))
                .map(String::strip)
                .filter(value -> !value.isEmpty())
                .toList();
        if (values.isEmpty()) {
            throw new IllegalArgumentException(
                    "--" + name + " needs a comma-separated list, e.g. --" + name + " " + defaults);
        }
        return values;
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
