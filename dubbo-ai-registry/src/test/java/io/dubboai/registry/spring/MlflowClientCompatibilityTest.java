package io.dubboai.registry.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.ModelVersionsPage;

/** The official MLflow Java client (2.17.2) against our MLflow-compatible endpoints. */
class MlflowClientCompatibilityTest extends RegistryApplicationTestBase {

    private MlflowClient client;

    @BeforeEach
    void connect() {
        client = new MlflowClient("http://127.0.0.1:" + port);
    }

    @Test
    void mlflowClientShouldCreateVersionAliasSearchAndDeleteAModel() throws Exception {
        client.sendPost(
                "registered-models/create",
                "{\"name\":\"mlf-churn\",\"description\":\"from mlflow\",\"tags\":[{\"key\":\"team\",\"value\":\"ds\"}]}");
        client.sendPost(
                "model-versions/create",
                "{\"name\":\"mlf-churn\",\"source\":\"s3://models/mlf-churn/1\",\"run_id\":\"run-1\"}");
        client.sendPost(
                "model-versions/create",
                "{\"name\":\"mlf-churn\",\"source\":\"s3://models/mlf-churn/2\",\"run_id\":\"run-2\"}");

        RegisteredModel model = client.getRegisteredModel("mlf-churn");
        assertThat(model.getName()).isEqualTo("mlf-churn");
        assertThat(model.getDescription()).isEqualTo("from mlflow");
        assertThat(model.getTagsList()).anySatisfy(tag -> {
            assertThat(tag.getKey()).isEqualTo("team");
            assertThat(tag.getValue()).isEqualTo("ds");
        });

        ModelVersion second = client.getModelVersion("mlf-churn", "2");
        assertThat(second.getVersion()).isEqualTo("2");
        assertThat(second.getSource()).isEqualTo("s3://models/mlf-churn/2");
        assertThat(second.getRunId()).isEqualTo("run-2");
        assertThat(second.getCurrentStage()).isEqualTo("None");
        assertThat(client.getModelVersionDownloadUri("mlf-churn", "1")).isEqualTo("s3://models/mlf-churn/1");

        client.sendPost("registered-models/alias", "{\"name\":\"mlf-churn\",\"alias\":\"champion\",\"version\":\"2\"}");
        JsonNode resolved = json.readTree(client.sendGet("registered-models/alias?name=mlf-churn&alias=champion"));
        assertThat(resolved.at("/model_version/version").asText()).isEqualTo("2");
        assertThat(client.getRegisteredModel("mlf-churn").getAliasesList()).anySatisfy(alias -> {
            assertThat(alias.getAlias()).isEqualTo("champion");
            assertThat(alias.getVersion()).isEqualTo("2");
        });
        assertThat(client.getModelVersion("mlf-churn", "2").getAliasesList()).containsExactly("champion");
        assertThat(ruleText("mlf-churn")).contains("champion");

        ModelVersionsPage firstPage = client.searchModelVersions("name='mlf-churn'", 1, List.of(), null);
        assertThat(firstPage.getItems()).hasSize(1);
        assertThat(firstPage.hasNextPage()).isTrue();
        assertThat(firstPage.getNextPage().getItems())
                .extracting(ModelVersion::getVersion)
                .containsExactly("2");
        assertThat(client.searchModelVersions("run_id='run-1'").getItems())
                .extracting(ModelVersion::getVersion)
                .containsExactly("1");
        assertThat(client.getLatestVersions("mlf-churn"))
                .extracting(ModelVersion::getVersion)
                .containsExactly("2");

        client.sendPost(
                "model-versions/transition-stage",
                "{\"name\":\"mlf-churn\",\"version\":\"1\",\"stage\":\"Production\"}");
        assertThat(client.getLatestVersions("mlf-churn", List.of("Production")))
                .extracting(ModelVersion::getVersion)
                .containsExactly("1");

        JsonNode search = json.readTree(client.sendGet("registered-models/search?filter=name%20LIKE%20%27mlf-%25%27"));
        assertThat(search.get("registered_models"))
                .extracting(m -> m.get("name").asText())
                .contains("mlf-churn");

        Reply deleted = call("DELETE", "/api/2.0/mlflow/registered-models/delete", "{\"name\":\"mlf-churn\"}");
        assertThat(deleted.status()).isEqualTo(200);
        assertThatThrownBy(() -> client.getRegisteredModel("mlf-churn"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST", "mlf-churn");
                });
    }

    @Test
    void mlflowErrorsShouldUseMlflowCodes() {
        client.sendPost("registered-models/create", "{\"name\":\"mlf-dup\"}");
        assertThatThrownBy(() -> client.sendPost("registered-models/create", "{\"name\":\"mlf-dup\"}"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS");
                });
        assertThatThrownBy(() -> client.sendPost("registered-models/create", "{\"name\":\"no spaces\"}"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE", "model name 'no spaces'");
                });
        assertThatThrownBy(() -> client.getModelVersion("mlf-dup", "7"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST", "no version 7");
                });
        assertThatThrownBy(() -> client.sendPost(
                        "model-versions/create", "{\"name\":\"mlf-dup\",\"source\":\"runs:/abc/model\"}"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE", "allowed schemes");
                });
        assertThatThrownBy(() -> client.sendGet("model-versions/search?filter=stage%3D%27x%27"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage())
                        .contains("INVALID_PARAMETER_VALUE", "is not supported"));
        Reply malformed = call("POST", "/api/2.0/mlflow/registered-models/create", "{\"name\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    }

    @Test
    void searchWithLikeShouldTreatEscapedWildcardsAsLettersAndSurvivePathologicalPatterns() throws Exception {
        for (String name : List.of("mlf-like_a1", "mlf-likexa1", "mlf-LIKE_b", "mlf-" + "l".repeat(60))) {
            client.sendPost("registered-models/create", "{\"name\":\"" + name + "\"}");
        }

        assertThat(searchNames("name LIKE 'mlf-like\\_a%'")).containsExactly("mlf-like_a1");
        assertThat(searchNames("name LIKE 'mlf-like_a%'")).containsExactly("mlf-like_a1", "mlf-likexa1");
        assertThat(searchNames("name ILIKE 'MLF-LIKE\\_%'")).containsExactly("mlf-LIKE_b", "mlf-like_a1");
        // the regex this pattern used to become tried every placement of 30 'l's among 60 (about 1e17); now it is
        // answered, and correctly
        assertThat(searchNames("name LIKE '" + "%l".repeat(30) + "%z%'")).isEmpty();
        assertThat(searchNames("name LIKE '" + "%l".repeat(30) + "%'")).contains("mlf-" + "l".repeat(60));
        assertThatThrownBy(() -> searchNames("name LIKE 'mlf-\\'"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage())
                        .contains("INVALID_PARAMETER_VALUE", "ends with the escape character"));
    }

    private List<String> searchNames(String filter) throws Exception {
        String query = java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        JsonNode found = json.readTree(client.sendGet("registered-models/search?max_results=1000&filter=" + query));
        List<String> names = new java.util.ArrayList<>();
        found.path("registered_models").forEach(m -> names.add(m.get("name").asText()));
        return names;
    }
}
