package io.dubboai.deployment.kubernetes;

import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.VersionExecutor;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each model version as one Kubernetes Deployment of the serving runtime, named {@code <model>-v<version>}:
 *
 * <ul>
 *   <li>labels {@code dubbo.ai/model}, {@code dubbo.ai/version}, {@code dubbo.ai/rollout} and
 *       {@code app.kubernetes.io/managed-by: dubbo-ai-deployment} on the Deployment and its pods;
 *   <li>environment {@code DUBBO_REGISTRY_ADDRESS}, {@code MODEL_NAME}, {@code MODEL_VERSION} (what the provider
 *       registers as its model metadata, so routers find it), and {@code DUBBO_AI_BATCH_MAX_SIZE} /
 *       {@code DUBBO_AI_BATCH_MAX_DELAY_MS} when the spec sets batching;
 *   <li>requests and limits for CPU, memory and {@code nvidia.com/gpu}; the spec's node selector plus
 *       {@code nvidia.com/gpu.product} (GPU feature discovery's label) when a GPU type is asked for; its tolerations;
 *   <li>a {@code autoscaling/v2} HorizontalPodAutoscaler on CPU when the spec has autoscaling bounds;
 *   <li>an owner reference to the {@code ModelDeployment} custom resource of the rollout when one exists (so deleting
 *       it collects the Deployments); the HPA is owned by its Deployment.
 * </ul>
 * A version is ready when its Deployment reports as many ready replicas as wanted. {@link #remove} deletes the
 * Deployment and its HPA. {@link #checkPlacement} refuses GPU requests that no node's allocatable
 * {@code nvidia.com/gpu} (and product and memory labels) can meet.
 */
public final class KubernetesExecutor implements VersionExecutor {

    /** The ModelDeployment custom resource (CRD shipped in {@code kubernetes/modeldeployment-crd.yaml}). */
    public static final ResourceDefinitionContext MODEL_DEPLOYMENT = new ResourceDefinitionContext.Builder()
            .withGroup("deployment.dubbo-ai.io")
            .withVersion("v1alpha1")
            .withKind("ModelDeployment")
            .withPlural("modeldeployments")
            .withNamespaced(true)
            .build();

    /** GPU resource name. */
    public static final String GPU = "nvidia.com/gpu";

    /** Node label of the GPU product (NVIDIA GPU feature discovery). */
    public static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";

    /** Node label of the GPU memory in MiB (NVIDIA GPU feature discovery). */
    public static final String GPU_MEMORY_LABEL = "nvidia.com/gpu.memory";

    static final String MODEL_LABEL = "dubbo.ai/model";
    static final String VERSION_LABEL = "dubbo.ai/version";
    static final String ROLLOUT_LABEL = "dubbo.ai/rollout";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "dubbo-ai-deployment";

    private static final Logger log = LoggerFactory.getLogger(KubernetesExecutor.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String defaultImage;
    private final String registryAddress;

    /**
     * @param client the API client (its lifecycle stays with the caller)
     * @param namespace where the Deployments go
     * @param defaultImage the serving runtime image when a spec names none
     * @param registryAddress the Dubbo registry the providers register in, e.g. {@code zookeeper://zk:2181}
     */
    public KubernetesExecutor(KubernetesClient client, String namespace, String defaultImage, String registryAddress) {
        this.client = client;
        this.namespace = namespace;
        this.defaultImage = defaultImage;
        this.registryAddress = registryAddress;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    /** The Deployment's name for {@code version} of {@code model}: DNS-1123, at most 63 characters. */
    public static String deploymentName(String model, String version) {
        String base = (model + "-v" + version).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        base = base.replaceAll("^-+", "").replaceAll("-+$", "");
        if (base.length() > 63) {
            base = base.substring(0, 54) + "-" + Integer.toHexString(base.hashCode() & 0xfffffff);
        }
        return base;
    }

    @Override
    public Optional<String> checkPlacement(DeploymentSpec spec) {
        DeploymentSpec.Resources resources = spec.resourcesOrNone();
        int gpus = resources.gpuCount();
        if (gpus == 0) {
            return Optional.empty();
        }
        List<Node> nodes;
        try {
            nodes = client.nodes().list().getItems();
        } catch (KubernetesClientException e) {
            log.warn("Cannot list nodes to check a GPU request ({}); the scheduler will decide", e.getMessage());
            return Optional.empty();
        }
        List<String> seen = new ArrayList<>();
        for (Node node : nodes) {
            Map<String, String> labels = node.getMetadata().getLabels() == null
                    ? Map.of()
                    : node.getMetadata().getLabels();
            Quantity allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
                    ? null
                    : node.getStatus().getAllocatable().get(GPU);
            int has = allocatable == null ? 0 : allocatable.getNumericalAmount().intValue();
            String product = labels.get(GPU_PRODUCT_LABEL);
            long memory = parseLong(labels.get(GPU_MEMORY_LABEL));
            seen.add(node.getMetadata().getName() + ": " + has + " x " + (product == null ? "?" : product)
                    + (memory > 0 ? " (" + memory + " MiB)" : ""));
            boolean typeFits = resources.gpuType() == null
                    || productLabel(resources.gpuType()).equals(product);
            boolean memoryFits = resources.gpuMemory() == 0 || memory >= resources.gpuMemory();
            if (has >= gpus && typeFits && memoryFits) {
                return Optional.empty();
            }
        }
        return Optional.of("no node can give a replica " + gpus + " x " + GPU
                + (resources.gpuType() == null ? "" : " of type " + resources.gpuType())
                + (resources.gpuMemory() == 0 ? "" : " with " + resources.gpuMemory() + " MiB")
                + "; nodes: " + (seen.isEmpty() ? "none" : String.join(", ", seen))
                + ". Ask for fewer or another type, or add such nodes");
    }

    @Override
    public Readiness ensure(DeploymentSpec spec, String version, String owner) {
        Deployment wanted = render(spec, version, owner);
        String name = wanted.getMetadata().getName();
        Deployment current = client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .get();
        if (current == null) {
            current = client.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .resource(wanted)
                    .create();
            log.info("Created Deployment {}/{} for {} version {} ({})", namespace, name, spec.model(), version, owner);
        } else if (!current.getSpec().getTemplate().equals(wanted.getSpec().getTemplate())
                || (spec.autoscaling() == null
                        && !java.util.Objects.equals(
                                current.getSpec().getReplicas(),
                                wanted.getSpec().getReplicas()))) {
            current = client.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName(name)
                    .edit(d -> new DeploymentBuilder(d)
                            .editMetadata()
                            .withLabels(wanted.getMetadata().getLabels())
                            .endMetadata()
                            .editSpec()
                            .withReplicas(
                                    spec.autoscaling() == null
                                            ? wanted.getSpec().getReplicas()
                                            : d.getSpec().getReplicas())
                            .withTemplate(wanted.getSpec().getTemplate())
                            .endSpec()
                            .build());
            log.info("Updated Deployment {}/{} to the spec of {}", namespace, name, owner);
        }
        ensureAutoscaler(spec, current);
        int ready = current.getStatus() == null || current.getStatus().getReadyReplicas() == null
                ? 0
                : current.getStatus().getReadyReplicas();
        int want = spec.initialReplicas();
        return new Readiness(
                ready >= want, ready + " of " + want + " replicas of Deployment " + namespace + "/" + name + " ready");
    }

    @Override
    public void remove(DeploymentSpec spec, String version, String owner) {
        String name = deploymentName(spec.model(), version);
        client.autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(namespace)
                .withName(name)
                .delete();
        client.apps().deployments().inNamespace(namespace).withName(name).delete();
        log.info("Deleted Deployment {}/{} ({})", namespace, name, owner);
    }

    /** The Deployment for {@code version}. */
    Deployment render(DeploymentSpec spec, String version, String owner) {
        String model = java.util.Objects.requireNonNull(spec.model());
        String name = deploymentName(model, version);
        Map<String, String> selector = selector(model, version);
        Map<String, String> labels = labels(model, version, owner);
        Map<String, String> nodeSelector = nodeSelector(spec);
        DeploymentBuilder builder = new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .withOwnerReferences(ownerOf(owner))
                .endMetadata()
                .withNewSpec()
                .withReplicas(spec.initialReplicas())
                .withNewSelector()
                .withMatchLabels(selector)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
                .withTolerations(tolerations(spec))
                .addNewContainer()
                .withName("model-server")
                .withImage(image(spec))
                .addNewPort()
                .withName("triple")
                .withContainerPort(TRIPLE_PORT)
                .endPort()
                .withEnv(env(spec, version))
                .withResources(resources(spec))
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec();
        return builder.build();
    }

    /** The serving runtime's Triple port in its container. */
    static final int TRIPLE_PORT = 50051;

    /** The labels that select the pods of {@code version}. */
    static Map<String, String> selector(String model, String version) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(MODEL_LABEL, labelValue(model));
        selector.put(VERSION_LABEL, labelValue(version));
        return selector;
    }

    /** The selector plus the rollout ({@code dubbo.ai/rollout}) and {@code app.kubernetes.io/managed-by}. */
    static Map<String, String> labels(String model, String version, String owner) {
        Map<String, String> labels = selector(model, version);
        labels.put(ROLLOUT_LABEL, labelValue(owner.substring(owner.indexOf(':') + 1)));
        labels.put(MANAGED_BY, MANAGER);
        return labels;
    }

    /** The image of the serving runtime for {@code spec}. */
    String image(DeploymentSpec spec) {
        return spec.image() == null ? defaultImage : spec.image();
    }

    /** CPU and memory requests (memory also as limit), {@code nvidia.com/gpu} requests and limits. */
    static ResourceRequirements resources(DeploymentSpec spec) {
        DeploymentSpec.Resources resources = spec.resourcesOrNone();
        Map<String, Quantity> requests = new LinkedHashMap<>();
        Map<String, Quantity> limits = new LinkedHashMap<>();
        if (resources.cpu() != null) {
            requests.put("cpu", new Quantity(resources.cpu()));
        }
        if (resources.memory() != null) {
            requests.put("memory", new Quantity(resources.memory()));
            limits.put("memory", new Quantity(resources.memory()));
        }
        if (resources.gpuCount() > 0) {
            requests.put(GPU, new Quantity(Integer.toString(resources.gpuCount())));
            limits.put(GPU, new Quantity(Integer.toString(resources.gpuCount())));
        }
        return new ResourceRequirementsBuilder()
                .withRequests(requests.isEmpty() ? null : requests)
                .withLimits(limits.isEmpty() ? null : limits)
                .build();
    }

    /** The spec's node selector plus {@code nvidia.com/gpu.product} for a GPU type. */
    static Map<String, String> nodeSelector(DeploymentSpec spec) {
        Map<String, String> nodeSelector = new LinkedHashMap<>(spec.nodeSelector());
        if (spec.resourcesOrNone().gpuType() != null) {
            nodeSelector.put(
                    GPU_PRODUCT_LABEL, productLabel(spec.resourcesOrNone().gpuType()));
        }
        return nodeSelector;
    }

    /** The spec's tolerations. */
    static List<Toleration> tolerations(DeploymentSpec spec) {
        List<Toleration> tolerations = new ArrayList<>();
        for (DeploymentSpec.Toleration t : spec.tolerations()) {
            tolerations.add(new TolerationBuilder()
                    .withKey(t.key())
                    .withOperator(t.operator() == null ? "Equal" : t.operator())
                    .withValue(t.value())
                    .withEffect(t.effect())
                    .build());
        }
        return tolerations;
    }

    /** What the serving runtime reads: the registry, the model and version, batching. */
    List<EnvVar> env(DeploymentSpec spec, String version) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("DUBBO_REGISTRY_ADDRESS", registryAddress, null));
        env.add(new EnvVar("MODEL_NAME", spec.model(), null));
        env.add(new EnvVar("MODEL_VERSION", version, null));
        if (spec.batching() != null && spec.batching().maxBatchSize() != null) {
            env.add(new EnvVar(
                    "DUBBO_AI_BATCH_MAX_SIZE", spec.batching().maxBatchSize().toString(), null));
        }
        if (spec.batching() != null && spec.batching().maxDelayMillis() != null) {
            env.add(new EnvVar(
                    "DUBBO_AI_BATCH_MAX_DELAY_MS",
                    spec.batching().maxDelayMillis().toString(),
                    null));
        }
        return env;
    }

    private void ensureAutoscaler(DeploymentSpec spec, Deployment deployment) {
        String name = deployment.getMetadata().getName();
        DeploymentSpec.Autoscaling autoscaling = spec.autoscaling();
        var hpas = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace);
        if (autoscaling == null) {
            if (hpas.withName(name).get() != null) {
                hpas.withName(name).delete();
            }
            return;
        }
        HorizontalPodAutoscaler wanted = new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(deployment.getMetadata().getLabels())
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName(name)
                        .withUid(deployment.getMetadata().getUid())
                        .withController(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(name)
                .endScaleTargetRef()
                .withMinReplicas(autoscaling.minReplicas())
                .withMaxReplicas(autoscaling.maxReplicas())
                .addNewMetric()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(autoscaling.targetCpuPercent() == null ? 80 : autoscaling.targetCpuPercent())
                .endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .build();
        HorizontalPodAutoscaler current = hpas.withName(name).get();
        if (current == null) {
            hpas.resource(wanted).create();
        } else if (!current.getSpec().equals(wanted.getSpec())) {
            hpas.withName(name).edit(h -> {
                h.setSpec(wanted.getSpec());
                return h;
            });
        }
    }

    /** The owner reference to the rollout's ModelDeployment custom resource, if it exists. */
    List<OwnerReference> ownerOf(String owner) {
        String name = owner.substring(owner.indexOf(':') + 1);
        try {
            GenericKubernetesResource resource = client.genericKubernetesResources(MODEL_DEPLOYMENT)
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            if (resource == null) {
                return List.of();
            }
            return List.of(new OwnerReferenceBuilder()
                    .withApiVersion(MODEL_DEPLOYMENT.getGroup() + "/" + MODEL_DEPLOYMENT.getVersion())
                    .withKind(MODEL_DEPLOYMENT.getKind())
                    .withName(name)
                    .withUid(resource.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build());
        } catch (KubernetesClientException e) {
            log.debug("No ModelDeployment {} to own the Deployment ({})", name, e.getMessage());
            return List.of();
        }
    }

    /** A GPU product as GPU feature discovery writes it: spaces become dashes. */
    static String productLabel(String gpuType) {
        return gpuType.trim().replace(' ', '-');
    }

    private static String labelValue(String value) {
        String cleaned = value.replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
    }

    private static long parseLong(@Nullable String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
