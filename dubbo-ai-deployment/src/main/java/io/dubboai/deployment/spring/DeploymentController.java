package io.dubboai.deployment.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.Rollout;
import io.dubboai.deployment.rollout.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/ai/deployments}: create, list and read deployments, and the operator's actions on a rollout
 * ({@code promote}, {@code pause}, {@code resume}, {@code abort}, {@code rollback}). Every answer is the deployment
 * document: spec, phase, step, weights, conditions and the event history with the numbers behind each gate. Writes
 * set the admin server's audit attributes (target {@code deployment:<name>}, the document before and after).
 */
@RestController
@RequestMapping(path = "/api/v1/ai/deployments", produces = MediaType.APPLICATION_JSON_VALUE)
public class DeploymentController {

    /** The actions a rollout takes. */
    static final List<String> ACTIONS = List.of("promote", "pause", "resume", "abort", "rollback");

    private final DeploymentService deployments;
    private final ObjectMapper json;

    public DeploymentController(DeploymentService deployments, ObjectMapper json) {
        this.deployments = deployments;
        this.json = json;
    }

    /** Every deployment, oldest first. */
    @GetMapping
    public Map<String, List<Rollout>> list() {
        return Map.of("deployments", deployments.list());
    }

    /** One deployment. */
    @GetMapping("/{name}")
    public Rollout get(@PathVariable String name) {
        return deployments.get(name);
    }

    /** Validates and stores a deployment (unknown fields refused, naming them); 201 with its document. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Rollout> create(@RequestBody String body, HttpServletRequest request) {
        DeploymentSpec spec = StrictJson.read(json, body, DeploymentSpec.class);
        Rollout created = deployments.create(spec, actor(request));
        audit(request, created.name(), null, created);
        return ResponseEntity.created(URI.create("/api/v1/ai/deployments/" + created.name()))
                .body(created);
    }

    /** One of {@link #ACTIONS}. */
    @PostMapping("/{name}/{action}")
    public Rollout act(@PathVariable String name, @PathVariable String action, HttpServletRequest request) {
        Rollout before = deployments.get(name);
        String actor = actor(request);
        Rollout after =
                switch (action) {
                    case "promote" -> deployments.promote(name, actor);
                    case "pause" -> deployments.pause(name, actor);
                    case "resume" -> deployments.resume(name, actor);
                    case "abort" -> deployments.abort(name, actor);
                    case "rollback" -> deployments.rollback(name, actor);
                    default ->
                        throw new UnknownActionException(
                                "'" + action + "' is not an action of a deployment; use one of " + ACTIONS);
                };
        audit(request, name, before, after);
        return after;
    }

    /** Who sends {@code request}: the authenticated principal's name, else {@code anonymous}. */
    static String actor(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal == null ? "anonymous" : principal.getName();
    }

    private void audit(HttpServletRequest request, String name, @Nullable Rollout before, Rollout after) {
        request.setAttribute(RouteRuleController.AUDIT_TARGET, "deployment:" + name);
        if (before != null) {
            request.setAttribute(RouteRuleController.AUDIT_BEFORE, summary(before));
        }
        request.setAttribute(RouteRuleController.AUDIT_AFTER, summary(after));
    }

    /** The audit's view: what the operator changed, without the event history. */
    private String summary(Rollout rollout) {
        try {
            return json.writeValueAsString(Map.of(
                    "spec", rollout.spec(),
                    "candidate", rollout.candidate(),
                    "baseline", String.valueOf(rollout.baseline()),
                    "phase", rollout.phase(),
                    "paused", rollout.paused(),
                    "step", rollout.step(),
                    "weights", rollout.weights()));
        } catch (JsonProcessingException e) {
            return "{\"unreadable\": true}";
        }
    }

    /** An action name that is not one. */
    static final class UnknownActionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownActionException(String message) {
            super(message);
        }
    }
}
