package io.dubboai.deployment.rollout;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an operator asks for: bring {@code version} of {@code model} up with these resources and move the model's
 * traffic to it with {@code strategy}. Fields may be missing when read from JSON; {@link DeploymentValidator} lists
 * every problem and {@link #withDefaults()} fills what may be left out.
 *
 * @param name the deployment's id: lower-case letters, digits and '-', e.g. {@code risk-v2}
 * @param model the registered model
 * @param version a version number or an alias of the registry (resolved once, when the deployment is created)
 * @param replicas providers to run; ignored when {@code autoscaling} is set; default 1
 * @param autoscaling replica bounds for an autoscaler, or null
 * @param resources what each replica needs, or null for nothing in particular
 * @param nodeSelector node labels a replica must run on (Kubernetes), empty for any
 * @param tolerations taints a replica tolerates (Kubernetes)
 * @param image the serving runtime's image (Kubernetes), or null for the executor's default
 * @param batching the provider's dynamic batching, or null for the runtime's defaults
 * @param strategy how traffic moves; default {@code canary} with the default steps
 */
public record DeploymentSpec(
        @Nullable String name,
        @Nullable String model,
        @Nullable String version,
        @Nullable Integer replicas,
        @Nullable Autoscaling autoscaling,
        @Nullable Resources resources,
        @Nullable Map<String, String> nodeSelector,
        @Nullable List<Toleration> tolerations,
        @Nullable String image,
        @Nullable Batching batching,
        @Nullable Strategy strategy) {

    /** Replicas when none are given. */
    public static final int DEFAULT_REPLICAS = 1;

    /** Most replicas of one version. */
    public static final int MAX_REPLICAS = 1000;

    public DeploymentSpec {
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    }

    /** This spec with every omitted optional field at its default (call after validation). */
    public DeploymentSpec withDefaults() {
        return new DeploymentSpec(
                name,
                model,
                version,
                replicas == null ? DEFAULT_REPLICAS : replicas,
                autoscaling,
                resources == null ? Resources.NONE : resources,
                nodeSelector,
                tolerations,
                image,
                batching,
                (strategy == null ? Strategy.canaryDefaults() : strategy).withDefaults());
    }

    /** This spec for another model. */
    public DeploymentSpec withModel(String otherModel) {
        return new DeploymentSpec(
                name,
                otherModel,
                version,
                replicas,
                autoscaling,
                resources,
                nodeSelector,
                tolerations,
                image,
                batching,
                strategy);
    }

    /** The replicas an executor starts with: the autoscaler's minimum, else {@code replicas}. */
    public int initialReplicas() {
        if (autoscaling != null && autoscaling.minReplicas() != null) {
            return autoscaling.minReplicas();
        }
        return replicas == null ? DEFAULT_REPLICAS : replicas;
    }

    /** The strategy with its defaults (never null). */
    public Strategy strategyOrDefault() {
        return (strategy == null ? Strategy.canaryDefaults() : strategy).withDefaults();
    }

    /** The resources (never null). */
    public Resources resourcesOrNone() {
        return resources == null ? Resources.NONE : resources;
    }

    /**
     * Autoscaling bounds.
     *
     * @param minReplicas at least 1
     * @param maxReplicas at least {@code minReplicas}
     * @param targetCpuPercent average CPU utilisation the autoscaler aims at, 1..100; default 80
     */
    public record Autoscaling(
            @Nullable Integer minReplicas,
            @Nullable Integer maxReplicas,
            @Nullable Integer targetCpuPercent) {}

    /**
     * What one replica needs.
     *
     * @param cpu Kubernetes quantity, e.g. {@code 2} or {@code 500m}, or null
     * @param memory Kubernetes quantity, e.g. {@code 4Gi}, or null
     * @param gpu GPUs ({@code nvidia.com/gpu}), 0 for none
     * @param gpuType the GPU product a replica needs (e.g. {@code NVIDIA H100 80GB HBM3}), or null for any
     * @param gpuMemoryMib GPU memory a replica needs, MiB, 0 for no requirement
     */
    public record Resources(
            @Nullable String cpu,
            @Nullable String memory,
            @Nullable Integer gpu,
            @Nullable String gpuType,
            @Nullable Long gpuMemoryMib) {

        /** Nothing in particular. */
        public static final Resources NONE = new Resources(null, null, 0, null, 0L);

        /** GPUs per replica (0 when not given). */
        public int gpuCount() {
            return gpu == null ? 0 : gpu;
        }

        /** GPU memory per replica in MiB (0 when not given). */
        public long gpuMemory() {
            return gpuMemoryMib == null ? 0 : gpuMemoryMib;
        }
    }

    /**
     * A Kubernetes toleration.
     *
     * @param key the taint key
     * @param operator {@code Equal} (default) or {@code Exists}
     * @param value the taint value ({@code Equal} only)
     * @param effect {@code NoSchedule}, {@code PreferNoSchedule}, {@code NoExecute}, or null for all
     */
    public record Toleration(
            @Nullable String key,
            @Nullable String operator,
            @Nullable String value,
            @Nullable String effect) {}

    /**
     * The provider's dynamic batching.
     *
     * @param maxBatchSize rows per runtime call, 1..4096
     * @param maxDelayMillis longest wait for a batch to fill, 0..1000 ms
     */
    public record Batching(
            @Nullable Integer maxBatchSize, @Nullable Integer maxDelayMillis) {}
}
