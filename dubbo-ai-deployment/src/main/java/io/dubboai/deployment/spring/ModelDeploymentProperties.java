package io.dubboai.deployment.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the deployment module ({@code dubbo.ai.deployment.*}). */
@ConfigurationProperties("dubbo.ai.deployment")
public class ModelDeploymentProperties {

    /** Whether the deployment module (route-rule API, deployments, the controller) is set up at all. */
    private boolean enabled = true;

    /**
     * Config-center group of the deployment documents ({@code deployment.<name>}, {@code deployment-index}) and of
     * the per-model claims ({@code model-claim.<model>}), which experiments must share to exclude rollouts.
     */
    private String group = "dubbo-ai";

    /** Time between two passes of the deployment controller (on the leader). */
    private Duration reconcileInterval = Duration.ofSeconds(1);

    /**
     * Where versions run: {@code providers} (universal mode: providers started outside, the controller waits for them
     * in the Dubbo registry), {@code hosts} (universal mode on model hosts: versions are assigned to the fleet's
     * hosts, see {@code dubbo.ai.deployment.hosts.*}) or {@code kubernetes} (a Deployment per version, and
     * {@code ModelDeployment} resources).
     */
    private String executor = "providers";

    /** Model-host mode. */
    private final Hosts hosts = new Hosts();

    /** Model-host mode settings ({@code dubbo.ai.deployment.hosts.*}). */
    public static class Hosts {

        /** Config-center group of the fleet's documents; must be the hosts' group. */
        private String group = io.dubboai.controlplane.fleet.FleetDocuments.DEFAULT_GROUP;

        /** A host whose heartbeat is older than this is taken as gone and gets no new assignments. */
        private Duration staleAfter = Duration.ofSeconds(30);

        /**
         * How long a version must have been READY on a host before the replica counts as ready (consumers hear of a
         * new provider URL after Dubbo's registry notification delay, 5 s by default).
         */
        private Duration readyDelay = Duration.ofSeconds(5);

        public String getGroup() {
            return group;
        }

        public Duration getReadyDelay() {
            return readyDelay;
        }

        public void setReadyDelay(Duration readyDelay) {
            this.readyDelay = readyDelay;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public Duration getStaleAfter() {
            return staleAfter;
        }

        public void setStaleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
        }
    }

    public Hosts getHosts() {
        return hosts;
    }

    /** Kubernetes mode. */
    private final Kubernetes kubernetes = new Kubernetes();

    /** Kubernetes mode settings ({@code dubbo.ai.deployment.kubernetes.*}). */
    public static class Kubernetes {

        /** Namespace of the Deployments and ModelDeployment resources; default: the client's namespace. */
        private String namespace;

        /** The serving runtime image when a deployment names none. */
        private String image = "dubbo-ai/model-provider:0.1.0";

        /** The Dubbo registry the providers register in; default: {@code dubbo.registry.address}. */
        private String registryAddress;

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        public String getImage() {
            return image;
        }

        public void setImage(String image) {
            this.image = image;
        }

        public String getRegistryAddress() {
            return registryAddress;
        }

        public void setRegistryAddress(String registryAddress) {
            this.registryAddress = registryAddress;
        }

        /** What runs a version: {@code deployment} (a Deployment per version) or {@code inference-service} (KServe). */
        private String workload = "deployment";

        /** The KServe InferenceServices, when {@code workload} is {@code inference-service}. */
        private final InferenceService inferenceService = new InferenceService();

        public String getWorkload() {
            return workload;
        }

        public void setWorkload(String workload) {
            this.workload = workload;
        }

        public InferenceService getInferenceService() {
            return inferenceService;
        }
    }

    /** KServe InferenceService settings. */
    public static class InferenceService {

        /**
         * {@code custom}: our serving runtime as the predictor's container (routed by the route rule); {@code model}:
         * KServe's runtime for the version's artifact format and URI (not in the Dubbo registry).
         */
        private String predictor = "custom";

        /** The ServingRuntime of a {@code model} predictor; default: KServe chooses by the model format. */
        private String runtime;

        public String getPredictor() {
            return predictor;
        }

        public void setPredictor(String predictor) {
            this.predictor = predictor;
        }

        public String getRuntime() {
            return runtime;
        }

        public void setRuntime(String runtime) {
            this.runtime = runtime;
        }
    }

    public String getExecutor() {
        return executor;
    }

    public void setExecutor(String executor) {
        this.executor = executor;
    }

    public Kubernetes getKubernetes() {
        return kubernetes;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public Duration getReconcileInterval() {
        return reconcileInterval;
    }

    public void setReconcileInterval(Duration reconcileInterval) {
        this.reconcileInterval = reconcileInterval;
    }
}
