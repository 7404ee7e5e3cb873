package io.dubboai.deployment.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dubboai.deployment.rollout.DeploymentConflictException;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.InvalidDeploymentException;
import io.dubboai.deployment.rollout.ModelCatalog;
import io.dubboai.deployment.rollout.Rollout;
import io.dubboai.deployment.rollout.RolloutPhase;
import io.dubboai.deployment.rollout.StrictJson;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ModelDeployment} custom resources (CRD {@code kubernetes/modeldeployment-crd.yaml}) as a second way in, for
 * Kubernetes mode: each pass of the leader's controller reads the resources of its namespace, creates the deployment of
 * a resource it has not seen (the resource's name is the deployment's name; the same validation as the REST API), and
 * writes where the rollout stands into the resource's {@code .status} (phase, step, weights, conditions, last event).
 * A resource the service refuses gets {@code status.phase: Invalid} (or {@code Conflict}) with the problems, and is
 * not tried again until its {@code metadata.generation} changes. The spec is read strictly: an unknown field is
 * refused naming it.
 *
 * <h2>Changes and deletion</h2>
 * {@code status.deployedGeneration} is the generation the deployment was made from. A resource whose spec changed
 * since ({@code metadata.generation} is higher) starts a new rollout under the same name once the current one has
 * ended ({@link DeploymentService#replace}); while it runs, {@code status.specChange} says the change waits and why
 * ({@code state: Waiting}), and one that is refused says so ({@code state: Refused}, with the problems; tried again
 * when the generation changes). A deployment made from a resource that no longer exists is aborted if it still runs
 * and its document deleted once it has ended (the Deployments owned by the resource are collected by Kubernetes).
 */
public final class ModelDeploymentResources implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ModelDeploymentResources.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .findAndAddModules()
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
        Set<String> names = new HashSet<>();
        for (GenericKubernetesResource resource : resources) {
            names.add(resource.getMetadata().getName());
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
        for (Rollout rollout : deployments.list()) {
            if (rollout.createdBy().equals(actor(rollout.name())) && !names.contains(rollout.name())) {
                try {
                    removed(rollout);
                } catch (RuntimeException e) {
                    log.warn("Deployment {} of a deleted ModelDeployment: {}", rollout.name(), e.toString());
                }
            }
        }
    }

    private String actor(String name) {
        return "kubernetes:" + namespace + "/" + name;
    }

    /** The resource of {@code rollout} was deleted: abort it while it runs, delete its document once it has ended. */
    private void removed(Rollout rollout) {
        String who = actor(rollout.name()) + " (resource deleted)";
        if (!rollout.phase().isFinal()) {
            if (rollout.phase() != RolloutPhase.ROLLING_BACK) {
                deployments.abort(rollout.name(), who);
                log.info("ModelDeployment {}/{} deleted: its rollout is aborted", namespace, rollout.name());
            }
            return;
        }
        if (rollout.phase() == RolloutPhase.SUCCEEDED
                && rollout.baseline() != null
                && !rollout.baselineRemoved()
                && rollout.removeBaselineAt() != null) {
            return; // the reconciler removes the kept baseline at its time; the document goes after that
        }
        deployments.delete(rollout.name(), who);
    }

    private void sync(GenericKubernetesResource resource) {
        String name = resource.getMetadata().getName();
        Long generation = resource.getMetadata().getGeneration();
        Map<String, Object> status = statusOf(resource);
        Optional<Rollout> existing = deployments.find(name);
        if (existing.isPresent()) {
            Object deployedAt = status.get("deployedGeneration");
            Long deployed = deployedAt == null ? generation : Long.valueOf(deployedAt.toString());
            if (Objects.equals(deployed, generation)) {
                writeStatus(resource, status(existing.get(), generation, deployed, null));
            } else {
                change(resource, existing.get(), generation, deployed, status);
            }
            return;
        }
        Object refusedAt = status.get("observedGeneration");
        if (refusedAt != null
                && ("Invalid".equals(status.get("phase")) || "Conflict".equals(status.get("phase")))
                && refusedAt.toString().equals(String.valueOf(generation))) {
            return; // refused already; wait for a changed spec
        }
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("observedGeneration", generation);
        try {
            Rollout created = deployments.create(specOf(resource), actor(name));
            writeStatus(resource, status(created, generation, generation, null));
            return;
        } catch (RuntimeException e) {
            refusal(e).forEach(next::put);
        }
        writeStatus(resource, next);
    }

    /** The spec of {@code resource} changed since its deployment was made. */
    private void change(
            GenericKubernetesResource resource,
            Rollout current,
            Long generation,
            Long deployed,
            Map<String, Object> status) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("generation", generation);
        if (!current.phase().isFinal()) {
            change.put("state", "Waiting");
            change.put(
                    "message",
                    "deployment '" + current.name() + "' is " + current.phase() + " (" + current.stepLabel()
                            + "); a running rollout is not changed: generation " + generation
                            + " starts a new rollout when it ends (abort it to start sooner)");
            writeStatus(resource, status(current, generation, deployed, change));
            return;
        }
        if (status.get("specChange") instanceof Map<?, ?> last
                && "Refused".equals(last.get("state"))
                && String.valueOf(generation).equals(String.valueOf(last.get("generation")))) {
            writeStatus(resource, status(current, generation, deployed, JSON.convertValue(last, Map.class)));
            return; // refused already; wait for a changed spec
        }
        try {
            Rollout replaced = deployments.replace(specOf(resource), actor(current.name()));
            writeStatus(resource, status(replaced, generation, generation, null));
        } catch (RuntimeException e) {
            Map<String, Object> refused = refusal(e);
            change.put("state", "Refused");
            change.put("reason", refused.get("phase"));
            change.put("message", refused.get("message"));
            if (refused.containsKey("problems")) {
                change.put("problems", refused.get("problems"));
            }
            writeStatus(resource, status(current, generation, deployed, change));
        }
    }

    /** {@code phase} ({@code Invalid} or {@code Conflict}), {@code message} and {@code problems} of a refusal. */
    private static Map<String, Object> refusal(RuntimeException e) {
        Map<String, Object> next = new LinkedHashMap<>();
        if (e instanceof InvalidDeploymentException invalid) {
            next.put("phase", "Invalid");
            next.put("message", invalid.getMessage());
            next.put(
                    "problems",
                    invalid.problems().stream()
                            .map(p -> Map.of("path", p.path(), "message", p.message()))
                            .toList());
        } else if (e instanceof DeploymentConflictException || e instanceof ModelCatalog.UnknownModelException) {
            next.put("phase", "Conflict");
            next.put("message", e.getMessage());
        } else if (e instanceof StrictJson.Unreadable unreadable) {
            next.put("phase", "Invalid");
            next.put("message", "the spec is not a readable deployment: " + unreadable.getMessage());
            next.put("problems", List.of(Map.of("path", unreadable.path(), "message", unreadable.getMessage())));
        } else {
            throw e;
        }
        return next;
    }

    private static DeploymentSpec specOf(GenericKubernetesResource resource) {
        Map<String, Object> spec = new LinkedHashMap<>();
        Object given = resource.getAdditionalProperties().get("spec");
        if (given instanceof Map<?, ?> map) {
            map.forEach((key, value) -> spec.put(String.valueOf(key), value));
        }
        spec.put("name", resource.getMetadata().getName());
        return StrictJson.convert(JSON, spec, DeploymentSpec.class);
    }

    private static Map<String, Object> status(
            Rollout rollout, Long generation, Long deployed, @Nullable Map<String, Object> specChange) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", generation);
        status.put("deployedGeneration", deployed);
        status.put("phase", rollout.phase().name());
        status.put("paused", rollout.paused());
        status.put("candidate", rollout.candidate());
        if (rollout.baseline() != null) {
            status.put("baseline", rollout.baseline());
        }
        status.put("step", rollout.step());
        status.put("shadowing", rollout.shadowing());
        status.put("weights", rollout.weights());
        status.put("conditions", JSON.convertValue(rollout.conditions(), List.class));
        if (!rollout.events().isEmpty()) {
            status.put(
                    "lastEvent",
                    rollout.events().get(rollout.events().size() - 1).message());
        }
        if (specChange != null) {
            status.put("specChange", specChange);
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
