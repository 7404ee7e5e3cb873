package io.dubboai.deployment.kubernetes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dubboai.deployment.rollout.DeploymentConflictException;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.InvalidDeploymentException;
import io.dubboai.deployment.rollout.ModelCatalog;
import io.dubboai.deployment.rollout.Rollout;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ModelDeployment} custom resources (CRD {@code kubernetes/modeldeployment-crd.yaml}) as a second way in, for
 * Kubernetes mode: each pass of the leader's controller reads the resources of its namespace, creates the deployment of
 * a resource it has not seen (the resource's name is the deployment's name; the same validation as the REST API), and
 * writes where the rollout stands into the resource's {@code .status} (phase, step, weights, conditions, last event).
 * A resource the service refuses gets {@code status.phase: Invalid} (or {@code Conflict}) with the problems, and is
 * not tried again until its {@code metadata.generation} changes.
 *
 * <p>Changing the spec of a resource whose deployment exists, and deleting the deployment with the resource, are
 * planned; today a new rollout is a new resource (the Deployments of a deleted resource are collected by Kubernetes
 * through their owner reference).
 */
public final class ModelDeploymentResources implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ModelDeploymentResources.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final KubernetesClient client;
    private final String namespace;
    private final DeploymentService deployments;

    public ModelDeploymentResources(KubernetesClient client, String namespace, DeploymentService deployments) {
        this.client = client;
        this.namespace = namespace;
        this.deployments = deployments;
    }

    /** One pass over every resource (see the class comment). */
    @Override
    public void run() {
        List<GenericKubernetesResource> resources;
        try {
            resources = client.genericKubernetesResources(KubernetesExecutor.MODEL_DEPLOYMENT)
                    .inNamespace(namespace)
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            log.warn(
                    "Cannot list ModelDeployment resources in {} ({}); is the CRD installed?",
                    namespace,
                    e.getMessage());
            return;
        }
        for (GenericKubernetesResource resource : resources) {
            try {
                sync(resource);
            } catch (RuntimeException e) {
                log.warn(
                        "ModelDeployment {}/{}: {}",
                        namespace,
                        resource.getMetadata().getName(),
                        e.toString());
            }
        }
    }

    private void sync(GenericKubernetesResource resource) {
        String name = resource.getMetadata().getName();
        Optional<Rollout> existing = deployments.find(name);
        if (existing.isPresent()) {
            writeStatus(resource, status(existing.get(), resource.getMetadata().getGeneration()));
            return;
        }
        Map<String, Object> status = statusOf(resource);
        Object refusedAt = status.get("observedGeneration");
        if (refusedAt != null
                && refusedAt
                        .toString()
                        .equals(String.valueOf(resource.getMetadata().getGeneration()))) {
            return; // refused already; wait for a changed spec
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        Object given = resource.getAdditionalProperties().get("spec");
        if (given instanceof Map<?, ?> map) {
            map.forEach((key, value) -> spec.put(String.valueOf(key), value));
        }
        spec.put("name", name);
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("observedGeneration", resource.getMetadata().getGeneration());
        try {
            DeploymentSpec parsed = JSON.convertValue(spec, DeploymentSpec.class);
            Rollout created = deployments.create(parsed, "kubernetes:" + namespace + "/" + name);
            writeStatus(resource, status(created, resource.getMetadata().getGeneration()));
            return;
        } catch (InvalidDeploymentException e) {
            next.put("phase", "Invalid");
            next.put("message", e.getMessage());
            next.put(
                    "problems",
                    e.problems().stream()
                            .map(p -> Map.of("path", p.path(), "message", p.message()))
                            .toList());
        } catch (DeploymentConflictException | ModelCatalog.UnknownModelException e) {
            next.put("phase", "Conflict");
            next.put("message", e.getMessage());
        } catch (IllegalArgumentException e) {
            next.put("phase", "Invalid");
            next.put("message", "the spec is not a readable deployment: " + e.getMessage());
        }
        writeStatus(resource, next);
    }

    private static Map<String, Object> status(Rollout rollout, Long generation) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", generation);
        status.put("phase", rollout.phase().name());
        status.put("paused", rollout.paused());
        status.put("candidate", rollout.candidate());
        if (rollout.baseline() != null) {
            status.put("baseline", rollout.baseline());
        }
        status.put("step", rollout.step());
        status.put("weights", rollout.weights());
        status.put("conditions", JSON.convertValue(rollout.conditions(), List.class));
        if (!rollout.events().isEmpty()) {
            status.put(
                    "lastEvent",
                    rollout.events().get(rollout.events().size() - 1).message());
        }
        return status;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statusOf(GenericKubernetesResource resource) {
        Object status = resource.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private void writeStatus(GenericKubernetesResource resource, Map<String, Object> status) {
        if (status.equals(JSON.convertValue(statusOf(resource), Map.class))) {
            return;
        }
        resource.getAdditionalProperties().put("status", status);
        client.genericKubernetesResources(KubernetesExecutor.MODEL_DEPLOYMENT)
                .inNamespace(namespace)
                .resource(resource)
                .updateStatus();
    }
}
