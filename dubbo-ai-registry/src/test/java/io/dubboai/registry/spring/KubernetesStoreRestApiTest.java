package io.dubboai.registry.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.controlplane.store.kubernetes.KubernetesDocumentStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The REST API with the metadata store on Kubernetes custom resources (fabric8 mock server, CRUD mode). */
@SpringBootTest(
        classes = KubernetesRegistryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dubbo.ai.registry.store.type=kubernetes",
            "dubbo.ai.registry.store.namespace=ai",
            "dubbo.ai.registry.store.refresh-interval=200ms",
            "dubbo.ai.registry.route-rules=false",
            RegistryWriteGuard.ALLOW_ANONYMOUS_WRITES + "=true"
        })
class KubernetesStoreRestApiTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    KubernetesClient kubernetes;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void crudAliasesTagsSearchAndPagingShouldWorkOnCustomResources() throws Exception {
        assertThat(send("POST", "/api/v1/ai/models", "{\"name\":\"Vision_Model\",\"tags\":{\"team\":\"cv\"}}")
                        .get("name")
                        .asText())
                .isEqualTo("Vision_Model");
        assertThat(send("POST", "/api/v1/ai/models/Vision_Model/versions", "{\"format\":\"onnx\"}")
                        .get("version")
                        .asLong())
                .isEqualTo(1);
        send("POST", "/api/v1/ai/models/Vision_Model/versions", "{}");
        send("PUT", "/api/v1/ai/models/Vision_Model/aliases/champion", "{\"version\":2}");
        send("PUT", "/api/v1/ai/models/Vision_Model/versions/1/tags/quality", "{\"value\":\"gold\"}");
        assertThat(send("GET", "/api/v1/ai/models/Vision_Model/aliases/champion", null)
                        .get("version")
                        .asLong())
                .isEqualTo(2);
        assertThat(send("GET", "/api/v1/ai/models/Vision_Model/versions/1", null)
                        .at("/tags/quality")
                        .asText())
                .isEqualTo("gold");

        // the documents are custom resources, readable with kubectl
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                .withGroup(KubernetesDocumentStore.GROUP)
                .withVersion(KubernetesDocumentStore.VERSION)
                .withKind(KubernetesDocumentStore.KIND)
                .withPlural(KubernetesDocumentStore.PLURAL)
                .withNamespaced(true)
                .build();
        assertThat(kubernetes
                        .genericKubernetesResources(context)
                        .inNamespace("ai")
                        .list()
                        .getItems())
                .extracting(r -> r.getMetadata().getName())
                .anyMatch(name -> name.startsWith("vision-model.model-"))
                .anyMatch(name -> name.startsWith("vision-model.2.model-version-"));

        for (int i = 0; i < 7; i++) {
            send("POST", "/api/v1/ai/models", "{\"name\":\"k8s-" + i + "\"}");
        }
        List<String> names = new ArrayList<>();
        JsonNode page = send("GET", "/api/v1/ai/models?namePrefix=k8s-&pageSize=3", null);
        page.get("items").forEach(item -> names.add(item.get("name").asText()));
        while (page.hasNonNull("nextPageToken")) {
            page = send(
                    "GET",
                    "/api/v1/ai/models?namePrefix=k8s-&pageSize=3&pageToken="
                            + page.get("nextPageToken").asText(),
                    null);
            page.get("items").forEach(item -> names.add(item.get("name").asText()));
        }
        assertThat(names).containsExactly("k8s-0", "k8s-1", "k8s-2", "k8s-3", "k8s-4", "k8s-5", "k8s-6");
        assertThat(send("GET", "/api/v1/ai/models?tag=team:cv", null)
                        .get("totalSize")
                        .asInt())
                .isEqualTo(1);

        HttpResponse<String> deleted = raw("DELETE", "/api/v1/ai/models/Vision_Model", null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        HttpResponse<String> gone = raw("GET", "/api/v1/ai/models/Vision_Model", null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(kubernetes
                        .genericKubernetesResources(context)
                        .inNamespace("ai")
                        .list()
                        .getItems())
                .extracting(r -> r.getMetadata().getName())
                .noneMatch(name -> name.startsWith("vision-model."));
    }

    private JsonNode send(String method, String path, String body) throws Exception {
        HttpResponse<String> response = raw(method, path, body);
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isLessThan(300);
        return json.readTree(response.body());
    }

    private HttpResponse<String> raw(String method, String path, String body) throws Exception {
        return KubernetesRegistryApplication.send(port, method, path, "application/json", body);
    }
}
