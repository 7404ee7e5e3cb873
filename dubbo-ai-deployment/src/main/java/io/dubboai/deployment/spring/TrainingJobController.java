package io.dubboai.deployment.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.deployment.rollout.StrictJson;
import io.dubboai.deployment.training.TrainingJob;
import io.dubboai.deployment.training.TrainingJobSpec;
import io.dubboai.deployment.training.TrainingJobs;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/ai/training-jobs}: submit, list, read and cancel training jobs (Kubeflow {@code PyTorchJob} or
 * {@code TrainJob}). Available in Kubernetes mode with the model registry (where {@link TrainingJobs} runs); elsewhere
 * every request is answered 404 {@code training-disabled}, saying what to turn on. Writes set the admin server's audit
 * attributes (target {@code training-job:<name>}, the job before and after).
 */
@RestController
@RequestMapping(path = "/api/v1/ai/training-jobs", produces = MediaType.APPLICATION_JSON_VALUE)
public class TrainingJobController {

    private final ObjectProvider<TrainingJobs> training;
    private final ObjectMapper json;

    public TrainingJobController(ObjectProvider<TrainingJobs> training, ObjectMapper json) {
        this.training = training;
        this.json = json;
    }

    /** Every job, oldest first. */
    @GetMapping
    public Map<String, List<TrainingJob>> list() {
        return Map.of("trainingJobs", jobs().list());
    }

    /** One job. */
    @GetMapping("/{name}")
    public TrainingJob get(@PathVariable String name) {
        return jobs().get(name);
    }

    /** Validates the spec (unknown fields refused), records the job and creates its Kubeflow resource; 201. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TrainingJob> submit(@RequestBody String body, HttpServletRequest request) {
        TrainingJobs jobs = jobs();
        TrainingJobSpec spec = StrictJson.read(json, body, TrainingJobSpec.class);
        TrainingJob submitted = jobs.submit(spec, DeploymentController.actor(request));
        audit(request, String.valueOf(spec.name()), null, submitted);
        return ResponseEntity.created(URI.create("/api/v1/ai/training-jobs/" + spec.name()))
                .body(submitted);
    }

    /** Cancels a submitted or running job (its Kubeflow resource is deleted). */
    @PostMapping("/{name}/cancel")
    public TrainingJob cancel(@PathVariable String name, HttpServletRequest request) {
        TrainingJobs jobs = jobs();
        TrainingJob before = jobs.get(name);
        TrainingJob after = jobs.cancel(name, DeploymentController.actor(request));
        audit(request, name, before, after);
        return after;
    }

    private TrainingJobs jobs() {
        TrainingJobs jobs = training.getIfAvailable();
        if (jobs == null) {
            throw new TrainingDisabledException();
        }
        return jobs;
    }

    private void audit(HttpServletRequest request, String name, @Nullable TrainingJob before, TrainingJob after) {
        request.setAttribute(RouteRuleController.AUDIT_TARGET, "training-job:" + name);
        if (before != null) {
            request.setAttribute(RouteRuleController.AUDIT_BEFORE, write(before));
        }
        request.setAttribute(RouteRuleController.AUDIT_AFTER, write(after));
    }

    private String write(TrainingJob job) {
        try {
            return json.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            return "{\"unreadable\": true}";
        }
    }

    /** This server runs no training jobs. */
    static final class TrainingDisabledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TrainingDisabledException() {
            super("training jobs are not enabled on this server: they run in Kubernetes mode"
                    + " (dubbo.ai.deployment.executor=kubernetes) with the model registry, which registers what they"
                    + " produce");
        }
    }
}
