package io.dubboai.modelhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dubboai.controlplane.fleet.Assignment;
import io.dubboai.controlplane.fleet.ServedState;
import io.dubboai.controlplane.fleet.ServedVersion;
import io.dubboai.serving.TestModels;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the fleet benchmark, run on demand with
 * {@code mvn -pl dubbo-ai-model-host -am test -Dtest=AssignmentToServedBenchmark -Dbench.fleet=true
 * -Dsurefire.failIfNoSpecifiedTests=false}. It prints (no timing asserts): the time from writing an assignment to the
 * first call served, for the serving benchmark's 128 MiB MLP (2048 features x 16384 hidden, FP32) uploaded to S3
 * through the registry, split into the host's steps; and the calls that failed while the version moved from one host
 * to another under 8 closed-loop callers.
 */
@EnabledIfSystemProperty(named = "bench.fleet", matches = "true")
class AssignmentToServedBenchmark {

    private static final int FEATURES = Integer.getInteger("bench.features", 2048);
    private static final int HIDDEN = Integer.getInteger("bench.hidden", 16384);

    @Test
    void assignmentToFirstServedCall() throws Exception {
        try (FleetFixture fleet = new FleetFixture()) {
            Path dir = Files.createDirectories(fleet.temp.resolve("bench"));
            TestModels.ModelFile file = TestModels.mlp(dir, 7, FEATURES, HIDDEN, 8);
            long bytes = Files.size(file.path());
            fleet.createVersion("bench", "{\"format\":\"onnx\"}");
            JsonNode uploaded = fleet.upload("bench", 1, "model.onnx", Files.readAllBytes(file.path()));
            assertThat(uploaded.path("status").asText()).isEqualTo("READY");
            ModelHost hostA = fleet.host("bench-a", 4L << 30, fleet.s3Endpoint());
            ModelHost hostB = fleet.host("bench-b", 4L << 30, fleet.s3Endpoint());
            try {
                GRPCInferenceService consumer = fleet.consumer();
                float[][] row = new float[1][FEATURES];
                Random random = new Random(1);
                for (int i = 0; i < FEATURES; i++) {
                    row[0][i] = random.nextFloat();
                }
                ModelInferRequest request =
                        InferRequests.forModel("bench").input("features", row).build();

                long assigned = System.nanoTime();
                fleet.assign("bench-a", List.of(new Assignment("bench", "1", "bench")));
                await().atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> fleet.served("bench-a", "bench", "1")
                                        .map(ServedVersion::state)
                                        .orElse(null)
                                == ServedState.READY);
                long ready = System.nanoTime();
                await().atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(10))
                        .ignoreExceptions()
                        .until(() ->
                                consumer.modelInfer(request).getModelVersion().equals("1"));
                long firstCall = System.nanoTime();
                System.out.printf(
                        "FLEET-BENCH artifact %d bytes (%.1f MiB): assignment -> READY %d ms, -> first served call %d ms"
                                + " (%.1f s per GB); host steps: %s%n",
                        bytes,
                        bytes / 1048576.0,
                        (ready - assigned) / 1_000_000,
                        (firstCall - assigned) / 1_000_000,
                        (firstCall - assigned) / 1e9 / (bytes / 1e9),
                        hostA.loadTimings("bench", "1").orElseThrow());

                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger ok = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                ExecutorService callers = Executors.newFixedThreadPool(8);
                CountDownLatch done = new CountDownLatch(8);
                for (int i = 0; i < 8; i++) {
                    callers.execute(() -> {
                        try {
                            while (running.get()) {
                                try {
                                    consumer.modelInfer(request);
                                    ok.incrementAndGet();
                                } catch (RuntimeException e) {
                                    failed.incrementAndGet();
                                }
                            }
                        } finally {
                            done.countDown();
                        }
                    });
                }
                await().until(() -> ok.get() > 50);
                long moveStarted = System.nanoTime();
                fleet.assign("bench-b", List.of(new Assignment("bench", "1", "bench")));
                await().atMost(Duration.ofMinutes(5))
                        .until(() -> fleet.served("bench-b", "bench", "1")
                                        .map(ServedVersion::state)
                                        .orElse(null)
                                == ServedState.READY);
                long bReady = System.nanoTime();
                fleet.assign("bench-a", List.of());
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> fleet.served("bench-a", "bench", "1").isEmpty());
                long aGone = System.nanoTime();
                int atRemoval = ok.get();
                await().until(() -> ok.get() > atRemoval + 50);
                running.set(false);
                done.await(1, TimeUnit.MINUTES);
                callers.shutdown();
                System.out.printf(
                        "FLEET-BENCH reassignment A->B under 8 callers: %d calls served, %d failed; B ready after %d ms"
                                + " (steps: %s), A drained and unloaded %d ms after its unassignment%n",
                        ok.get(),
                        failed.get(),
                        (bReady - moveStarted) / 1_000_000,
                        hostB.loadTimings("bench", "1").orElseThrow(),
                        (aGone - bReady) / 1_000_000);
            } finally {
                hostA.close();
                hostB.close();
            }
        }
    }
}
