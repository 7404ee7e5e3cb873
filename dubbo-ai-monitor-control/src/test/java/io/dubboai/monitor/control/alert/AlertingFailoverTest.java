package io.dubboai.monitor.control.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.component.BackoffConfig;
import io.dubboai.controlplane.component.ComponentManager;
import io.dubboai.controlplane.election.ElectionSettings;
import io.dubboai.controlplane.election.ElectionType;
import io.dubboai.controlplane.election.LeaderElections;
import io.dubboai.controlplane.election.ZooKeeperElectionSettings;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two control-plane nodes, each a {@link ComponentManager} with the real ZooKeeper election and its own document
 * store on one embedded ZooKeeper, run {@link ModelAlertingComponent}; the leader fails over between an alert's firing
 * and its resolution. The webhook (a real HTTP server) and the action must see the firing once and the resolution
 * once. Time passes by evaluation rounds, awaited through {@link ModelAlertingComponent#rounds()}, never by sleeping.
 */
class AlertingFailoverTest {

    @TempDir
    static Path dataDir;

    private static EmbeddedZooKeeper zooKeeper;

    private final String group = "alerting-" + UUID.randomUUID().toString().substring(0, 8);
    private final SettableSli sli = new SettableSli();
    private final List<String> actionCalls = new CopyOnWriteArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private WebhookReceiver webhook;

    private static final SloRule RULE = new SloRule(
            "fraud-v2-errors",
            "fraud",
            "2",
            SloMetric.ERROR_RATE,
            0.99,
            null,
            null,
            null,
            List.of("shift-traffic-away"),
            "version 2 of the fraud model fails too often",
            List.of());

    record Node(String id, DocumentStore store, ModelAlertingComponent alerting, ComponentManager manager) {}

    @BeforeAll
    static void startZooKeeper() {
        zooKeeper = EmbeddedZooKeeper.start(dataDir, 0);
    }

    @AfterAll
    static void stopZooKeeper() {
        zooKeeper.close();
    }

    @BeforeEach
    void startWebhook() throws Exception {
        webhook = WebhookReceiver.start();
    }

    @AfterEach
    void closeNodes() {
        for (Node node : nodes) {
            node.manager().close();
            node.store().close();
        }
        webhook.close();
    }

    private Node startNode(String id) throws Exception {
        String address = "zookeeper://127.0.0.1:" + zooKeeper.port();
        DocumentStore store = ConfigCenterDocumentStore.open(address, group);
        AlertingSettings settings = AlertingSettings.defaults()
                .withSchedule(
                        Duration.ofMillis(100),
                        List.of(new BurnRateWindow(Duration.ofSeconds(60), Duration.ofSeconds(5), 14.4, "page")))
                .withTargets(webhook.url(), null);
        AlertAction shift = new AlertAction() {
            @Override
            public String name() {
                return "shift-traffic-away";
            }

            @Override
            public void onFiring(AlertNotification alert) {
                actionCalls.add(id + ":" + alert.id());
            }
        };
        ModelAlertingComponent alerting = new ModelAlertingComponent(
                settings, store, () -> sli, settings.notifiers(), List.of(shift), Clock.systemUTC());
        ComponentManager manager = ComponentManager.create(
                List.of(alerting),
                LeaderElections.create(new ElectionSettings(
                        ElectionType.ZOOKEEPER,
                        id,
                        new ZooKeeperElectionSettings(
                                address, "/dubbo-ai-test/" + group, Duration.ofSeconds(2), Duration.ofSeconds(1)),
                        null)),
                BackoffConfig.DEFAULTS);
        Node node = new Node(id, store, alerting, manager);
        nodes.add(node);
        manager.start().get(10, TimeUnit.SECONDS);
        return node;
    }

    private Node awaitLeader() {
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        nodes.stream().filter(node -> node.manager().isLeader()).count() == 1);
        return nodes.stream()
                .filter(node -> node.manager().isLeader())
                .findFirst()
                .orElseThrow();
    }

    /** Waits until {@code node} has completed {@code more} further rounds. */
    private static void awaitRounds(Node node, int more) {
        long target = node.alerting().rounds() + more;
        await().atMost(Duration.ofSeconds(30)).until(() -> node.alerting().rounds() >= target);
    }

    private List<String> received() {
        return webhook.received().stream()
                .map(body -> body.get("id") + " " + body.get("status"))
                .toList();
    }

    @Test
    void failoverBetweenFiringAndResolvingNeitherRepeatsNorLosesANotification() throws Exception {
        startNode("node-a");
        startNode("node-b");
        Node first = awaitLeader();
        Node second = nodes.stream().filter(node -> node != first).findFirst().orElseThrow();
        first.alerting().rules().create(RULE);

        sli.set(0.5); // 50 % errors against a 1 % budget: burn rate 50 on both windows
        await().atMost(Duration.ofSeconds(30)).until(() -> webhook.received().size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.alerting()
                .rules()
                .alert(RULE.id())
                .orElseThrow()
                .outbox()
                .isEmpty());
        AlertState fired = first.alerting().rules().alert(RULE.id()).orElseThrow();
        assertThat(fired.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(fired.incident()).isEqualTo(1);
        assertThat(fired.values()).containsEntry("burn_1m", 50.0).containsEntry("burn_5s", 50.0);

        first.manager().close(); // the leader goes away while the alert fires
        await().atMost(Duration.ofSeconds(30)).until(() -> second.manager().isLeader());
        awaitRounds(second, 10); // the new leader evaluates the still-firing rule again and again

        assertThat(received()).containsExactly("fraud-v2-errors/1/firing firing");
        assertThat(actionCalls).containsExactly("node-a:fraud-v2-errors/1/firing");

        sli.set(0.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> webhook.received().size() >= 2);
        awaitRounds(second, 10);

        assertThat(received())
                .containsExactly("fraud-v2-errors/1/firing firing", "fraud-v2-errors/1/resolved resolved");
        assertThat(actionCalls).hasSize(1);
        Map<String, Object> resolved = webhook.received().get(1);
        assertThat(resolved)
                .containsEntry("rule", "fraud-v2-errors")
                .containsEntry("model", "fraud")
                .containsEntry("version", "2")
                .containsEntry("incident", 1)
                .containsEntry("severity", "page")
                .containsEntry("startedAt", webhook.received().get(0).get("at"));
        AlertState state = second.alerting().rules().alert(RULE.id()).orElseThrow();
        assertThat(state.status()).isEqualTo(AlertStatus.INACTIVE);
        assertThat(state.outbox()).isEmpty();
        assertThat(state.history())
                .extracting(AlertNotification::id)
                .containsExactly("fraud-v2-errors/1/firing", "fraud-v2-errors/1/resolved");
    }

    @Test
    void notificationTheOldLeaderCouldNotDeliverIsDeliveredOnceByTheNewLeader() throws Exception {
        startNode("node-a");
        startNode("node-b");
        Node first = awaitLeader();
        Node second = nodes.stream().filter(node -> node != first).findFirst().orElseThrow();
        first.alerting().rules().create(RULE);
        webhook.answer(503);

        sli.set(0.5);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.alerting()
                .rules()
                .alert(RULE.id())
                .map(state ->
                        state.outbox().size() == 1 && state.outbox().get(0).attempts() >= 1)
                .orElse(false));
        AlertNotification owed =
                first.alerting().rules().alert(RULE.id()).orElseThrow().outbox().get(0);
        assertThat(owed.lastError()).contains("webhook delivery to").contains("HTTP 503");
        assertThat(owed.done()).containsExactly("action:shift-traffic-away"); // the action ran, the webhook did not

        first.manager().close();
        webhook.answer(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.manager().isLeader());
        await().atMost(Duration.ofSeconds(30)).until(() -> webhook.received().size() == 1);
        awaitRounds(second, 10);

        assertThat(received()).containsExactly("fraud-v2-errors/1/firing firing");
        assertThat(actionCalls).hasSize(1);
        assertThat(webhook.refused()).isPositive();
        assertThat(second.alerting().rules().alert(RULE.id()).orElseThrow().outbox())
                .isEmpty();
    }
}
