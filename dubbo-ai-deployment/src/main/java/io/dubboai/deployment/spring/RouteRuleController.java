package io.dubboai.deployment.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.controlplane.rule.RouteRuleEdit;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.controlplane.rule.StoredRouteRule;
import io.dubboai.deployment.rule.RouteRuleDocuments;
import io.dubboai.deployment.rule.RouteRuleService;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/ai/models/{model}/route-rule}: a model's route rule as YAML or JSON, with an {@code ETag} that names
 * the stored text.
 *
 * <ul>
 *   <li>{@code GET}: the rule; YAML when the client prefers {@code application/yaml} (or {@code application/x-yaml},
 *       {@code text/yaml}) in {@code Accept}, else JSON. {@code If-None-Match} with the current tag answers 304.
 *       404 without a rule; 409 with its problems when the stored text is not a valid rule.
 *   <li>{@code PUT}: replaces the rule's deployment fields (enabled, traffic, gpu, stickyKey, fallback) with the body
 *       (YAML or JSON, by {@code Content-Type}); the aliases stay the registry's. {@code If-Match: "<tag>"} writes only
 *       over that rule (412 otherwise), {@code If-Match: *} only over an existing rule, {@code If-None-Match: *} only
 *       where there is none; without either, 428 unless {@code ?force=true}. 200 with the stored rule and its new
 *       tag, 201 when it was created; 400 with every problem at its line and column; 409 for a change of aliases.
 * </ul>
 *
 * Writes set the audit attributes of the admin server ({@code io.dubboai.audit.*}: target {@code route-rule:<model>},
 * the rule before and after as JSON), so its audit log shows what changed whatever format was sent.
 */
@RestController
@RequestMapping(path = "/api/v1/ai/models/{model}/route-rule")
public class RouteRuleController {

    /** The YAML media type this API answers with. */
    public static final MediaType YAML = new MediaType("application", "yaml");

    private static final List<MediaType> YAML_TYPES =
            List.of(YAML, new MediaType("application", "x-yaml"), new MediaType("text", "yaml"));

    static final String AUDIT_TARGET = "io.dubboai.audit.target";
    static final String AUDIT_BEFORE = "io.dubboai.audit.before";
    static final String AUDIT_AFTER = "io.dubboai.audit.after";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouteRuleService rules;

    /** @param rules reads and replaces rules */
    public RouteRuleController(RouteRuleService rules) {
        this.rules = rules;
    }

    @GetMapping
    ResponseEntity<?> get(
            @PathVariable String model,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
        StoredRouteRule stored = rules.read(model).orElseThrow(() -> new RouteRuleNotFoundException(model));
        if (!stored.isValid()) {
            throw new StoredRuleInvalidException(stored);
        }
        if (ifNoneMatch != null && stored.etag().equals(unquoted(ifNoneMatch))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(stored.etag())
                    .build();
        }
        return represent(HttpStatus.OK, stored, accept);
    }

    @PutMapping(
            consumes = {
                MediaType.APPLICATION_JSON_VALUE,
                "application/yaml",
                "application/x-yaml",
                "text/yaml",
                MediaType.TEXT_PLAIN_VALUE
            })
    ResponseEntity<?> put(
            @PathVariable String model,
            @RequestBody String body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch,
            @RequestParam(defaultValue = "false") boolean force,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
            HttpServletRequest request) {
        RouteRulePrecondition precondition = precondition(model, ifMatch, ifNoneMatch, force);
        String text = isJson(request.getContentType()) ? RouteRuleDocuments.jsonAsYaml(body) : body;
        RouteRuleEdit edit = rules.replace(model, text, precondition);
        StoredRouteRule after = edit.after();
        if (after == null) {
            throw new IllegalStateException("an edit that sets a rule reported none after it");
        }
        request.setAttribute(AUDIT_TARGET, "route-rule:" + model);
        if (edit.before() != null) {
            request.setAttribute(AUDIT_BEFORE, auditJson(edit.before()));
        }
        request.setAttribute(AUDIT_AFTER, auditJson(after));
        return represent(edit.created() ? HttpStatus.CREATED : HttpStatus.OK, after, accept);
    }

