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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The route-rule API of {@code dubbo-ai-deployment} as the server hosts it, over real HTTP, embedded mode (its own
 * ZooKeeper as config center): reads in YAML and JSON with an ETag, compare-and-set writes, validation errors at
 * their line and column, aliases left to the registry (and the registry's alias moves landing in the same rule),
 * roles and the audit log.
 */
@SpringBootTest(
        classes = DubboAiServerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dubbo.ai.server.embedded.zookeeper-port=0"})
@ContextConfiguration(initializers = {PluginClassLoaderInitializer.class, ServerModeInitializer.class})
class RouteRuleApiTest {

    private static final Path DATA_DIR = ServerTestDirs.create("dubbo-ai-route-rule-test");
    private static final String YAML = "application/yaml";

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
        admin = credentials.createToken("rule-admin", "root", Role.ADMIN, null);
        operator = credentials.createToken("rule-operator", "alice", Role.OPERATOR, null);
        viewer = credentials.createToken("rule-viewer", "victor", Role.VIEWER, null);
    }

    @Test
    void putWithTheTagShouldChangeTheSplitKeepTheAliasesAndRefuseTheStaleTag() throws Exception {
        String model = "split";
        modelWithChampionAtVersionOne(model);
        ApiClient.Reply first = get(model, "application/json");
        String firstTag = etag(first);
        assertThat(json.readTree(first.body()).at("/aliases/champion").asText()).isEqualTo("1");

        ApiClient.Reply written = put(model, YAML, """
                model: %s
                traffic:
                  - {version: "1", weight: 50}
                  - {version: "2", weight: 50}
                gpu: {accelerator: gpu, gpuTypes: [H100], minGpuMemoryMiB: 40000}
                fallback: {policy: version, version: "1"}
                """.formatted(model), "If-Match", '"' + firstTag + '"');

        assertThat(written.status()).as(written.body()).isEqualTo(200);
        JsonNode rule = json.readTree(written.body());
        assertThat(rule.at("/traffic/0/weight").asInt()).isEqualTo(50);
        assertThat(rule.at("/aliases/champion").asText()).isEqualTo("1");
        assertThat(rule.at("/gpu/gpuTypes/0").asText()).isEqualTo("H100");
        assertThat(rule.at("/fallback/version").asText()).isEqualTo("1");
        String secondTag = etag(written);
        assertThat(secondTag).isNotEqualTo(firstTag);

        ApiClient.Reply yaml = get(model, YAML);
        assertThat(yaml.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(YAML));
        assertThat(yaml.body()).contains("weight: 50", "champion: '1'", "minGpuMemoryMiB: 40000");
        assertThat(etag(yaml)).isEqualTo(secondTag);
        assertThat(api.send("GET", path(model), viewer.secret(), null, null, "If-None-Match", '"' + secondTag + '"')
                        .status())
                .isEqualTo(304);

        ApiClient.Reply stale = put(model, YAML, splitOf(model, 90, 10), "If-Match", '"' + firstTag + '"');
        assertThat(stale.status()).isEqualTo(412);
        assertThat(json.readTree(stale.body()).get("currentEtag").asText()).isEqualTo(secondTag);
        assertThat(json.readTree(stale.body()).get("detail").asText()).contains(firstTag, "read it again");

        ApiClient.Reply unconditional = put(model, YAML, splitOf(model, 90, 10));
        assertThat(unconditional.status()).isEqualTo(428);
        assertThat(json.readTree(unconditional.body()).get("detail").asText())
                .contains("If-Match", "If-None-Match: *", "?force=true");
        assertThat(etag(get(model, YAML))).isEqualTo(secondTag);

        ApiClient.Reply forced =
                api.send("PUT", path(model) + "?force=true", operator.secret(), YAML, splitOf(model, 90, 10));
        assertThat(forced.status()).isEqualTo(200);
        assertThat(json.readTree(forced.body()).at("/traffic/0/weight").asInt()).isEqualTo(90);
        assertThat(json.readTree(forced.body()).at("/aliases/champion").asText())
                .isEqualTo("1");
    }

    @Test
    void putOfBadYamlShouldAnswer400WithEveryProblemAtItsLineAndColumnAndWriteNothing() throws Exception {
        String model = "bad-yaml";
        modelWithChampionAtVersionOne(model);
        String tag = etag(get(model, YAML));

        ApiClient.Reply outOfRange = put(
                model,
                YAML,
                "model: bad-yaml\ntraffic:\n  - version: \"1\"\n    weight: 150\nstickyKey: Not-Lower\n",
                "If-Match",
                '"' + tag + '"');
        ApiClient.Reply broken = put(model, YAML, "model: bad-yaml\ntraffic: [\n  {version: 1\n", "If-Match", tag);

        assertThat(outOfRange.status()).isEqualTo(400);
        JsonNode problems = json.readTree(outOfRange.body()).get("problems");
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).get("path").asText()).isEqualTo("traffic[0].weight");
        assertThat(problems.get(0).get("line").asInt()).isEqualTo(4);
        assertThat(problems.get(0).get("column").asInt()).isEqualTo(13);
        assertThat(problems.get(0).get("message").asText()).contains("150");
        assertThat(problems.get(1).get("path").asText()).isEqualTo("stickyKey");
        assertThat(problems.get(1).get("line").asInt()).isEqualTo(5);
        assertThat(problems.get(1).get("hint").asText()).contains("lower-case");
        assertThat(broken.status()).isEqualTo(400);
        JsonNode syntax = json.readTree(broken.body()).get("problems").get(0);
        assertThat(syntax.get("message").asText()).startsWith("invalid YAML");
        assertThat(syntax.get("line").asInt()).isPositive();
        assertThat(syntax.get("column").asInt()).isPositive();
        assertThat(outOfRange.body() + broken.body()).doesNotContain("Exception", "at io.dubboai");
        assertThat(etag(get(model, YAML))).isEqualTo(tag);
    }

    @Test
    void putThatChangesAnAliasShouldBeRefusedWith409NamingTheRegistryEndpoint() throws Exception {
        String model = "alias-change";
        modelWithChampionAtVersionOne(model);
        String tag = etag(get(model, YAML));

        ApiClient.Reply refused = put(
                model,
                YAML,
                "model: alias-change\ntraffic:\n  - {version: \"1\", weight: 50}\n  - {version: \"2\", weight: 50}\n"
                        + "aliases: {champion: \"2\"}\n",
                "If-Match",
                '"' + tag + '"');
        ApiClient.Reply dropsTheAliasTarget =
                put(model, YAML, "model: alias-change\ntraffic:\n  - {version: \"2\", weight: 100}\n", "If-Match", tag);

        assertThat(refused.status()).isEqualTo(409);
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("aliasEndpoint").asText()).isEqualTo("/api/v1/ai/models/alias-change/aliases/{alias}");
        assertThat(problem.at("/storedAliases/champion").asText()).isEqualTo("1");
        assertThat(problem.get("detail").asText()).contains("belong to the model registry");
        assertThat(dropsTheAliasTarget.status()).isEqualTo(400);
        assertThat(json.readTree(dropsTheAliasTarget.body())
                        .at("/problems/0/message")
                        .asText())
                .contains("aliases", "registry's", "/api/v1/ai/models/alias-change/aliases/champion");
        assertThat(etag(get(model, YAML))).isEqualTo(tag);
    }

    @Test
    void aliasMovesThroughTheRegistryShouldLandInTheRuleTheApiWrote() throws Exception {
        String model = "alias-move";
        modelWithChampionAtVersionOne(model);
        String tag = etag(get(model, YAML));
        assertThat(put(model, YAML, splitOf(model, 70, 30), "If-Match", tag).status())
                .isEqualTo(200);

        assertThat(api.put(
                                path(model).replace("/route-rule", "/aliases/champion?force=true"),
                                operator.secret(),
                                "{\"version\":2}")
                        .status())
                .isEqualTo(200);
        assertThat(api.put(
                                path(model).replace("/route-rule", "/aliases/challenger?force=true"),
                                operator.secret(),
                                "{\"version\":1}")
                        .status())
                .isEqualTo(200);

        JsonNode rule = json.readTree(get(model, "application/json").body());
        assertThat(rule.at("/aliases/champion").asText()).isEqualTo("2");
        assertThat(rule.at("/aliases/challenger").asText()).isEqualTo("1");
        assertThat(rule.at("/traffic/0/weight").asInt()).isEqualTo(70);
        assertThat(rule.at("/traffic/1/weight").asInt()).isEqualTo(30);
    }

    @Test
    void putOfJsonWithIfNoneMatchShouldCreateOnceAndThe404ShouldSayHow() throws Exception {
        String model = "created-by-api";
        ApiClient.Reply missing = get(model, "application/json");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("detail").asText()).contains("If-None-Match: *");
        // tab-indented JSON: JSON allows tabs between tokens
        String body = "{\n\t\"model\": \"created-by-api\",\n\t\"traffic\": [{\"version\": \"1\", \"weight\": 100}]\n}";

        ApiClient.Reply created = put(model, "application/json", body, "If-None-Match", "*");
        ApiClient.Reply again = put(model, "application/json", body, "If-None-Match", "*");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(json.readTree(created.body()).at("/traffic/0/weight").asInt())
                .isEqualTo(100);
        assertThat(again.status()).isEqualTo(412);
        assertThat(json.readTree(again.body()).get("detail").asText()).contains("exists already");
    }

    @Test
    void putWithAShadowStepShouldStoreItAndAPutWithoutOneShouldClearIt() throws Exception {
        String model = "shadowed";
        String withShadow = "model: shadowed\ntraffic:\n  - {version: \"1\", weight: 100}\n"
                + "  - {version: \"2\", weight: 0}\nshadow: {version: \"2\", percent: 20}\n";

        ApiClient.Reply created = put(model, YAML, withShadow, "If-None-Match", "*");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode stored = json.readTree(get(model, "application/json").body());
        assertThat(stored.at("/shadow/version").asText()).isEqualTo("2");
        assertThat(stored.at("/shadow/percent").asDouble()).isEqualTo(20.0);

        ApiClient.Reply cleared = put(model, YAML, splitOf(model, 100, 0), "If-Match", "*");

        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(json.readTree(get(model, "application/json").body()).has("shadow"))
                .isFalse();
    }

    @Test
    void viewerShouldReadButNotWriteAndWritesShouldBeAudited() throws Exception {
        String model = "audited";
        modelWithChampionAtVersionOne(model);
        String tag = etag(get(model, YAML));

        assertThat(api.send("GET", path(model), viewer.secret(), null, null).status())
                .isEqualTo(200);
        assertThat(api.send("GET", path(model), null, null, null).status()).isEqualTo(401);
        ApiClient.Reply refused =
                api.send("PUT", path(model) + "?force=true", viewer.secret(), YAML, splitOf(model, 60, 40));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(put(model, YAML, splitOf(model, 60, 40), "If-Match", tag).status())
                .isEqualTo(200);

        JsonNode page =
                json.readTree(api.get("/api/v1/audit?size=200", admin.secret()).body());
        List<JsonNode> entries = new ArrayList<>();
        page.get("entries").forEach(entries::add);
        List<JsonNode> ruleWrites = entries.stream()
                .filter(e -> e.get("action").asText().equals("PUT " + path(model)))
                .toList();
        assertThat(ruleWrites).singleElement().satisfies(entry -> {
            assertThat(entry.get("actor").asText()).isEqualTo("alice");
            assertThat(entry.get("target").asText()).isEqualTo("route-rule:" + model);
            assertThat(entry.get("status").asInt()).isEqualTo(200);
            assertThat(entry.get("before").asText())
                    .contains("\"champion\":\"1\"")
                    .doesNotContain("\"weight\":60");
            assertThat(entry.get("after").asText()).contains("\"weight\":60", "\"champion\":\"1\"");
        });
    }

    // ---- helpers ----

    private void modelWithChampionAtVersionOne(String model) {
        assertThat(api.post("/api/v1/ai/models", operator.secret(), "{\"name\":\"" + model + "\"}")
                        .status())
                .isEqualTo(201);
        for (int i = 0; i < 2; i++) {
            ApiClient.Reply version =
                    api.post("/api/v1/ai/models/" + model + "/versions", operator.secret(), "{\"format\":\"onnx\"}");
            assertThat(version.status()).as(version.body()).isEqualTo(201);
        }
        ApiClient.Reply alias = api.put(
                // no provider serves the model in this test
                "/api/v1/ai/models/" + model + "/aliases/champion?force=true", operator.secret(), "{\"version\":1}");
        assertThat(alias.status()).as(alias.body()).isEqualTo(200);
    }

    private static String splitOf(String model, int one, int two) {
        return "model: %s\ntraffic:\n  - {version: \"1\", weight: %d}\n  - {version: \"2\", weight: %d}\n"
                .formatted(model, one, two);
    }

    private ApiClient.Reply get(String model, String accept) {
        return api.send("GET", path(model), viewer.secret(), null, null, "Accept", accept);
    }

    private ApiClient.Reply put(String model, String contentType, String body, String... headers) {
        return api.send("PUT", path(model), operator.secret(), contentType, body, headers);
    }

    private static String path(String model) {
        return "/api/v1/ai/models/" + model + "/route-rule";
    }

    private static String etag(ApiClient.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
        String tag = reply.raw().headers().firstValue("ETag").orElseThrow();
        assertThat(tag).startsWith("\"").endsWith("\"");
        return tag.substring(1, tag.length() - 1);
    }
}
