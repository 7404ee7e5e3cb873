package io.dubboai.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.server.config.ServerModeInitializer;
import io.dubboai.server.plugin.PluginClassLoaderInitializer;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.IssuedToken;
import io.dubboai.server.security.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The SLO-rule and alert API of {@code dubbo-ai-monitor-control} as the server hosts it, over real HTTP, embedded mode:
 * the alerting component runs on the (single-node) leader, viewers read, operators write, every write is audited with
 * the rule before and after.
 */
@SpringBootTest(
        classes = DubboAiServerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dubbo.ai.server.embedded.zookeeper-port=0", "dubbo.ai.monitoring.alerting.interval=PT0.5S"})
@ContextConfiguration(initializers = {PluginClassLoaderInitializer.class, ServerModeInitializer.class})
class SloRuleApiTest {

    private static final Path DATA_DIR = ServerTestDirs.create("dubbo-ai-slo-rule-test");
    private static final String RULES = "/api/v1/ai/monitoring/slo-rules";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        ServerTestDirs.register(registry, DATA_DIR);
    }

    @LocalServerPort
    int port;

    @Autowired
    CredentialService credentials;

    private final ObjectMapper json = new ObjectMapper();
    private ApiClient api;
    private IssuedToken admin;
    private IssuedToken operator;
    private IssuedToken viewer;

    @BeforeEach
    void tokens() {
        api = new ApiClient(port);
        admin = credentials.createToken("slo-admin", "root", Role.ADMIN, null);
        operator = credentials.createToken("slo-operator", "alice", Role.OPERATOR, null);
        viewer = credentials.createToken("slo-viewer", "victor", Role.VIEWER, null);
    }

    @Test
    void operatorsWriteRulesViewersReadThemAndAlertsAndEveryWriteIsAudited() throws Exception {
        String rule = "{\"id\":\"fraud-v2-errors\",\"model\":\"fraud\",\"version\":\"2\",\"metric\":\"error_rate\","
                + "\"target\":0.999}";

        ApiClient.Reply refused = api.post(RULES, viewer.secret(), rule);
        ApiClient.Reply created = api.post(RULES, operator.secret(), rule);
        ApiClient.Reply invalid = api.post(
                RULES,
                operator.secret(),
                rule.replace("fraud-v2-errors", "other").replace("error_rate", "p99"));
        ApiClient.Reply replaced =
                api.put(RULES + "/fraud-v2-errors", operator.secret(), rule.replace("0.999", "0.99"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(json.readTree(invalid.body()).get("detail").asText())
                .isEqualTo("unknown SLO metric 'p99'; known: error_rate, latency, throughput");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(json.readTree(api.get(RULES, viewer.secret()).body()).findValuesAsText("id"))
                .containsExactly("fraud-v2-errors");

        // the leader's alerting component evaluates the rule: no traffic, so it holds
        JsonNode alert = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> json.readTree(api.get("/api/v1/ai/monitoring/alerts/fraud-v2-errors", viewer.secret())
                                .body()),
                        body -> body.hasNonNull("evaluatedAt"));
        assertThat(alert.get("status").asText()).isEqualTo("inactive");
        assertThat(alert.get("objective").asText()).isEqualTo("error rate at most 1%");
        String status = api.get("/api/v1/ai/status", viewer.secret()).body();
        assertThat(status).contains("\"model-alerting\"");

        JsonNode page =
                json.readTree(api.get("/api/v1/audit?size=200", admin.secret()).body());
        List<JsonNode> entries = new ArrayList<>();
        page.get("entries").forEach(entries::add);
        JsonNode put = entries.stream()
                .filter(e -> e.get("action").asText().equals("PUT " + RULES + "/fraud-v2-errors"))
                .findFirst()
                .orElseThrow();
        assertThat(put.get("actor").asText()).isEqualTo("alice");
        assertThat(put.get("target").asText()).isEqualTo("slo-rule:fraud-v2-errors");
        assertThat(put.get("before").asText()).contains("\"target\":0.999");
        assertThat(put.get("after").asText()).contains("\"target\":0.99,");
        assertThat(entries.stream().filter(e -> e.get("action").asText().equals("POST " + RULES)))
                .anySatisfy(e -> assertThat(e.get("target").asText()).isEqualTo("slo-rule:fraud-v2-errors"));
    }
}
