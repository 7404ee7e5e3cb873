package io.dubboai.registry.spring;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.registry.Lineage;
import io.dubboai.registry.ModelQuery;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.ModelVersion;
import io.dubboai.registry.NewModel;
import io.dubboai.registry.NewVersion;
import io.dubboai.registry.Page;
import io.dubboai.registry.RegisteredModel;
import io.dubboai.registry.Stage;
import io.dubboai.registry.Validation;
import io.dubboai.registry.VersionQuery;
import java.security.Principal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A subset of the MLflow Model Registry REST API 2.0 over the same registry, so MLflow clients can register and
 * fetch models: registered models (create, get, update, delete, search, latest versions, tags, aliases) and
 * model versions (create, get, update, delete, search, download URI, stage transition, tags). Request and response
 * bodies use MLflow's field names; errors are {@code {"error_code": ..., "message": ...}} with MLflow's codes
 * (see {@link MlflowErrorHandler}).
 *
 * <p>Mapping: MLflow's {@code source} is the version's artifact URI (checked by the URI policy), {@code run_id}
 * its lineage source run, {@code user_id} its creator; versions without a verified artifact report
 * {@code PENDING_REGISTRATION}. Search filters understand {@code name = '...'}, {@code name LIKE '...%'},
 * {@code name ILIKE} (see {@link LikePattern}), {@code run_id = '...'} and {@code tags.<key> = '...'}, joined with
 * {@code AND}.
 */
