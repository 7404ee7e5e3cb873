package io.dubboai.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MonitoringStepTest {

    @Test
    void banner_namesEachVersionsMetricsTheChartsAndTheDriftReport() {
        MonitoringStep step = new MonitoringStep();
        step.providerQosPort(22001);
        step.providerQosPort(22002);

        String banner = step.banner("http://127.0.0.1:8080", "fraud", "tok");

        assertThat(banner)
                .startsWith("Model metrics http://127.0.0.1:22001/metrics  http://127.0.0.1:22002/metrics")
                .contains("\n   Charts        http://127.0.0.1:8080/api/v1/ai/monitoring/models/fraud/series")
                .contains("/api/v1/ai/monitoring/models/fraud/versions/2/reference/capture")
                .contains("/api/v1/ai/monitoring/models/fraud/versions/2/drift");
    }

    @Test
    void versionsHaveMetrics_onlyWhenEachProviderCountsItsOwnVersion() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = ("dubbo_ai_model_requests_total{model=\"fraud\",outcome=\"success\",version=\"1\",} 4.0\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            MonitoringStep one = new MonitoringStep();
            one.providerQosPort(server.getAddress().getPort());
            MonitoringStep both = new MonitoringStep();
            both.providerQosPort(server.getAddress().getPort());
            both.providerQosPort(server.getAddress().getPort()); // answers version 1 where version 2 is expected

            assertThat(one.versionsHaveMetrics()).isFalse(); // two versions are expected
            assertThat(both.versionsHaveMetrics()).isFalse();
        } finally {
            server.stop(0);
        }
    }
}
