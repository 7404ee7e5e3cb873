package io.dubboai.monitor.control.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dubboai.controlplane.component.BackoffConfig;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.monitor.control.AlertmanagerServer;
import io.dubboai.monitor.control.PrometheusServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts delivered to a real Alertmanager through its v2 API, read back with {@code GET /api/v2/alerts}. Rounds are
 * run by hand, so no timing is involved.
 */
class AlertmanagerDeliveryTest {

    @TempDir
    static Path dir;

    private static AlertmanagerServer alertmanager;

    @BeforeAll
    static void startAlertmanager() throws Exception {
        alertmanager = AlertmanagerServer.start(Files.createDirectories(dir.resolve("alertmanager")));
    }

    @AfterAll
    static void stopAlertmanager() {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    private static List<JsonNode> alertsOfRule(String rule) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode alert : alertmanager.alerts()) {
            if (rule.equals(alert.path("labels").path("rule").asText())) {
                found.add(alert);
            }
        }
        return found;
    }

    @Test
    void firingAlertArrivesWithItsLabelsAndResolvingRemovesIt() throws Exception {
        SettableSli sli = new SettableSli();
        AlertingSettings settings = AlertingSettings.defaults()
                .withSchedule(
                        Duration.ofSeconds(1),
                        List.of(new BurnRateWindow(Duration.ofSeconds(60), Duration.ofSeconds(5), 14.4, "page")))
                .withTargets(null, alertmanager.url());
        try (FileDocumentStore store = new FileDocumentStore(Files.createDirectories(dir.resolve("store")))) {
            ModelAlertingComponent alerting = new ModelAlertingComponent(
                    settings, store, () -> sli, settings.notifiers(), List.of(), Clock.systemUTC());
            alerting.rules()
                    .create(new SloRule(
                            "fraud-v2-latency",
                            "fraud",
                            "2",
                            SloMetric.LATENCY,
                            null,
                            0.99,
                            0.25,
                            null,
                            List.of(),
                            "p99 of version 2 over 250 ms",
                            List.of()));

            sli.set(0.3); // 30 % of calls slower than 250 ms against a 1 % budget
            alerting.round();

            List<JsonNode> firing = alertsOfRule("fraud-v2-latency");
            assertThat(firing).hasSize(1);
            JsonNode alert = firing.get(0);
            assertThat(alert.path("labels").path("alertname").asText()).isEqualTo(AlertmanagerNotifier.ALERT_NAME);
            assertThat(alert.path("labels").path("model").asText()).isEqualTo("fraud");
            assertThat(alert.path("labels").path("version").asText()).isEqualTo("2");
            assertThat(alert.path("labels").path("slo").asText()).isEqualTo("latency");
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("page");
            assertThat(alert.path("annotations").path("objective").asText()).isEqualTo("p99 latency under 250ms");
            assertThat(alert.path("annotations").path("description").asText())
                    .isEqualTo("p99 of version 2 over 250 ms");
            assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
            assertThat(alerting.rules().alert("fraud-v2-latency").orElseThrow().outbox())
                    .isEmpty();

            alerting.round(); // still firing: re-sent to Alertmanager, which keeps one alert

            assertThat(alertsOfRule("fraud-v2-latency")).hasSize(1);

            sli.set(0.0);
            alerting.round();

            assertThat(alertsOfRule("fraud-v2-latency")).isEmpty();
            assertThat(alerting.rules().alert("fraud-v2-latency").orElseThrow().history())
                    .extracting(AlertNotification::id)
                    .containsExactly("fraud-v2-latency/1/firing", "fraud-v2-latency/1/resolved");
        }
    }

    @Test
    void alertmanagerDown_failsAfterTheBoundedAttemptsNamingTheAddress() {
        URI closed = URI.create("http://127.0.0.1:" + PrometheusServer.freePort());
        AlertmanagerNotifier notifier = new AlertmanagerNotifier(
                closed,
                Duration.ofSeconds(1),
                3,
                new BackoffConfig(Duration.ofMillis(10), Duration.ofMillis(20), 2.0, 0.0),
                Duration.ofMinutes(5));
        SloRule rule =
                new SloRule("r", "m", "1", SloMetric.ERROR_RATE, 0.99, null, null, null, List.of(), null, List.of());
        AlertNotification notification = new AlertNotification(
                "r/1/firing",
                "r",
                "m",
                "1",
                AlertStatus.FIRING,
                1,
                java.time.Instant.now(),
                java.time.Instant.now(),
                "page",
                "test",
                java.util.Map.of(),
                List.of("alertmanager"),
                java.util.Set.of(),
                0,
                null);

        assertThatThrownBy(() -> notifier.deliver(notification, rule))
                .isInstanceOf(AlertDeliveryException.class)
                .hasMessageStartingWith("alertmanager delivery to " + closed + "/api/v2/alerts failed: ");
    }
}
