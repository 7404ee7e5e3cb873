package io.dubboai.deployment.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.VersionExecutor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The KServe InferenceService executor on fabric8's mock API server in CRUD mode: the rendered service (custom
 * predictor with our runtime, or KServe's model predictor with the registry's artifact), readiness from its
 * {@code Ready} condition (the test writes it, as KServe would), an update, and removal.
 */
class InferenceServiceExecutorTest {

    private static final String NS = "models";
    private static final String OWNER = "rollout:risk-v2";

    private io.dubboai.deployment.MockKubernetes server;
    private KubernetesClient client;
    private KubernetesExecutor pods;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() {
        server = new io.dubboai.deployment.MockKubernetes(NS);
        client = server.client();
        pods = new KubernetesExecutor(client, NS, "dubbo-ai/model-provider:0.1.0", "zookeeper://zk:2181");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private InferenceServiceExecutor executor(InferenceServiceExecutor.Predictor predictor) {
        return new InferenceServiceExecutor(
                client,
                NS,
                pods,
                predictor,
                predictor == InferenceServiceExecutor.Predictor.MODEL ? "kserve-onnxruntime" : null,
                (model, version) -> version.equals("2")
                        ? Optional.of(new InferenceServiceExecutor.ArtifactLookup.Artifact(
                                "s3://models/risk/2/model.onnx", "onnx"))
                        : Optional.empty());
    }

    private static DeploymentSpec spec(DeploymentSpec.Autoscaling autoscaling) {
        return new DeploymentSpec(
                "risk-v2",
                "risk",
                "2",
                2,
                autoscaling,
                new DeploymentSpec.Resources("2", "4Gi", 1, "NVIDIA H100 80GB HBM3", null),
                Map.of("pool", "inference"),
                List.of(new DeploymentSpec.Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule")),
                null,
                new DeploymentSpec.Batching(32, 5),
                null);
    }

    private GenericKubernetesResource service(String name) {
        return client.genericKubernetesResources(InferenceServiceExecutor.INFERENCE_SERVICE)
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    @Test
    void ensure_customPredictor_rendersOurRuntimeAndIsReadyOnTheReadyCondition() {
        InferenceServiceExecutor executor = executor(InferenceServiceExecutor.Predictor.CUSTOM);
        VersionExecutor.Readiness first = executor.ensure(spec(null), "2", OWNER);

        assertThat(first.ready()).isFalse();
        assertThat(first.detail())
                .isEqualTo("InferenceService models/risk-v2 has no Ready condition yet (KServe has not reconciled it)");
        GenericKubernetesResource service = service("risk-v2");
        assertThat(service.getApiVersion()).isEqualTo("serving.kserve.io/v1beta1");
        assertThat(service.getMetadata().getAnnotations())
                .containsEntry("serving.kserve.io/deploymentMode", "RawDeployment");
        assertThat(service.getMetadata().getLabels())
                .containsEntry("dubbo.ai/model", "risk")
                .containsEntry("dubbo.ai/version", "2")
                .containsEntry("dubbo.ai/rollout", "risk-v2")
                .containsEntry("app.kubernetes.io/managed-by", "dubbo-ai-deployment");
        JsonNode predictor =
                json.valueToTree(service.getAdditionalProperties().get("spec")).get("predictor");
        assertThat(predictor.get("minReplicas").asInt()).isEqualTo(2);
        assertThat(predictor.get("maxReplicas").asInt()).isEqualTo(2);
        assertThat(predictor.has("scaleMetric")).isFalse();
        assertThat(predictor.at("/labels/dubbo.ai~1version").asText()).isEqualTo("2");
        assertThat(predictor.at("/nodeSelector/pool").asText()).isEqualTo("inference");
        assertThat(predictor.at("/nodeSelector/nvidia.com~1gpu.product").asText())
                .isEqualTo("NVIDIA-H100-80GB-HBM3");
        assertThat(predictor.at("/tolerations/0/operator").asText()).isEqualTo("Exists");
        JsonNode container = predictor.at("/containers/0");
        assertThat(container.get("name").asText()).isEqualTo("kserve-container");
        assertThat(container.get("image").asText()).isEqualTo("dubbo-ai/model-provider:0.1.0");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(50051);
        assertThat(container.at("/resources/limits/nvidia.com~1gpu").asText()).isEqualTo("1");
        assertThat(container.at("/resources/requests/cpu").asText()).isEqualTo("2");
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("4Gi");
        assertThat(container.get("env").toString())
                .contains(
                        "{\"name\":\"DUBBO_REGISTRY_ADDRESS\",\"value\":\"zookeeper://zk:2181\"}",
                        "{\"name\":\"MODEL_VERSION\",\"value\":\"2\"}",
                        "{\"name\":\"DUBBO_AI_BATCH_MAX_SIZE\",\"value\":\"32\"}");

        setReady("risk-v2", "False", "MinimumReplicasUnavailable");
        assertThat(executor.ensure(spec(null), "2", OWNER))
                .isEqualTo(new VersionExecutor.Readiness(
                        false,
                        "InferenceService models/risk-v2 Ready False (MinimumReplicasUnavailable): condition set by"
                                + " the test"));
        setReady("risk-v2", "True", null);
        assertThat(executor.ensure(spec(null), "2", OWNER).ready()).isTrue();
    }

    @Test
    void ensure_changedSpec_updatesTheServiceAndAutoscalingSetsItsBounds() {
        InferenceServiceExecutor executor = executor(InferenceServiceExecutor.Predictor.CUSTOM);
        executor.ensure(spec(null), "2", OWNER);
        executor.ensure(spec(new DeploymentSpec.Autoscaling(2, 8, 60)), "2", OWNER);

        JsonNode predictor = json.valueToTree(
                        service("risk-v2").getAdditionalProperties().get("spec"))
                .get("predictor");
        assertThat(predictor.get("minReplicas").asInt()).isEqualTo(2);
        assertThat(predictor.get("maxReplicas").asInt()).isEqualTo(8);
        assertThat(predictor.get("scaleMetric").asText()).isEqualTo("cpu");
        assertThat(predictor.get("scaleTarget").asInt()).isEqualTo(60);
    }

    @Test
    void ensure_modelPredictor_loadsTheRegisteredArtifactWithKServesRuntime() {
        InferenceServiceExecutor executor = executor(InferenceServiceExecutor.Predictor.MODEL);
        executor.ensure(spec(null), "2", OWNER);

        JsonNode model = json.valueToTree(
                        service("risk-v2").getAdditionalProperties().get("spec"))
                .at("/predictor/model");
        assertThat(model.at("/modelFormat/name").asText()).isEqualTo("onnx");
        assertThat(model.get("runtime").asText()).isEqualTo("kserve-onnxruntime");
        assertThat(model.get("storageUri").asText()).isEqualTo("s3://models/risk/2/model.onnx");
        assertThat(model.get("protocolVersion").asText()).isEqualTo("v2");
        assertThat(model.at("/resources/limits/nvidia.com~1gpu").asText()).isEqualTo("1");

        DeploymentSpec three =
                new DeploymentSpec("risk-v3", "risk", "3", null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> executor.ensure(three, "3", "rollout:risk-v3"))
                .hasMessage("version 3 of model 'risk' has no artifact URI; a KServe model predictor loads the"
                        + " artifact from storageUri: upload or register one, or use the custom predictor"
                        + " (dubbo.ai.deployment.kubernetes.inference-service.predictor=custom)");
        assertThat(service("risk-v3")).isNull();
    }

    @Test
    void ensure_ownedByTheModelDeploymentResource_andRemoveDeletesOnlyItsVersion() {
        GenericKubernetesResource resource =
                KubernetesExecutorTest.modelDeployment("risk-v2", Map.of("model", "risk", "version", "2"));
        client.genericKubernetesResources(KubernetesExecutor.MODEL_DEPLOYMENT)
                .inNamespace(NS)
                .resource(resource)
                .create();
        InferenceServiceExecutor executor = executor(InferenceServiceExecutor.Predictor.CUSTOM);
        executor.ensure(spec(null), "2", OWNER);
        executor.ensure(
                new DeploymentSpec("risk-v1", "risk", "1", null, null, null, null, null, null, null, null),
                "1",
                "rollout:risk-v1");

        assertThat(service("risk-v2").getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(ref -> {
                    assertThat(ref.getKind()).isEqualTo("ModelDeployment");
                    assertThat(ref.getName()).isEqualTo("risk-v2");
                });
        executor.remove(spec(null), "2", OWNER);
        assertThat(service("risk-v2")).isNull();
        assertThat(service("risk-v1")).isNotNull();
        assertThat(InferenceServiceExecutor.serviceName("7up", "1")).isEqualTo("m-7up-v1");
    }

    private void setReady(String name, String status, String reason) {
        GenericKubernetesResource service = service(name);
        Map<String, Object> condition = new java.util.LinkedHashMap<>();
        condition.put("type", "Ready");
        condition.put("status", status);
        if (reason != null) {
            condition.put("reason", reason);
            condition.put("message", "condition set by the test");
        }
        service.getAdditionalProperties().put("status", Map.of("conditions", List.of(condition)));
        client.genericKubernetesResources(InferenceServiceExecutor.INFERENCE_SERVICE)
                .inNamespace(NS)
                .resource(service)
                .updateStatus();
    }
}
