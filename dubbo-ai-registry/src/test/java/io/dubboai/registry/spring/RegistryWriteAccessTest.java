package io.dubboai.registry.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The registry dropped into a plain Spring Boot application that configures no security: every write through the
 * REST and MLflow APIs is refused with 403 and a message saying what to configure; reads stay open.
 */
@SpringBootTest(
        classes = KubernetesRegistryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dubbo.ai.registry.store.type=kubernetes",
            "dubbo.ai.registry.store.namespace=write-access",
            "dubbo.ai.registry.route-rules=false"
        })
class RegistryWriteAccessTest {

    @Value("${local.server.port}")
    int port;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void restWritesShouldBeRefusedWithProblemDetailsSayingWhatToConfigure() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/ai/models", "application/json", "{\"name\":\"churn\"}");

        assertThat(created.statusCode()).isEqualTo(403);
        assertThat(created.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(created.body());
        assertThat(problem.get("type").asText()).endsWith("/writes-not-configured");
        assertThat(problem.get("detail").asText())
                .contains("refuses writes", "define a ModelAccessPolicy bean")
                .contains("dubbo.ai.registry.security.allow-anonymous-writes=true");
        assertThat(problem.get("property").asText()).isEqualTo("dubbo.ai.registry.security.allow-anonymous-writes");

        for (String[] write : new String[][] {
            {"PATCH", "/api/v1/ai/models/churn", "application/json", "{\"description\":\"x\"}"},
            {"DELETE", "/api/v1/ai/models/churn", "application/json", null},
            {"PUT", "/api/v1/ai/models/churn/aliases/champion", "application/json", "{\"version\":1}"},
            {"POST", "/api/v1/ai/models/churn/versions", "application/json", "{}"},
            {"PUT", "/api/v1/ai/models/churn/versions/1/artifact", "application/octet-stream", "bytes"}
        }) {
            HttpResponse<String> refused = send(write[0], write[1], write[2], write[3]);
            assertThat(refused.statusCode()).as(write[0] + " " + write[1]).isEqualTo(403);
            assertThat(refused.body()).as(write[0] + " " + write[1]).contains("allow-anonymous-writes");
        }

        // nothing was written, and reads are open
        HttpResponse<String> list = send("GET", "/api/v1/ai/models", "application/json", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json.readTree(list.body()).get("totalSize").asInt()).isZero();
        assertThat(send("GET", "/api/v1/ai/models/churn", "application/json", null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void mlflowWritesShouldBeRefusedWithPermissionDeniedButReadsByPostShouldPass() throws Exception {
        HttpResponse<String> created =
                send("POST", "/api/2.0/mlflow/registered-models/create", "application/json", "{\"name\":\"churn\"}");

        assertThat(created.statusCode()).isEqualTo(403);
        JsonNode error = json.readTree(created.body());
        assertThat(error.get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(error.get("message").asText()).contains("dubbo.ai.registry.security.allow-anonymous-writes");

        // MLflow's read by POST is not a write: it gets as far as the registry (which does not know the model)
        HttpResponse<String> latest = send(
                "POST",
                "/api/2.0/mlflow/registered-models/get-latest-versions",
                "application/json",
                "{\"name\":\"x\"}");
        assertThat(latest.statusCode()).isEqualTo(404);
        assertThat(json.readTree(latest.body()).get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(send("GET", "/api/2.0/mlflow/registered-models/search", "application/json", null)
                        .statusCode())
                .isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        return KubernetesRegistryApplication.send(port, method, path, contentType, body);
    }
}
