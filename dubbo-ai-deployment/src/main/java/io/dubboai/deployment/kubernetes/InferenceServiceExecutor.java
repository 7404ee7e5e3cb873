package io.dubboai.deployment.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.VersionExecutor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each model version as one KServe {@code InferenceService} ({@code serving.kserve.io/v1beta1}) instead of a
 * Deployment, named like the Deployment ({@code <model>-v<version>}, prefixed {@code m-} when it would not start with
 * a letter, as KServe requires), with the same labels and owner reference, in raw deployment mode (annotation
 * {@code serving.kserve.io/deploymentMode: RawDeployment}: plain Deployments and Services, no Knative, so the Dubbo
 * consumers keep their direct connections to the providers).
 *
 * <p>The predictor is one of two kinds ({@link Predictor}):
 * <ul>
 *   <li>{@code custom} (default): a {@code kserve-container} running our serving runtime, exactly as the Deployment
 *       would (image, Triple port, {@code DUBBO_REGISTRY_ADDRESS}, {@code MODEL_NAME}, {@code MODEL_VERSION},
 *       batching): it registers in the Dubbo registry, so the route rule moves its traffic;
 *   <li>{@code model}: KServe's own runtime for the version's format ({@code predictor.model.modelFormat.name}, e.g.
 *       {@code onnx}) loading its artifact ({@code storageUri}) from the registry, optionally a named
 *       {@code ServingRuntime}. It serves KServe's Open Inference Protocol behind KServe's service, not the Dubbo
 *       registry, so the route rule's weights do not reach it: the rollout's readiness and clean-up work, the traffic
 *       split is the caller's.
 * </ul>
 * Both carry {@code minReplicas}/{@code maxReplicas} (the autoscaling bounds, or the replicas), CPU autoscaling
 * ({@code scaleMetric: cpu}, {@code scaleTarget}) when the spec has bounds, CPU/memory/{@code nvidia.com/gpu}
 * resources, the node selector (with {@code nvidia.com/gpu.product} for a GPU type) and tolerations. A version is
 * ready when the InferenceService's {@code Ready} condition is {@code True}. {@link #remove} deletes it; a changed spec
 * replaces its {@code spec}. GPU placement is checked against the nodes as for Deployments.
 */
public final class InferenceServiceExecutor implements VersionExecutor {

    /** The InferenceService resource. */
    public static final ResourceDefinitionContext INFERENCE_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("serving.kserve.io")
            .withVersion("v1beta1")
            .withKind("InferenceService")
            .withPlural("inferenceservices")
            .withNamespaced(true)
            .build();

    /** KServe's annotation choosing raw Deployments over Knative. */
    static final String DEPLOYMENT_MODE = "serving.kserve.io/deploymentMode";

    /** The container name KServe treats as the predictor of a custom predictor. */
    static final String PREDICTOR_CONTAINER = "kserve-container";

