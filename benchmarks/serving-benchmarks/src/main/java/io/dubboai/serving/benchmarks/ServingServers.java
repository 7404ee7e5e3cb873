package io.dubboai.serving.benchmarks;

import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.provider.AcceleratorDetector;
import io.dubboai.serving.provider.ModelServer;
import io.dubboai.serving.provider.ModelServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server process of the load run: (b) a model provider with dynamic batching, (c) one without, (d) the Spring
 * Boot REST/JSON endpoint, all on loopback, all serving the same model file. Prints {@code READY} when all serve;
 * then answers the lines {@code reset} and {@code stats} (batch counters of (b)) on standard input; exits at the end
 * of its input.
 *
 * <p>Arguments: model path, SHA-256, port (b), port (c), port (d). Started by {@link ServingLoadRun}, which reads its
 * output to the end ({@link ServerProcess}); Dubbo is pinned to loopback here too, whoever starts it.
 */
public final class ServingServers {

    private ServingServers() {}

    /** Starts the three servers and serves until standard input ends. */
    public static void main(String[] args) throws Exception {
        System.setProperty(ServingLoadRun.LOOPBACK_PROPERTY, ".*");
        Path model = Path.of(args[0]);
        String sha = args[1];
        LongAdder batches = new LongAdder();
        LongAdder batchedRows = new LongAdder();
        ModelConfig base = ModelConfig.onnx("bench", "1", model.toUri().toString(), sha)
                .withLoadOptions(ServingLoadRun.loadOptions());
        ModelServer batched = server(
                base.withBatching(BatchingConfig.DEFAULTS
                        .withBatch(ServingLoadRun.MAX_BATCH, ServingLoadRun.maxQueueDelay())
                        .withQueue(Duration.ofSeconds(30), 4096)),
                Integer.parseInt(args[2]),
                size -> {
                    batches.increment();
                    batchedRows.add(size);
                });
        ModelServer plain = server(base.withBatching(BatchingConfig.OFF), Integer.parseInt(args[3]), size -> {});
        System.setProperty("bench.model", model.toString());
        ConfigurableApplicationContext rest = new SpringApplication(RestModelApp.class)
                .run(
                        "--server.port=" + args[4],
                        "--server.address=127.0.0.1",
                        "--server.tomcat.threads.max=200",
                        "--logging.level.root=WARN",
                        "--spring.main.banner-mode=off");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("READY");
            System.out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("reset")) {
                    batches.reset();
                    batchedRows.reset();
                } else if (line.equals("stats")) {
                    System.out.println("STATS " + batches.sum() + " " + batchedRows.sum());
                }
                System.out.flush();
            }
        } finally {
            rest.close();
            batched.close();
            plain.close();
        }
    }

    private static ModelServer server(ModelConfig model, int port, IntConsumer batchSizes) {
        return new ModelServer(
                        ModelServerConfig.of(model, "N/A", "127.0.0.1", port).withDrainTimeout(Duration.ofMillis(200)),
                        AcceleratorDetector.system(),
                        batchSizes::accept)
                .start();
    }
}
