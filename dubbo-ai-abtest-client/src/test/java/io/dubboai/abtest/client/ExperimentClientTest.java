package io.dubboai.abtest.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a real HTTP endpoint on loopback that records what it receives and answers with a status the
 * test chooses (the control plane's own answers are tested in the server's ExperimentsApiTest).
 */
final class ExperimentClientTest {

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"accepted\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ExperimentClient client(int batchSize, int queueCapacity) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new ExperimentClient(
                new ExperimentClient.Settings(
                        base, "dai_token", List.of("user-id"), Duration.ofHours(1), batchSize, queueCapacity, 100),
                Clock.systemUTC());
    }

    @Test
    void flush_batchesDeduplicatesAndEscapes() {
        try (ExperimentClient client = client(2, 100)) {
            client.exposed("shop", "user-id", "a\"1", "1");
            client.exposed("shop", "user-id", "a\"1", "1"); // the same unit on the same version: not sent again
            client.exposed("shop", "user-id", "b", "2");
            client.exposed("shop", "user-id", "c", "2");

            assertThat(client.flush()).isTrue();

            assertThat(paths).containsOnly("/api/v1/ai/experiments/exposures Bearer dai_token");
            assertThat(bodies).hasSize(2);
            assertThat(bodies.get(0)).contains("\"unit\":\"a\\\"1\"", "\"unit\":\"b\"", "\"model\":\"shop\"");
            assertThat(bodies.get(1)).contains("\"unit\":\"c\"").doesNotContain("\"unit\":\"b\"");
            assertThat(client.shipped()).isEqualTo(3);
        }
    }

    @Test
    void flush_whenServerFailsKeepsExposuresForTheNextFlush() {
        try (ExperimentClient client = client(10, 100)) {
            client.exposed("shop", "user-id", "a", "1");
            status.set(503);

            assertThat(client.flush()).isFalse();
            status.set(200);
            assertThat(client.flush()).isTrue();

            assertThat(bodies).hasSize(2).allSatisfy(body -> assertThat(body).contains("\"unit\":\"a\""));
            assertThat(client.shipped()).isEqualTo(1);
        }
    }

    @Test
    void exposed_whenQueueIsFullDropsAndCounts() {
        try (ExperimentClient client = client(10, 2)) {
            client.exposed("shop", "user-id", "a", "1");
            client.exposed("shop", "user-id", "b", "1");
            client.exposed("shop", "user-id", "c", "1");

            assertThat(client.dropped()).isEqualTo(1);
            assertThat(client.flush()).isTrue();
            assertThat(client.shipped()).isEqualTo(2);
        }
    }

    @Test
    void sendOutcomes_flushesExposuresFirst() {
        try (ExperimentClient client = client(10, 100)) {
            client.exposed("shop", "user-id", "a", "1");

            ExperimentClient.Reply reply = client.sendOutcomes(
                    "shop-v2",
                    List.of(
                            ExperimentClient.OutcomeItem.conversion("a"),
                            new ExperimentClient.OutcomeItem("a", "revenue", 12.5, "order-7")));

            assertThat(reply.ok()).isTrue();
            assertThat(paths)
                    .extracting(p -> p.split(" ")[0])
                    .containsExactly("/api/v1/ai/experiments/exposures", "/api/v1/ai/experiments/shop-v2/outcomes");
            assertThat(bodies.get(1))
                    .isEqualTo("{\"outcomes\":[{\"unit\":\"a\",\"metric\":\"conversion\",\"value\":1.0},"
                            + "{\"unit\":\"a\",\"metric\":\"revenue\",\"value\":12.5,\"eventId\":\"order-7\"}]}");
        }
    }

    @Test
    void settings_withUpperCaseAttachmentSaysWhy() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ExperimentClient.Settings.of(URI.create("http://127.0.0.1:1"), null, "User-Id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unit attachment 'User-Id' has upper-case letters; Triple lower-cases attachment keys on"
                        + " the wire, use 'user-id'");
    }
}
