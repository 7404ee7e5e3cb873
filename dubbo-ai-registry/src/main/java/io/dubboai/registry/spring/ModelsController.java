package io.dubboai.registry.spring;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.registry.Lineage;
import io.dubboai.registry.ModelQuery;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.ModelRegistry.ArtifactDownload;
import io.dubboai.registry.ModelVersion;
import io.dubboai.registry.NewModel;
import io.dubboai.registry.NewVersion;
import io.dubboai.registry.Page;
import io.dubboai.registry.RegisteredModel;
import io.dubboai.registry.RegistryException;
import io.dubboai.registry.Validation;
import io.dubboai.registry.VersionQuery;
import io.dubboai.registry.VersionStatus;
import io.dubboai.registry.artifact.SizeLimitedInputStream;
import io.dubboai.registry.serving.ServingReadiness;
import io.dubboai.registry.serving.VersionServing;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The registry's REST API under {@code /api/v1/ai/models} (the base path of Dubbo Admin's console). JSON in and
 * out; lists are paged ({@code pageSize}, {@code pageToken} → {@code nextPageToken}); errors are RFC 7807 problem
 * details (see {@link RegistryProblemHandler}). The caller's name for audit fields is the request's
 * {@link Principal}, or {@value ModelRegistry#ANONYMOUS}.
 */
@RestController
@RequestMapping(path = "/api/v1/ai/models", produces = MediaType.APPLICATION_JSON_VALUE)
public class ModelsController {

    private final ModelRegistry registry;
    private final long maxUploadBytes;
    private final @Nullable ServingReadiness readiness;
    private final boolean aliasRequiresReady;

    /**
     * @param registry the registry service
     * @param maxUploadBytes the largest artifact an upload may carry, at least 1
     */
    public ModelsController(ModelRegistry registry, long maxUploadBytes) {
        this(registry, maxUploadBytes, null, false);
    }

    /**
     * @param readiness where versions are served (the {@code serving} view and the alias guard), or null
     * @param aliasRequiresReady whether moving an alias to a version with no ready provider answers 409 unless the
     *     caller adds {@code ?force=true}
     */
    public ModelsController(
            ModelRegistry registry,
            long maxUploadBytes,
            @Nullable ServingReadiness readiness,
            boolean aliasRequiresReady) {
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException(UploadTooLargeException.PROPERTY + " must be at least 1 byte, but was "
                    + maxUploadBytes + " bytes; use e.g. 2GB (the default)");
        }
        this.registry = registry;
        this.maxUploadBytes = maxUploadBytes;
        this.readiness = readiness;
        this.aliasRequiresReady = aliasRequiresReady;
    }

    /** Body of {@code POST /api/v1/ai/models}. */
    public record CreateModelRequest(
            @Nullable String name,
            @Nullable String description,
            @Nullable String owner,
            @Nullable Map<String, String> tags) {}

    /** Body of {@code PATCH /api/v1/ai/models/{name}}. */
    public record UpdateModelRequest(
            @Nullable String description, @Nullable String owner) {}

    /** Body of {@code POST /api/v1/ai/models/{name}/versions}. */
    public record CreateVersionRequest(
            @Nullable String description,
            @Nullable String artifactUri,
            @Nullable String checksum,
            @Nullable String format,
            @Nullable String runtime,
            @Nullable ModelSignature signature,
            @Nullable Map<String, Double> metrics,
            @Nullable Map<String, String> params,
            @Nullable Map<String, String> tags,
            @Nullable Lineage lineage) {}

    /** Body of {@code PATCH /api/v1/ai/models/{name}/versions/{version}}. */
    public record UpdateVersionRequest(
            @Nullable String description,
            @Nullable String status,
            @Nullable String statusMessage) {}

    /** Body of {@code PUT .../tags/{key}}. */
    public record TagValue(@Nullable String value) {}

    /** Body of {@code PUT .../aliases/{alias}}. */
    public record AliasTarget(@Nullable Long version) {}

    // ------------------------------------------------------------------ models

    /** Lists models: {@code namePrefix}, {@code tag=key:value} (repeatable), {@code alias}, {@code status}. */
    @GetMapping
    public Page<RegisteredModel> list(
            @RequestParam(defaultValue = "") String namePrefix,
            @RequestParam(name = "tag", required = false) @Nullable List<String> tags,
            @RequestParam(required = false) @Nullable String alias,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable Integer pageSize,
            @RequestParam(required = false) @Nullable String pageToken) {
        return registry.searchModels(new ModelQuery(
                namePrefix, parseTags(tags), alias, parseStatus(status), Page.pageSize(pageSize), pageToken));
    }

    /** Registers a model; 201 with the model. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public RegisteredModel create(@RequestBody CreateModelRequest body, @Nullable Principal principal) {
        if (body.name() == null) {
            throw new IllegalArgumentException("name is missing; give the model's name, e.g. {\"name\": \"churn\"}");
        }
        return registry.createModel(
                new NewModel(
                        body.name(),
                        orEmpty(body.description()),
                        orEmpty(body.owner()),
                        body.tags() == null ? Map.of() : body.tags()),
                actor(principal));
    }

    /** One model. */
    @GetMapping("/{name}")
    public RegisteredModel get(@PathVariable String name) {
        return registry.getModel(name);
    }

    /** Changes description and/or owner. */
    @PatchMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public RegisteredModel update(
            @PathVariable String name, @RequestBody UpdateModelRequest body, @Nullable Principal principal) {
        return registry.updateModel(name, body.description(), body.owner(), actor(principal));
    }

    /** Deletes a model with its versions and their uploaded artifacts. */
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String name, @Nullable Principal principal) {
        registry.deleteModel(name, actor(principal));
    }

    /** Sets a model tag. */
    @PutMapping(path = "/{name}/tags/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public RegisteredModel setTag(
            @PathVariable String name,
            @PathVariable String key,
            @RequestBody TagValue body,
            @Nullable Principal principal) {
        return registry.setModelTag(name, key, requireValue(body.value()), actor(principal));
    }

    /** Removes a model tag. */
    @DeleteMapping("/{name}/tags/{key}")
    public RegisteredModel deleteTag(
            @PathVariable String name, @PathVariable String key, @Nullable Principal principal) {
        return registry.deleteModelTag(name, key, actor(principal));
    }

    // ------------------------------------------------------------------ aliases

    /**
     * Points an alias at a version (and writes it to the route rule). When the registry knows where versions are
     * served, a version with no ready provider is refused with 409 and the reason, unless {@code force=true}.
     */
    @PutMapping(path = "/{name}/aliases/{alias}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public RegisteredModel setAlias(
            @PathVariable String name,
            @PathVariable String alias,
            @RequestBody AliasTarget body,
            @RequestParam(defaultValue = "false") boolean force,
            @Nullable Principal principal) {
        if (body.version() == null) {
            throw new IllegalArgumentException(
                    "version is missing; give the version the alias should point at, e.g. {\"version\": 3}");
        }
        if (aliasRequiresReady && !force && readiness != null) {
            // bad input (400) and unknown versions (404) first, as without the guard
            io.dubboai.core.model.ModelNames.requireAlias(alias);
            registry.getVersion(name, body.version());
            VersionServing serving = readiness.of(name, body.version());
            if (serving.known() && serving.readyProviders() == 0) {
                throw new RegistryException(
                        RegistryException.Reason.CONFLICT,
                        name,
                        body.version(),
                        "alias '" + alias + "' not moved: " + ServingReadiness.noReadyProvider(serving));
            }
        }
        return registry.setAlias(name, alias, body.version(), actor(principal));
    }

    /** The version an alias points at. */
    @GetMapping("/{name}/aliases/{alias}")
    public ModelVersion resolveAlias(@PathVariable String name, @PathVariable String alias) {
        return registry.resolveAlias(name, alias);
    }

    /** Removes an alias (and from the route rule). */
    @DeleteMapping("/{name}/aliases/{alias}")
    public RegisteredModel deleteAlias(
            @PathVariable String name, @PathVariable String alias, @Nullable Principal principal) {
        return registry.deleteAlias(name, alias, actor(principal));
    }

    // ------------------------------------------------------------------ versions

    /** Lists versions of a model: {@code status}, {@code tag=key:value}. */
    @GetMapping("/{name}/versions")
    public Page<ModelVersion> versions(
            @PathVariable String name,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(name = "tag", required = false) @Nullable List<String> tags,
            @RequestParam(required = false) @Nullable Integer pageSize,
            @RequestParam(required = false) @Nullable String pageToken) {
        registry.getModel(name);
        return registry.searchVersions(new VersionQuery(
                name, "", parseStatus(status), parseTags(tags), null, Page.pageSize(pageSize), pageToken));
    }

    /** Registers the next version; 201 with the version. */
    @PostMapping(path = "/{name}/versions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ModelVersion createVersion(
            @PathVariable String name, @RequestBody CreateVersionRequest body, @Nullable Principal principal) {
        return registry.createVersion(
                name,
                new NewVersion(
                        orEmpty(body.description()),
                        body.artifactUri(),
                        body.checksum(),
                        orEmpty(body.format()),
                        orEmpty(body.runtime()),
                        body.signature() == null ? ModelSignature.EMPTY : body.signature(),
                        body.metrics() == null ? Map.of() : body.metrics(),
                        body.params() == null ? Map.of() : body.params(),
                        body.tags() == null ? Map.of() : body.tags(),
                        body.lineage() == null ? Lineage.NONE : body.lineage()),
                actor(principal));
    }

    /** One version. */
    @GetMapping("/{name}/versions/{version}")
    public ModelVersion getVersion(@PathVariable String name, @PathVariable String version) {
        return registry.getVersion(name, Validation.parseVersion(version));
    }

    /**
     * Where a version is served: ready providers, the Dubbo registry's providers of it and what each model host
     * assigned it reports. {@code sources} is empty when the registry can consult nothing.
     */
    @GetMapping("/{name}/versions/{version}/serving")
    public VersionServing serving(@PathVariable String name, @PathVariable String version) {
        long number = Validation.parseVersion(version);
        registry.getVersion(name, number);
        return readiness == null
                ? new VersionServing(name, number, 0, List.of(), List.of(), List.of())
                : readiness.of(name, number);
    }

    /** Changes description and/or status of a version. */
    @PatchMapping(path = "/{name}/versions/{version}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ModelVersion updateVersion(
            @PathVariable String name,
            @PathVariable String version,
            @RequestBody UpdateVersionRequest body,
            @Nullable Principal principal) {
        return registry.updateVersion(
                name,
                Validation.parseVersion(version),
                body.description(),
                parseStatus(body.status()),
                body.statusMessage(),
                actor(principal));
    }

    /** Deletes a version (aliases pointing at it are removed). */
    @DeleteMapping("/{name}/versions/{version}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void deleteVersion(@PathVariable String name, @PathVariable String version, @Nullable Principal principal) {
        registry.deleteVersion(name, Validation.parseVersion(version), actor(principal));
    }

    /** Sets a version tag. */
    @PutMapping(path = "/{name}/versions/{version}/tags/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ModelVersion setVersionTag(
            @PathVariable String name,
            @PathVariable String version,
            @PathVariable String key,
            @RequestBody TagValue body,
            @Nullable Principal principal) {
        return registry.setVersionTag(
                name, Validation.parseVersion(version), key, requireValue(body.value()), actor(principal));
    }

    /** Removes a version tag. */
    @DeleteMapping("/{name}/versions/{version}/tags/{key}")
    public ModelVersion deleteVersionTag(
            @PathVariable String name,
            @PathVariable String version,
            @PathVariable String key,
            @Nullable Principal principal) {
        return registry.deleteVersionTag(name, Validation.parseVersion(version), key, actor(principal));
    }

    /**
     * Uploads the artifact of a version (body: the raw bytes, streamed to the artifact store). With {@code sha256} the
     * bytes are checked against it and nothing is stored on mismatch. A body larger than the upload limit
     * ({@value UploadTooLargeException#PROPERTY}) is refused with 413 before it is read when its
     * {@code Content-Length} says so, or as soon as it passes the limit; nothing is stored. The version becomes READY.
     */
    @PutMapping(path = "/{name}/versions/{version}/artifact", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public ModelVersion upload(
            @PathVariable String name,
            @PathVariable String version,
            @RequestParam(defaultValue = "model.bin") String fileName,
            @RequestParam(required = false) @Nullable String sha256,
            HttpServletRequest request,
            @Nullable Principal principal)
            throws IOException {
        long number = Validation.parseVersion(version);
        if (request.getContentLengthLong() > maxUploadBytes) {
            throw new UploadTooLargeException(
                    name,
                    number,
                    maxUploadBytes,
                    "the artifact (Content-Length " + request.getContentLengthLong() + " bytes)");
        }
        try (InputStream body = new SizeLimitedInputStream(
                request.getInputStream(),
                maxUploadBytes,
                () -> new UploadTooLargeException(name, number, maxUploadBytes, "the artifact"))) {
            return registry.uploadArtifact(name, number, fileName, body, sha256, actor(principal));
        }
    }

    /** Downloads the artifact of a version after verifying its SHA-256 (sent as the {@code Digest} header). */
    @GetMapping(path = "/{name}/versions/{version}/artifact", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public ResponseEntity<StreamingResponseBody> download(@PathVariable String name, @PathVariable String version) {
        ArtifactDownload download = registry.verifyArtifact(name, Validation.parseVersion(version));
        StreamingResponseBody body = out -> {
            try (InputStream in = registry.openArtifact(download)) {
                in.transferTo(out);
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(download.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + download.fileName() + "\"")
                .header("X-Checksum-Sha256", download.sha256())
                .body(body);
    }

    // ------------------------------------------------------------------ helpers

    static String actor(@Nullable Principal principal) {
        return principal == null
                        || principal.getName() == null
                        || principal.getName().isBlank()
                ? ModelRegistry.ANONYMOUS
                : principal.getName();
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }

    private static String requireValue(@Nullable String value) {
        if (value == null) {
            throw new IllegalArgumentException("value is missing; send {\"value\": \"...\"}");
        }
        return value;
    }

    private static @Nullable VersionStatus parseStatus(@Nullable String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        try {
            return VersionStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status '" + status + "' is unknown; use PENDING, READY or FAILED");
        }
    }

    private static Map<String, String> parseTags(@Nullable List<String> tags) {
        Map<String, String> parsed = new HashMap<>();
        if (tags != null) {
            for (String tag : tags) {
                int colon = tag.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException(
                            "tag filter '" + tag + "' is not key:value; write e.g. tag=team:fraud");
                }
                parsed.put(tag.substring(0, colon), tag.substring(colon + 1));
            }
        }
        return parsed;
    }
}