    private static final Logger log = LoggerFactory.getLogger(InferenceServiceExecutor.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final KubernetesClient client;
    private final String namespace;
    private final KubernetesExecutor pods;
    private final Predictor predictor;
    private final @Nullable String runtime;
    private final ArtifactLookup artifacts;

    /**
     * @param pods the Deployment executor whose pod parts (image, env, resources, placement, owner) are reused
     * @param predictor which predictor to render
     * @param runtime the {@code ServingRuntime} of a {@code model} predictor, or null for KServe's choice by format
     * @param artifacts the artifact URI and format of a version (the registry), for a {@code model} predictor
     */
    public InferenceServiceExecutor(
            KubernetesClient client,
            String namespace,
            KubernetesExecutor pods,
            Predictor predictor,
            @Nullable String runtime,
            ArtifactLookup artifacts) {
        this.client = client;
        this.namespace = namespace;
        this.pods = pods;
        this.predictor = predictor;
        this.runtime = runtime;
        this.artifacts = artifacts;
    }

    /** The predictor of the InferenceServices. */
    public enum Predictor {
        /** Our serving runtime in a {@code kserve-container}. */
        CUSTOM,
        /** KServe's runtime for the version's format and artifact. */
        MODEL
    }

    /** Where a version's artifact is and what format it has. */
    @FunctionalInterface
    public interface ArtifactLookup {

        /** The artifact of {@code version} of {@code model}, empty when it has none. */
        Optional<Artifact> artifact(String model, String version);

        /**
         * @param uri where it is, e.g. {@code s3://models/risk/2/model.onnx}
         * @param format its format, e.g. {@code onnx}
         */
        record Artifact(String uri, String format) {}
    }

    @Override
    public String name() {
        return "kubernetes (InferenceService)";
    }

    /** The InferenceService's name: the Deployment's, starting with a letter. */
    public static String serviceName(String model, String version) {
        String name = KubernetesExecutor.deploymentName(model, version);
        return Character.isLetter(name.charAt(0)) ? name : ("m-" + name).substring(0, Math.min(63, name.length() + 2));
    }

    @Override
    public Optional<String> checkPlacement(DeploymentSpec spec) {
        return pods.checkPlacement(spec);
    }

    @Override
    public Readiness ensure(DeploymentSpec spec, String version, String owner) {
        GenericKubernetesResource wanted = render(spec, version, owner);
        String name = wanted.getMetadata().getName();
        var services = client.genericKubernetesResources(INFERENCE_SERVICE).inNamespace(namespace);
        GenericKubernetesResource current = services.withName(name).get();
        if (current == null) {
            current = services.resource(wanted).create();
            log.info(
                    "Created InferenceService {}/{} for {} version {} ({})",
                    namespace,
                    name,
                    spec.model(),
                    version,
                    owner);
        } else if (!Objects.equals(
                JSON.valueToTree(current.getAdditionalProperties().get("spec")),
                JSON.valueToTree(wanted.getAdditionalProperties().get("spec")))) {
            current.getAdditionalProperties()
                    .put("spec", wanted.getAdditionalProperties().get("spec"));
            current.getMetadata().setLabels(wanted.getMetadata().getLabels());
            current = services.resource(current).update();
            log.info("Updated InferenceService {}/{} to the spec of {}", namespace, name, owner);
        }
        return readiness(current);
    }

    private Readiness readiness(GenericKubernetesResource service) {
        String where =
                "InferenceService " + namespace + "/" + service.getMetadata().getName();
        Object status = service.getAdditionalProperties().get("status");
        if (status instanceof Map<?, ?> map && map.get("conditions") instanceof List<?> conditions) {
            for (Object item : conditions) {
                if (item instanceof Map<?, ?> condition && "Ready".equals(condition.get("type"))) {
                    boolean ready = "True".equals(String.valueOf(condition.get("status")));
                    Object reason = condition.get("reason");
                    Object message = condition.get("message");
                    return new Readiness(
                            ready,
                            where + " Ready " + condition.get("status")
                                    + (reason == null ? "" : " (" + reason + ")")
                                    + (message == null ? "" : ": " + message));
                }
            }
        }
        return new Readiness(false, where + " has no Ready condition yet (KServe has not reconciled it)");
    }

    @Override
    public void remove(DeploymentSpec spec, String version, String owner) {
        String name = serviceName(Objects.requireNonNull(spec.model()), version);
        client.genericKubernetesResources(INFERENCE_SERVICE)
                .inNamespace(namespace)
                .withName(name)
                .delete();
        log.info("Deleted InferenceService {}/{} ({})", namespace, name, owner);
    }

    /** The InferenceService for {@code version}. */
    GenericKubernetesResource render(DeploymentSpec spec, String version, String owner) {
        String model = Objects.requireNonNull(spec.model());
        Map<String, String> labels = KubernetesExecutor.labels(model, version, owner);
        GenericKubernetesResource service = new GenericKubernetesResourceBuilder()
                .withApiVersion(INFERENCE_SERVICE.getGroup() + "/" + INFERENCE_SERVICE.getVersion())
                .withKind(INFERENCE_SERVICE.getKind())
                .withNewMetadata()
                .withName(serviceName(model, version))
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(Map.of(DEPLOYMENT_MODE, "RawDeployment"))
                .withOwnerReferences(pods.ownerOf(owner))
                .endMetadata()
                .build();
        service.getAdditionalProperties().put("spec", Map.of("predictor", predictor(spec, version, labels)));
        return service;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> predictor(DeploymentSpec spec, String version, Map<String, String> labels) {
        Map<String, Object> body = new LinkedHashMap<>();
        DeploymentSpec.Autoscaling autoscaling = spec.autoscaling();
        body.put("minReplicas", spec.initialReplicas());
        body.put(
                "maxReplicas",
                autoscaling != null && autoscaling.maxReplicas() != null
                        ? autoscaling.maxReplicas()
                        : spec.initialReplicas());
        if (autoscaling != null) {
            body.put("scaleMetric", "cpu");
            body.put("scaleTarget", autoscaling.targetCpuPercent() == null ? 80 : autoscaling.targetCpuPercent());
        }
        body.put("labels", labels);
        Map<String, String> nodeSelector = KubernetesExecutor.nodeSelector(spec);
        if (!nodeSelector.isEmpty()) {
            body.put("nodeSelector", nodeSelector);
        }
        if (!spec.tolerations().isEmpty()) {
            body.put("tolerations", JSON.convertValue(KubernetesExecutor.tolerations(spec), List.class));
        }
        Map<String, Object> resources = JSON.convertValue(KubernetesExecutor.resources(spec), Map.class);
        resources.values().removeIf(Objects::isNull);
        if (this.predictor == Predictor.MODEL) {
            String model = Objects.requireNonNull(spec.model());
            ArtifactLookup.Artifact artifact = artifacts
                    .artifact(model, version)
                    .orElseThrow(() -> new IllegalStateException("version " + version + " of model '" + model
                            + "' has no artifact URI; a KServe model predictor loads the artifact from storageUri:"
                            + " upload or register one, or use the custom predictor"
                            + " (dubbo.ai.deployment.kubernetes.inference-service.predictor=custom)"));
            Map<String, Object> modelSpec = new LinkedHashMap<>();
            modelSpec.put("modelFormat", Map.of("name", artifact.format()));
            if (runtime != null) {
                modelSpec.put("runtime", runtime);
            }
            modelSpec.put("storageUri", artifact.uri());
            modelSpec.put("protocolVersion", "v2");
            if (!resources.isEmpty()) {
                modelSpec.put("resources", resources);
            }
            body.put("model", modelSpec);
        } else {
            Map<String, Object> container = new LinkedHashMap<>();
            container.put("name", PREDICTOR_CONTAINER);
            container.put("image", pods.image(spec));
            container.put("ports", List.of(Map.of("name", "triple", "containerPort", KubernetesExecutor.TRIPLE_PORT)));
            container.put("env", JSON.convertValue(pods.env(spec, version), List.class));
            if (!resources.isEmpty()) {
                container.put("resources", resources);
            }
            body.put("containers", List.of(container));
        }
        return body;
    }
}
