package io.dubboai.monitor.control.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.monitor.control.PrometheusServer;
import io.dubboai.monitor.control.alert.AlertAction;
import io.dubboai.monitor.control.alert.AlertNotification;
import io.dubboai.monitor.control.alert.ModelAlertingComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SLO-rule and alert REST API on a real Spring Boot web server, its documents in a real (embedded) ZooKeeper
 * config center, the analysis pointed at a Prometheus that is down: rules are validated with precise 400s, the
 * alerting component keeps running and each alert says why it cannot be evaluated.
 */
class AlertingRestTest {

    @TempDir
    static Path dir;

    private static EmbeddedZooKeeper zooKeeper;
    private static FrameworkModel framework;
    private static ConfigurableApplicationContext context;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        @Bean
        DynamicConfiguration configCenter() {
            return ConfigCenters.open("zookeeper://127.0.0.1:" + zooKeeper.port(), framework.newApplication());
        }

        @Bean
        AlertAction rollback() {
            return new AlertAction() {
                @Override
                public String name() {
                    return "rollback";
                }

                @Override
                public void onFiring(AlertNotification alert) {}
            };
        }
    }

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start(dir, 0);
        framework = new FrameworkModel();
        context = new SpringApplicationBuilder(App.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "dubbo.ai.monitoring.registry-address=",
                        "dubbo.ai.monitoring.prometheus.url=http://127.0.0.1:" + PrometheusServer.freePort(),
                        "dubbo.ai.monitoring.prometheus.timeout=PT1S",
                        "dubbo.ai.monitoring.alerting.interval=PT0.2S")
                .run();
        base = "http://127.0.0.1:"
                + ((ServletWebServerApplicationContext) context).getWebServer().getPort() + "/api/v1/ai/monitoring";
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        framework.destroy();
        zooKeeper.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20));
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String detail(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("detail").asText();
    }

    @Test
    void rules_createReadReplaceDelete() throws Exception {
        String rule = "{\"id\":\"crud-errors\",\"model\":\"fraud\",\"version\":\"2\",\"metric\":\"error_rate\","
                + "\"target\":0.999,\"actions\":[\"rollback\"],"
                + "\"windows\":[{\"longWindow\":\"PT1H\",\"shortWindow\":\"PT5M\",\"factor\":14.4,\"severity\":\"page\"}]}";

        HttpResponse<String> created = send("POST", "/slo-rules", rule);
        HttpResponse<String> again = send("POST", "/slo-rules", rule);
        HttpResponse<String> read = send("GET", "/slo-rules/crud-errors", null);
        HttpResponse<String> replaced = send(
                "PUT",
                "/slo-rules/crud-errors",
                "{\"model\":\"fraud\",\"version\":\"2\",\"metric\":\"latency\",\"quantile\":0.99,"
                        + "\"thresholdSeconds\":0.5}");
        HttpResponse<String> deleted = send("DELETE", "/slo-rules/crud-errors", null);
        HttpResponse<String> gone = send("GET", "/slo-rules/crud-errors", null);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/ai/monitoring/slo-rules/crud-errors");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(detail(again)).contains("an SLO rule 'crud-errors' exists");
        JsonNode stored = JSON.readTree(read.body());
        assertThat(stored.path("metric").asText()).isEqualTo("error_rate");
        assertThat(stored.path("windows").get(0).path("longWindow").asText()).isEqualTo("PT1H");
        assertThat(stored.path("actions").get(0).asText()).isEqualTo("rollback");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replaced.body()).path("thresholdSeconds").asDouble())
                .isEqualTo(0.5);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(detail(gone)).isEqualTo("no SLO rule 'crud-errors'");
    }

    @Test
    void rules_badInput_answers400SayingWhatIsWrong() throws Exception {
        HttpResponse<String> unknownMetric =
                send("POST", "/slo-rules", "{\"id\":\"x\",\"model\":\"fraud\",\"version\":\"2\",\"metric\":\"p99\"}");
        HttpResponse<String> badQuantile = send(
                "POST",
                "/slo-rules",
                "{\"id\":\"x\",\"model\":\"fraud\",\"version\":\"2\",\"metric\":\"latency\",\"quantile\":99,"
                        + "\"thresholdSeconds\":0.25}");
        HttpResponse<String> badWindow = send(
                "POST",
                "/slo-rules",
                "{\"id\":\"x\",\"model\":\"fraud\",\"version\":\"2\",\"metric\":\"error_rate\",\"target\":0.99,"
                        + "\"windows\":[{\"longWindow\":\"PT5M\",\"shortWindow\":\"PT1H\",\"factor\":14.4,"
                        + "\"severity\":\"page\"}]}");
        HttpResponse<String> unparsableWindow = send(
                "POST",
                "/slo-rules",
                "{\"id\":\"x\",\"model\":\"fraud\",\"version\":\"2\",\"metric\":\"error_rate\",\"target\":0.99,"
                        + "\"windows\":[{\"longWindow\":\"1h\",\"shortWindow\":\"PT5M\",\"factor\":14.4,"
                        + "\"severity\":\"page\"}]}");
        HttpResponse<String> unknownAction = send(
                "POST",
                "/slo-rules",
                "{\"id\":\"x\",\"model\":\"fraud\",\"version\":\"2\",\"metric\":\"error_rate\",\"target\":0.99,"
                        + "\"actions\":[\"reboot\"]}");
        HttpResponse<String> notJson = send("POST", "/slo-rules", "{\"id\":");

        assertThat(unknownMetric.statusCode()).isEqualTo(400);
        assertThat(detail(unknownMetric)).isEqualTo("unknown SLO metric 'p99'; known: error_rate, latency, throughput");
        assertThat(badQuantile.statusCode()).isEqualTo(400);
        assertThat(detail(badQuantile))
                .contains("quantile must be between 0 and 1 (exclusive), e.g. 0.99, but was 99.0");
        assertThat(badWindow.statusCode()).isEqualTo(400);
        assertThat(detail(badWindow))
                .isEqualTo("windows[0]: burn-rate longWindow must be longer than shortWindow (PT1H), but was PT5M");
        assertThat(unparsableWindow.statusCode()).isEqualTo(400);
        assertThat(detail(unparsableWindow))
                .isEqualTo("windows[0]: windows[0].longWindow '1h' is not an ISO-8601 duration, e.g. PT5M");
        assertThat(unknownAction.statusCode()).isEqualTo(400);
        assertThat(detail(unknownAction))
                .isEqualTo("unknown alert action(s) [reboot]; installed on this server: [rollback]");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(detail(notJson)).startsWith("The request body is not a valid SLO rule");
        assertThat(JSON.readTree(send("GET", "/slo-rules", null).body()).findValuesAsText("id"))
                .doesNotContain("x");
    }

    @Test
    void drift_referenceUploadAndClearErrors() throws Exception {
        String base = "/models/fraud/versions/7";
        HttpResponse<String> noReference = send("GET", base + "/drift", null);
        HttpResponse<String> badCsv = sendCsv(base + "/reference", "x,y\n1,oops\n");
        HttpResponse<String> uploaded = sendCsv(base + "/reference?categorical=y", "x,y\n1,a\n2,b\n3,a\n");
        HttpResponse<String> read = send("GET", base + "/reference", null);
        HttpResponse<String> noProvider = send("GET", base + "/drift", null);
        HttpResponse<String> deleted = send("DELETE", base + "/reference", null);

        assertThat(noReference.statusCode()).isEqualTo(404);
        assertThat(detail(noReference))
                .startsWith("no reference profile for model 'fraud' version '7'; upload a CSV sample");
        assertThat(badCsv.statusCode()).isEqualTo(400);
        assertThat(detail(badCsv)).contains("oops").contains("line 2");
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).path("features").path("y").asLong())
                .isEqualTo(3);
        assertThat(JSON.readTree(read.body()).path("source").asText()).isEqualTo("upload");
        assertThat(noProvider.statusCode()).isEqualTo(503);
        assertThat(detail(noProvider)).contains("no provider of model 'fraud' version '7' is known");
        assertThat(deleted.statusCode()).isEqualTo(204);
    }

    private static HttpResponse<String> sendCsv(String path, String csv) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "text/csv")
                        .timeout(Duration.ofSeconds(20))
                        .PUT(HttpRequest.BodyPublishers.ofString(csv))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void alerts_prometheusDown_degradedStatusSaysWhyAndComponentKeepsRunning() throws Exception {
        send(
                "POST",
                "/slo-rules",
                "{\"id\":\"down-errors\",\"model\":\"fraud\",\"version\":\"2\",\"metric\":\"error_rate\","
                        + "\"target\":0.999}");
        ModelAlertingComponent alerting = context.getBean(ModelAlertingComponent.class);

        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(
                        send("GET", "/alerts/down-errors", null).body())
                .hasNonNull("evaluatedAt"));
        long rounds = alerting.rounds();
        await().atMost(Duration.ofSeconds(30)).until(() -> alerting.rounds() >= rounds + 2);
        JsonNode alert = JSON.readTree(send("GET", "/alerts/down-errors", null).body());
        JsonNode all = JSON.readTree(send("GET", "/alerts", null).body());

        assertThat(alert.path("status").asText()).isEqualTo("inactive");
        assertThat(alert.path("objective").asText()).isEqualTo("error rate at most 0.1%");
        assertThat(alert.path("error").asText())
                .contains("pair 1h/5m on prometheus")
                .contains("cannot be reached");
        assertThat(all.findValuesAsText("rule")).contains("down-errors");
        send("DELETE", "/slo-rules/down-errors", null);
    }
}