    /** The precondition the request's headers ask for. */
    static RouteRulePrecondition precondition(
            String model, @Nullable String ifMatch, @Nullable String ifNoneMatch, boolean force) {
        if (ifMatch != null && ifNoneMatch != null) {
            throw new IllegalArgumentException(
                    "send If-Match (change the rule you read) or If-None-Match: * (create" + " a rule), not both");
        }
        if (ifMatch != null) {
            String tag = ifMatch.trim();
            if (tag.equals("*")) {
                return RouteRulePrecondition.PRESENT;
            }
            if (tag.contains(",")) {
                throw new IllegalArgumentException("If-Match lists several tags (" + tag + "); send the one ETag your"
                        + " read of the rule returned");
            }
            return RouteRulePrecondition.matching(unquoted(tag));
        }
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw new IllegalArgumentException("If-None-Match on PUT takes only '*' (create the rule only if the"
                        + " model has none); to change an existing rule send If-Match with its ETag");
            }
            return RouteRulePrecondition.ABSENT;
        }
        if (force) {
            return RouteRulePrecondition.ANY;
        }
        throw new PreconditionRequiredException(model);
    }

    private static String unquoted(String tag) {
        String value = tag.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static ResponseEntity<?> represent(HttpStatus status, StoredRouteRule stored, @Nullable String accept) {
        ResponseEntity.BodyBuilder answer =
                ResponseEntity.status(status).eTag(stored.etag()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        if (prefersYaml(accept)) {
            return answer.contentType(YAML).body(stored.text());
        }
        return answer.contentType(MediaType.APPLICATION_JSON).body(tree(stored));
    }

    /** Whether {@code accept} ranks a YAML type above JSON; JSON is the default, also for unknown types. */
    static boolean prefersYaml(@Nullable String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        double yaml = 0;
        double json = 0;
        for (MediaType type : types) {
            double quality = type.getQualityValue();
            if (YAML_TYPES.stream().anyMatch(type::equalsTypeAndSubtype)) {
                yaml = Math.max(yaml, quality);
            } else if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                json = Math.max(json, quality);
            }
        }
        return yaml > 0 && yaml >= json;
    }

    private static boolean isJson(@Nullable String contentType) {
        try {
            return contentType != null
                    && MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_JSON);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static Map<String, Object> tree(StoredRouteRule stored) {
        return RouteRuleDocuments.toTree(stored.rule().orElseThrow());
    }

    /** The rule as JSON for the audit log; a stored text that is not a valid rule as {@code {"invalidText": ...}}. */
    private static String auditJson(StoredRouteRule stored) {
        Object document = stored.isValid() ? tree(stored) : Map.of("invalidText", stored.text());
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a route rule tree could not be written as JSON", e);
        }
    }

    /** The model has no route rule (404). */
    static final class RouteRuleNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String model;

        RouteRuleNotFoundException(String model) {
            super("model '" + model + "' has no route rule; create one with PUT /api/v1/ai/models/" + model
                    + "/route-rule and the header If-None-Match: * (aliases appear there when the registry sets one)");
            this.model = model;
        }

        String model() {
            return model;
        }
    }

    /** The stored text is not a valid rule (409): it must be replaced, by its tag. */
    static final class StoredRuleInvalidException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient StoredRouteRule stored;

        StoredRuleInvalidException(StoredRouteRule stored) {
            super("the stored route rule of model '" + stored.model() + "' is not valid (the routers keep using the"
                    + " last valid rule they read); replace it with PUT and If-Match: \"" + stored.etag() + "\"");
            this.stored = stored;
        }

        StoredRouteRule stored() {
            return stored;
        }
    }

    /** A write with no precondition and no {@code force} (428). */
    static final class PreconditionRequiredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PreconditionRequiredException(String model) {
            super("a change of the route rule of model '" + model + "' must say what it changes: send If-Match with"
                    + " the ETag of GET /api/v1/ai/models/" + model + "/route-rule, If-None-Match: * to create it, or"
                    + " add ?force=true to write over whatever is stored (the aliases are kept in every case)");
        }
    }
}