@RestController
@RequestMapping(path = "/api/2.0/mlflow", produces = MediaType.APPLICATION_JSON_VALUE)
public class MlflowController {

    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(name|run_id|tags\\.`?[A-Za-z0-9_.:/ -]+`?)\\s*(=|LIKE|ILIKE)\\s*'([^']*)'\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AND = Pattern.compile("\\s+AND\\s+", Pattern.CASE_INSENSITIVE);

    private final ModelRegistry registry;

    /** @param registry the registry service */
    public MlflowController(ModelRegistry registry) {
        this.registry = registry;
    }

    /** One {@code {key, value}} tag as MLflow writes it. */
    public record Tag(@Nullable String key, @Nullable String value) {}

    /** The fields MLflow request bodies use; each endpoint reads the ones it needs. */
    public record Body(
            @Nullable String name,
            @Nullable String description,
            @Nullable List<Tag> tags,
            @Nullable String source,
            @Nullable String run_id,
            @Nullable String run_link,
            @Nullable String version,
            @Nullable String alias,
            @Nullable String key,
            @Nullable String value,
            @Nullable String stage,
            @Nullable Boolean archive_existing_versions) {}

    // ------------------------------------------------------------------ registered models

    @PostMapping("/registered-models/create")
    Map<String, Object> createRegisteredModel(@RequestBody Body body, @Nullable Principal principal) {
        RegisteredModel model = registry.createModel(
                new NewModel(required(body.name(), "name"), orEmpty(body.description()), "", tags(body.tags())),
                ModelsController.actor(principal));
        return Map.of("registered_model", registeredModel(model));
    }

    @GetMapping("/registered-models/get")
    Map<String, Object> getRegisteredModel(@RequestParam(required = false) @Nullable String name) {
        return Map.of("registered_model", registeredModel(registry.getModel(required(name, "name"))));
    }

    @PatchMapping("/registered-models/update")
    Map<String, Object> updateRegisteredModel(@RequestBody Body body, @Nullable Principal principal) {
        RegisteredModel model = registry.updateModel(
                required(body.name(), "name"), body.description(), null, ModelsController.actor(principal));
        return Map.of("registered_model", registeredModel(model));
    }

    @DeleteMapping("/registered-models/delete")
    Map<String, Object> deleteRegisteredModel(
            @RequestBody(required = false) @Nullable Body body,
            @RequestParam(required = false) @Nullable String name,
            @Nullable Principal principal) {
        registry.deleteModel(
                required(name != null ? name : body == null ? null : body.name(), "name"),
                ModelsController.actor(principal));
        return Map.of();
    }

    @GetMapping("/registered-models/search")
    Map<String, Object> searchRegisteredModels(
            @RequestParam(required = false) @Nullable String filter,
            @RequestParam(name = "max_results", required = false) @Nullable Integer maxResults,
            @RequestParam(name = "page_token", required = false) @Nullable String pageToken) {
        Filter parsed = Filter.parse(filter);
        Page<RegisteredModel> page = registry.searchModels(
                new ModelQuery(parsed.namePrefix, parsed.tags, null, null, Page.pageSize(maxResults), pageToken));
        List<Map<String, Object>> models = new ArrayList<>();
        for (RegisteredModel model : page.items()) {
            if (parsed.matchesName(model.name())) {
                models.add(registeredModel(model));
            }
        }
        return withToken(Map.of("registered_models", models), page.nextPageToken());
    }

    @GetMapping("/registered-models/get-latest-versions")
    Map<String, Object> latestVersions(
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable List<String> stages) {
        return Map.of("model_versions", latest(required(name, "name"), stages));
    }

    @PostMapping("/registered-models/get-latest-versions")
    @ReadOnlyEndpoint
    Map<String, Object> latestVersionsPost(@RequestBody LatestRequest body) {
        return Map.of("model_versions", latest(required(body.name(), "name"), body.stages()));
    }

    /** Body of the POST form of get-latest-versions. */
    public record LatestRequest(
            @Nullable String name, @Nullable List<String> stages) {}

    @PostMapping("/registered-models/set-tag")
    Map<String, Object> setModelTag(@RequestBody Body body, @Nullable Principal principal) {
        registry.setModelTag(
                required(body.name(), "name"),
                required(body.key(), "key"),
                orEmpty(body.value()),
                ModelsController.actor(principal));
        return Map.of();
    }

    @DeleteMapping("/registered-models/delete-tag")
    Map<String, Object> deleteModelTag(@RequestBody Body body, @Nullable Principal principal) {
        registry.deleteModelTag(
                required(body.name(), "name"), required(body.key(), "key"), ModelsController.actor(principal));
        return Map.of();
    }

    @PostMapping("/registered-models/alias")
    Map<String, Object> setAlias(@RequestBody Body body, @Nullable Principal principal) {
        registry.setAlias(
                required(body.name(), "name"),
                required(body.alias(), "alias"),
                Validation.parseVersion(required(body.version(), "version")),
                ModelsController.actor(principal));
        return Map.of();
    }

    @DeleteMapping("/registered-models/alias")
    Map<String, Object> deleteAlias(
            @RequestBody(required = false) @Nullable Body body,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String alias,
            @Nullable Principal principal) {
        registry.deleteAlias(
                required(name != null ? name : body == null ? null : body.name(), "name"),
                required(alias != null ? alias : body == null ? null : body.alias(), "alias"),
                ModelsController.actor(principal));
        return Map.of();
    }

    @GetMapping("/registered-models/alias")
    Map<String, Object> getByAlias(
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String alias) {
        ModelVersion version = registry.resolveAlias(required(name, "name"), required(alias, "alias"));
        return Map.of("model_version", modelVersion(version, registry.getModel(version.model())));
    }

    // ------------------------------------------------------------------ model versions

    @PostMapping("/model-versions/create")
    Map<String, Object> createModelVersion(@RequestBody Body body, @Nullable Principal principal) {
        String name = required(body.name(), "name");
        NewVersion request = new NewVersion(
                orEmpty(body.description()),
                body.source() == null || body.source().isEmpty() ? null : body.source(),
                null,
                "",
                "",
                ModelSignature.EMPTY,
                Map.of(),
                Map.of(),
                tags(body.tags()),
                new Lineage(body.run_id(), null, null));
        ModelVersion version = registry.createVersion(name, request, ModelsController.actor(principal));
        return Map.of("model_version", modelVersion(version, registry.getModel(name)));
    }

    @GetMapping("/model-versions/get")
    Map<String, Object> getModelVersion(
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String version) {
        ModelVersion found =
                registry.getVersion(required(name, "name"), Validation.parseVersion(required(version, "version")));
        return Map.of("model_version", modelVersion(found, registry.getModel(found.model())));
    }

    @PatchMapping("/model-versions/update")
    Map<String, Object> updateModelVersion(@RequestBody Body body, @Nullable Principal principal) {
        ModelVersion updated = registry.updateVersion(
                required(body.name(), "name"),
                Validation.parseVersion(required(body.version(), "version")),
                body.description(),
                null,
                null,
                ModelsController.actor(principal));
        return Map.of("model_version", modelVersion(updated, registry.getModel(updated.model())));
    }

    @DeleteMapping("/model-versions/delete")
    Map<String, Object> deleteModelVersion(
            @RequestBody(required = false) @Nullable Body body,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String version,
            @Nullable Principal principal) {
        registry.deleteVersion(
                required(name != null ? name : body == null ? null : body.name(), "name"),
                Validation.parseVersion(
                        required(version != null ? version : body == null ? null : body.version(), "version")),
                ModelsController.actor(principal));
        return Map.of();
    }

    @GetMapping("/model-versions/search")
    Map<String, Object> searchModelVersions(
            @RequestParam(required = false) @Nullable String filter,
            @RequestParam(name = "max_results", required = false) @Nullable Integer maxResults,
            @RequestParam(name = "page_token", required = false) @Nullable String pageToken) {
        Filter parsed = Filter.parse(filter);
        Page<ModelVersion> page = registry.searchVersions(new VersionQuery(
                parsed.exactName,
                parsed.namePrefix,
                null,
                parsed.tags,
                parsed.runId,
                Page.pageSize(maxResults),
                pageToken));
        Map<String, RegisteredModel> models = new HashMap<>();
        List<Map<String, Object>> versions = new ArrayList<>();
        for (ModelVersion version : page.items()) {
            if (parsed.matchesName(version.model())) {
                RegisteredModel model = models.computeIfAbsent(version.model(), registry::getModel);
                versions.add(modelVersion(version, model));
            }
        }
        return withToken(Map.of("model_versions", versions), page.nextPageToken());
    }

    @GetMapping("/model-versions/get-download-uri")
    Map<String, Object> downloadUri(
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String version) {
        ModelVersion found =
                registry.getVersion(required(name, "name"), Validation.parseVersion(required(version, "version")));
        return Map.of("artifact_uri", found.artifactUri() == null ? "" : found.artifactUri());
    }

    @PostMapping("/model-versions/transition-stage")
    Map<String, Object> transitionStage(@RequestBody Body body, @Nullable Principal principal) {
        ModelVersion moved = registry.transitionStage(
                required(body.name(), "name"),
                Validation.parseVersion(required(body.version(), "version")),
                Stage.parse(required(body.stage(), "stage")),
                Boolean.TRUE.equals(body.archive_existing_versions()),
                ModelsController.actor(principal));
        return Map.of("model_version", modelVersion(moved, registry.getModel(moved.model())));
    }

    @PostMapping("/model-versions/set-tag")
    Map<String, Object> setVersionTag(@RequestBody Body body, @Nullable Principal principal) {
        registry.setVersionTag(
                required(body.name(), "name"),
                Validation.parseVersion(required(body.version(), "version")),
                required(body.key(), "key"),
                orEmpty(body.value()),
                ModelsController.actor(principal));
        return Map.of();
    }

    @DeleteMapping("/model-versions/delete-tag")
    Map<String, Object> deleteVersionTag(@RequestBody Body body, @Nullable Principal principal) {
        registry.deleteVersionTag(
                required(body.name(), "name"),
                Validation.parseVersion(required(body.version(), "version")),
                required(body.key(), "key"),
                ModelsController.actor(principal));
        return Map.of();
    }

    // ------------------------------------------------------------------ mapping

    private List<Map<String, Object>> latest(String name, @Nullable List<String> stages) {
        Set<Stage> wanted = EnumSet.noneOf(Stage.class);
        if (stages != null) {
            stages.forEach(stage -> wanted.add(Stage.parse(stage)));
        }
        RegisteredModel model = registry.getModel(name);
        return registry.latestVersions(name, wanted).stream()
                .map(version -> modelVersion(version, model))
                .toList();
    }

    private Map<String, Object> registeredModel(RegisteredModel model) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", model.name());
        json.put("creation_timestamp", model.audit().createdAt().toEpochMilli());
        json.put("last_updated_timestamp", model.audit().updatedAt().toEpochMilli());
        json.put("description", model.description());
        json.put("user_id", model.owner());
        json.put(
                "latest_versions",
                registry.latestVersions(model.name(), Set.of()).stream()
                        .map(version -> modelVersion(version, model))
                        .toList());
        json.put("tags", tagList(model.tags()));
        json.put(
                "aliases",
                model.aliases().entrySet().stream()
                        .map(alias -> Map.of("alias", alias.getKey(), "version", Long.toString(alias.getValue())))
                        .toList());
        return json;
    }

    private static Map<String, Object> modelVersion(ModelVersion version, RegisteredModel model) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", version.model());
        json.put("version", Long.toString(version.version()));
        json.put("creation_timestamp", version.audit().createdAt().toEpochMilli());
        json.put("last_updated_timestamp", version.audit().updatedAt().toEpochMilli());
        json.put("user_id", version.audit().createdBy());
        json.put("current_stage", version.stage().mlflowName());
        json.put("description", version.description());
        json.put("source", version.artifactUri() == null ? "" : version.artifactUri());
        json.put(
                "run_id",
                version.lineage().sourceRun() == null ? "" : version.lineage().sourceRun());
        json.put(
                "status",
                switch (version.status()) {
                    case PENDING -> "PENDING_REGISTRATION";
                    case READY -> "READY";
                    case FAILED -> "FAILED_REGISTRATION";
                });
        json.put("status_message", version.statusMessage());
        json.put("tags", tagList(version.tags()));
        json.put(
                "aliases",
                model.aliases().entrySet().stream()
                        .filter(alias -> alias.getValue() == version.version())
                        .map(Map.Entry::getKey)
                        .toList());
        return json;
    }

    private static List<Map<String, String>> tagList(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(tag -> Map.of("key", tag.getKey(), "value", tag.getValue()))
                .toList();
    }

    private static Map<String, String> tags(@Nullable List<Tag> tags) {
        Map<String, String> map = new HashMap<>();
        if (tags != null) {
            for (Tag tag : tags) {
                map.put(required(tag.key(), "tags[].key"), orEmpty(tag.value()));
            }
        }
        return map;
    }

    private static Map<String, Object> withToken(Map<String, Object> body, @Nullable String token) {
        if (token == null) {
            return body;
        }
        Map<String, Object> json = new LinkedHashMap<>(body);
        json.put("next_page_token", token);
        return json;
    }

    private static String required(@Nullable String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("Missing value for required parameter '" + field + "'");
        }
        return value;
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }

    /** A parsed MLflow search filter. */
    private static final class Filter {
        @Nullable
        String exactName;

        String namePrefix = "";

        @Nullable
        LikePattern namePattern;

        @Nullable
        String runId;

        final Map<String, String> tags = new HashMap<>();

        static Filter parse(@Nullable String text) {
            Filter filter = new Filter();
            if (text == null || text.isBlank()) {
                return filter;
            }
            for (String clause : AND.split(text.trim())) {
                Matcher matcher = CLAUSE.matcher(clause);
                if (!matcher.matches()) {
                    throw new IllegalArgumentException("Invalid filter '" + text + "': clause '" + clause.trim()
                            + "' is not supported; use name = '...', name LIKE 'prefix%', run_id = '...' or"
                            + " tags.<key> = '...', joined with AND");
                }
                String field = matcher.group(1);
                String operator = matcher.group(2).toUpperCase(Locale.ROOT);
                String value = matcher.group(3);
                if (field.equalsIgnoreCase("name")) {
                    filter.name(operator, value);
                } else if (field.equalsIgnoreCase("run_id")) {
                    requireEquals(operator, field);
                    filter.runId = value;
                } else {
                    requireEquals(operator, field);
                    filter.tags.put(field.substring("tags.".length()).replace("`", ""), value);
                }
            }
            return filter;
        }

        private void name(String operator, String value) {
            if (operator.equals("=")) {
                exactName = value;
                namePrefix = value;
                return;
            }
            LikePattern pattern = LikePattern.parse(value, operator.equals("ILIKE"));
            namePrefix = pattern.literalPrefix();
            namePattern = pattern;
        }

        boolean matchesName(String name) {
            if (exactName != null && !exactName.equals(name)) {
                return false;
            }
            return namePattern == null || namePattern.matches(name);
        }

        private static void requireEquals(String operator, String field) {
            if (!operator.equals("=")) {
                throw new IllegalArgumentException("Invalid filter: " + field + " supports only '=', not " + operator);
            }
        }
    }
}
