package io.dubboai.registry;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.registry.RegistryException.Reason;
import io.dubboai.registry.artifact.ArtifactStore;
import io.dubboai.registry.artifact.ArtifactUriPolicy;
import io.dubboai.registry.artifact.Checksums;
import io.dubboai.registry.artifact.OnnxSignatures;
import io.dubboai.registry.artifact.StoredArtifact;
import io.dubboai.registry.rule.AliasRuleSynchronizer;
import io.dubboai.registry.store.MetadataStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's operations: what the REST API, the MLflow-compatible API and other components call. Checks
 * input, asks the {@link ModelAccessPolicy}, writes through the {@link MetadataStore} (compare-and-set) and keeps
 * route-rule aliases in step through the {@link AliasRuleSynchronizer}.
 *
 * <p>Every method validates its whole input before writing, so a rejected request leaves nothing behind.
 * Thread-safe.
 */
public final class ModelRegistry {

    /** The caller name used when a request carries no authenticated principal. */
    public static final String ANONYMOUS = "anonymous";

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final MetadataStore store;
    private final @Nullable ArtifactStore artifacts;
    private final ArtifactUriPolicy uriPolicy;
    private final @Nullable AliasRuleSynchronizer rules;
    private final ModelAccessPolicy access;
    private final Clock clock;

    /**
     * @param store model metadata
     * @param artifacts where uploaded artifacts go; null when uploads are disabled
     * @param uriPolicy which external artifact URIs versions may reference
     * @param rules writes aliases into route rules; null to leave route rules alone
     * @param access who may change which model
     * @param clock time source for audit fields
     */
    public ModelRegistry(
            MetadataStore store,
            @Nullable ArtifactStore artifacts,
            ArtifactUriPolicy uriPolicy,
            @Nullable AliasRuleSynchronizer rules,
            ModelAccessPolicy access,
            Clock clock) {
        this.store = store;
        this.artifacts = artifacts;
        this.uriPolicy = uriPolicy;
        this.rules = rules;
        this.access = access;
        this.clock = clock;
    }

    /** The metadata store (for components and diagnostics). */
    public MetadataStore store() {
        return store;
    }

    /** The artifact store, if uploads are enabled. */
    public Optional<ArtifactStore> artifacts() {
        return Optional.ofNullable(artifacts);
    }

    // ------------------------------------------------------------------ models

    /** Registers a model. The owner defaults to the caller. */
    public RegisteredModel createModel(NewModel request, String actor) {
        String owner = request.owner().isBlank() ? actor : request.owner();
        RegisteredModel model = RegisteredModel.create(
                request.name(), request.description(), owner, request.tags(), Audit.created(clock.instant(), actor));
        return store.createModel(model);
    }

    /** The model, or {@code NOT_FOUND}. */
    public RegisteredModel getModel(String name) {
        Validation.requireModelName(name);
        return store.findModel(name).orElseThrow(() -> RegistryException.modelNotFound(name));
    }

    /** Changes description and/or owner (null leaves a field as it is). */
    public RegisteredModel updateModel(
            String name, @Nullable String description, @Nullable String owner, String actor) {
        Validation.requireModelName(name);
        return store.updateModel(name, model -> {
            access.checkWrite(actor, model);
            String newDescription = description == null ? model.description() : description;
            String newOwner = owner == null ? model.owner() : owner;
            if (newDescription.equals(model.description()) && newOwner.equals(model.owner())) {
                return model;
            }
            return model.withDetails(newDescription, newOwner, model.audit().touched(clock.instant(), actor));
        });
    }

    /** Sets one tag of a model. */
    public RegisteredModel setModelTag(String name, String key, String value, String actor) {
        Validation.requireModelName(name);
        Validation.requireTag(key, value, "tag");
        return store.updateModel(name, model -> {
            access.checkWrite(actor, model);
            if (value.equals(model.tags().get(key))) {
                return model;
            }
            Map<String, String> tags = new HashMap<>(model.tags());
            tags.put(key, value);
            return model.withTags(tags, model.audit().touched(clock.instant(), actor));
        });
    }

    /** Removes one tag of a model; {@code NOT_FOUND} when it is not set. */
    public RegisteredModel deleteModelTag(String name, String key, String actor) {
        Validation.requireModelName(name);
        return store.updateModel(name, model -> {
            access.checkWrite(actor, model);
            if (!model.tags().containsKey(key)) {
                throw new RegistryException(
                        Reason.NOT_FOUND, name, null, "model '" + name + "' has no tag '" + key + "'");
            }
            Map<String, String> tags = new HashMap<>(model.tags());
            tags.remove(key);
            return model.withTags(tags, model.audit().touched(clock.instant(), actor));
        });
    }

    /**
     * Deletes a model, its versions, their uploaded artifacts, and its aliases from the route rule.
     * Returns the deleted versions. Finishes a delete that was interrupted (the model is then reported as being
     * deleted to every other request); artifacts of versions deleted before the interruption are left to the
     * artifact garbage collector.
     */
    public List<ModelVersion> deleteModel(String name, String actor) {
        Validation.requireModelName(name);
        AtomicReference<@Nullable RegisteredModel> checked = new AtomicReference<>();
        List<ModelVersion> deleted = store.deleteModel(name, model -> {
            access.checkWrite(actor, model);
            if (!model.aliases().isEmpty()) {
                requireWritableRule(name);
            }
            checked.set(model);
        });
        RegisteredModel model = Objects.requireNonNull(checked.get(), "the delete checked no model");
        for (String alias : model.aliases().keySet()) {
            // the model is gone: every alias leaves the rule, whatever a lagging read may still show
            if (rules != null) {
                rules.sync(name, alias, a -> Optional.empty());
            }
        }
        deleteOwnedArtifacts(deleted);
        return deleted;
    }

    /** Models matching {@code query}, sorted by name. */
    public Page<RegisteredModel> searchModels(ModelQuery query) {
        @Nullable String after = Page.cursor(query.pageToken());
        Predicate<RegisteredModel> matches = model -> matchesTags(model.tags(), query.tags())
                && (query.alias() == null || model.aliases().containsKey(query.alias()))
                && (query.status() == null
                        || store.versions(model.name()).stream().anyMatch(v -> v.status() == query.status()));
        List<RegisteredModel> all = store.modelsWithPrefix(query.namePrefix()).stream()
                .filter(matches)
                .toList();
        return page(all, after, query.pageSize(), RegisteredModel::name);
    }

    // ------------------------------------------------------------------ versions

    /** Registers the next version of {@code name}. */
    public ModelVersion createVersion(String name, NewVersion request, String actor) {
        RegisteredModel model = getModel(name);
        access.checkWrite(actor, model);
        if (request.artifactUri() != null) {
            uriPolicy.check(request.artifactUri());
        }
        Checksums.requireSha256(request.checksum());
        VersionStatus status = request.artifactUri() != null && request.checksum() != null
                ? VersionStatus.READY
                : VersionStatus.PENDING;
        ModelSignature signature = request.artifactUri() != null
                        && artifacts != null
                        && artifacts.owns(request.artifactUri())
                        && isOnnx(request.format(), request.artifactUri())
                ? recordedSignature(name, null, request.signature(), request.artifactUri(), artifacts)
                : request.signature();
        Audit audit = Audit.created(clock.instant(), actor);
        return store.createVersion(
                name,
                number -> new ModelVersion(
                        name,
                        number,
                        request.description(),
                        request.artifactUri(),
                        request.checksum(),
                        request.format(),
                        request.runtime(),
                        signature,
                        request.metrics(),
                        request.params(),
                        request.tags(),
                        request.lineage(),
                        status,
                        "",
                        Stage.NONE,
                        null,
                        audit,
                        1));
    }

    /** The version, or {@code NOT_FOUND}. */
    public ModelVersion getVersion(String name, long version) {
        Validation.requireModelName(name);
        Validation.requireVersion(version);
        getModel(name);
        return store.findVersion(name, version).orElseThrow(() -> RegistryException.versionNotFound(name, version));
    }

    /** Every version of a model, ascending. */
    public List<ModelVersion> versions(String name) {
        getModel(name);
        return store.versions(name);
    }

    /**
     * Changes description, status or stage of a version (null leaves a field alone). Status moves must be allowed
     * by {@link VersionStatus#canMoveTo}; moving to a stage with {@code archiveOthers} archives the other versions
     * in that stage, as MLflow does.
     */
    public ModelVersion updateVersion(
            String name,
            long version,
            @Nullable String description,
            @Nullable VersionStatus status,
            @Nullable String statusMessage,
            String actor) {
        access.checkWrite(actor, getModel(name));
        return store.updateVersion(name, version, current -> {
            ModelVersion.Fields fields = current.fields();
            boolean changed = false;
            if (description != null && !description.equals(current.description())) {
                fields.description(description);
                changed = true;
            }
            if (status != null && (status != current.status() || statusMessage != null)) {
                if (!current.status().canMoveTo(status)) {
                    throw new RegistryException(
                            Reason.CONFLICT,
                            name,
                            version,
                            "version " + version + " of model '" + name + "' is " + current.status()
                                    + " and cannot become " + status + "; register a new version instead");
                }
                fields.status(status, statusMessage == null ? current.statusMessage() : statusMessage);
                changed = true;
            }
            return changed ? current.with(fields, current.audit().touched(clock.instant(), actor)) : current;
        });
    }

    /** Moves a version to an MLflow stage. */
    public ModelVersion transitionStage(String name, long version, Stage stage, boolean archiveOthers, String actor) {
        access.checkWrite(actor, getModel(name));
        getVersion(name, version);
        if (archiveOthers && stage != Stage.NONE && stage != Stage.ARCHIVED) {
            for (ModelVersion other : store.versions(name)) {
                if (other.version() != version && other.stage() == stage) {
                    store.updateVersion(
                            name,
                            other.version(),
                            current -> current.stage() == stage
                                    ? current.with(
                                            current.fields().stage(Stage.ARCHIVED),
                                            current.audit().touched(clock.instant(), actor))
                                    : current);
                }
            }
        }
        return store.updateVersion(
                name,
                version,
                current -> current.stage() == stage
                        ? current
                        : current.with(
                                current.fields().stage(stage), current.audit().touched(clock.instant(), actor)));
    }

    /** Sets one tag of a version. */
    public ModelVersion setVersionTag(String name, long version, String key, String value, String actor) {
        Validation.requireTag(key, value, "tag");
        access.checkWrite(actor, getModel(name));
        return store.updateVersion(name, version, current -> {
            if (value.equals(current.tags().get(key))) {
                return current;
            }
            Map<String, String> tags = new HashMap<>(current.tags());
            tags.put(key, value);
            return current.with(current.fields().tags(tags), current.audit().touched(clock.instant(), actor));
        });
    }

    /** Removes one tag of a version; {@code NOT_FOUND} when it is not set. */
    public ModelVersion deleteVersionTag(String name, long version, String key, String actor) {
        access.checkWrite(actor, getModel(name));
        return store.updateVersion(name, version, current -> {
            if (!current.tags().containsKey(key)) {
                throw new RegistryException(
                        Reason.NOT_FOUND,
                        name,
                        version,
                        "version " + version + " of model '" + name + "' has no tag '" + key + "'");
            }
            Map<String, String> tags = new HashMap<>(current.tags());
            tags.remove(key);
            return current.with(current.fields().tags(tags), current.audit().touched(clock.instant(), actor));
        });
    }

    /** Deletes a version; aliases pointing at it are removed first (as MLflow does), route rule included. */
    public ModelVersion deleteVersion(String name, long version, String actor) {
        ModelVersion existing = getVersion(name, version);
        RegisteredModel model = getModel(name);
        access.checkWrite(actor, model);
        for (Map.Entry<String, Long> alias : model.aliases().entrySet()) {
            if (alias.getValue() == version) {
                deleteAlias(name, alias.getKey(), actor);
            }
        }
        store.deleteVersion(name, version);
        deleteOwnedArtifacts(List.of(existing));
        return existing;
    }

    /** Versions matching {@code query}, by model name then version. */
    public Page<ModelVersion> searchVersions(VersionQuery query) {
        @Nullable String after = Page.cursor(query.pageToken());
        List<RegisteredModel> models = query.model() != null
                ? store.findModel(query.model()).map(List::of).orElse(List.of())
                : store.modelsWithPrefix(query.namePrefix());
        List<ModelVersion> matching = new ArrayList<>();
        for (RegisteredModel model : models) {
            for (ModelVersion version : store.versions(model.name())) {
                if ((query.status() == null || version.status() == query.status())
                        && matchesTags(version.tags(), query.tags())
                        && (query.sourceRun() == null
                                || query.sourceRun().equals(version.lineage().sourceRun()))) {
                    matching.add(version);
                }
            }
        }
        return page(matching, after, query.pageSize(), ModelRegistry::versionCursor);
    }

    /** The newest version of a model in each of {@code stages} (all stages when empty), as MLflow reports it. */
    public List<ModelVersion> latestVersions(String name, Set<Stage> stages) {
        Map<Stage, ModelVersion> latest = new HashMap<>();
        for (ModelVersion version : versions(name)) {
            latest.merge(version.stage(), version, (a, b) -> a.version() > b.version() ? a : b);
        }
        return latest.values().stream()
                .filter(version -> stages.isEmpty() || stages.contains(version.stage()))
                .sorted(Comparator.comparingLong(ModelVersion::version))
                .toList();
    }

    // ------------------------------------------------------------------ aliases

    /*
     * Alias moves and the route rule. The registry is written first, the rule second, and a failed rule write
     * puts the alias back:
     *  1. the rule is checked first (requireWritable), so an invalid rule fails the request before anything moves;
     *  2. the alias is changed in the registry by compare-and-set;
     *  3. the rule is brought in line with the registry (AliasRuleSynchronizer.sync). If that fails (the rule
     *     turned invalid in between, or kept changing), the alias is put back by compare-and-set, only if it still
     *     holds what this call wrote (a later move by another writer wins), the rule is synced once more in case
     *     another node copied the short-lived value, and the error is reported.
     * Why this order: the rule is what moves traffic, and it is only ever written with a value read from the
     * registry. Writing the registry first means a request that fails has not moved traffic; writing the rule
     * first would send live traffic to a version on behalf of a request that may still fail (model deleted,
     * access refused, contention), and its put-back would be a rule write that can fail in turn.
     */

    /**
     * Points {@code alias} at {@code version} (moving it if set) and writes it to the route rule. On failure the
     * alias is where it was.
     */
    public RegisteredModel setAlias(String name, String alias, long version, String actor) {
        io.dubboai.core.model.ModelNames.requireAlias(alias);
        getVersion(name, version);
        requireWritableRule(name);
        AtomicReference<@Nullable Long> previous = new AtomicReference<>();
        RegisteredModel updated = store.updateModel(name, model -> {
            access.checkWrite(actor, model);
            previous.set(model.aliases().get(alias));
            if (Objects.equals(model.aliases().get(alias), version)) {
                return model;
            }
            return model.withAlias(alias, version, model.audit().touched(clock.instant(), actor));
        });
        syncAliasOrPutBack(name, alias, version, previous.get(), actor, updated.revision());
        return updated;
    }

    /**
     * Removes {@code alias}, from the route rule too; {@code NOT_FOUND} when it is not set. On failure the alias
     * is where it was.
     */
    public RegisteredModel deleteAlias(String name, String alias, String actor) {
        io.dubboai.core.model.ModelNames.requireAlias(alias);
        requireWritableRule(name);
        AtomicReference<@Nullable Long> previous = new AtomicReference<>();
        RegisteredModel updated = store.updateModel(name, model -> {
            access.checkWrite(actor, model);
            if (!model.aliases().containsKey(alias)) {
                throw new RegistryException(
                        Reason.NOT_FOUND,
                        name,
                        null,
                        "model '" + name + "' has no alias '" + alias + "'; its aliases are "
                                + model.aliases().keySet());
            }
            previous.set(model.aliases().get(alias));
            return model.withAlias(alias, null, model.audit().touched(clock.instant(), actor));
        });
        syncAliasOrPutBack(name, alias, null, previous.get(), actor, updated.revision());
        return updated;
    }

    /** The version {@code alias} points at; {@code NOT_FOUND} when the alias is not set. */
    public ModelVersion resolveAlias(String name, String alias) {
        io.dubboai.core.model.ModelNames.requireAlias(alias);
        RegisteredModel model = getModel(name);
        Long version = model.aliases().get(alias);
        if (version == null) {
            throw new RegistryException(
                    Reason.NOT_FOUND,
                    name,
                    null,
                    "model '" + name + "' has no alias '" + alias + "'; its aliases are "
                            + model.aliases().keySet());
        }
        return getVersion(name, version);
    }

    /**
     * Brings the rule in line with the alias as the store holds it now, read at least as new as {@code atLeast} (the
     * revision this call wrote): on Nacos a read right after a write may still return the older document, and a sync
     * from it would find the rule "already in line" and write nothing.
     */
    private void syncAlias(String name, String alias, long atLeast) {
        if (rules != null) {
            rules.sync(name, alias, a -> store.loadModel(name, atLeast).flatMap(m -> m.resolveAlias(a)));
        }
    }

    private void requireWritableRule(String name) {
        if (rules != null) {
            rules.requireWritable(name);
        }
    }

    /** Step 3 of an alias move (see above): {@code written} is what this call set, null for a removal. */
    private void syncAliasOrPutBack(
            String name, String alias, @Nullable Long written, @Nullable Long previous, String actor, long revision) {
        try {
            syncAlias(name, alias, revision);
            return;
        } catch (RegistryException failure) {
            RegisteredModel restored;
            try {
                restored = store.updateModel(name, model -> {
                    Long now = model.aliases().get(alias);
                    if (!Objects.equals(now, written) || Objects.equals(now, previous)) {
                        return model;
                    }
                    return model.withAlias(alias, previous, model.audit().touched(clock.instant(), actor));
                });
            } catch (RuntimeException putBack) {
                failure.addSuppressed(putBack);
                // a registry failure says what went wrong in our words; anything else stays in the server log
                String why = putBack instanceof RegistryException
                        ? putBack.getMessage()
                        : "an unexpected " + putBack.getClass().getSimpleName() + ", logged on the server";
                log.warn(
                        "Alias '{}' of model '{}' could not be put back after a failed rule update",
                        alias,
                        name,
                        putBack);
                throw new RegistryException(
                        failure.reason(),
                        name,
                        null,
                        failure.getMessage() + "; alias '" + alias + "' could not be put back "
                                + describeTarget(previous) + " (" + why + "); read the model and set the alias again",
                        failure);
            }
            try {
                syncAlias(name, alias, restored.revision());
            } catch (RegistryException again) {
                log.warn(
                        "Alias '{}' of model '{}' was put back, but route rule {} could not follow: {}",
                        alias,
                        name,
                        RouteRules.ruleKey(name),
                        again.getMessage());
            }
            Long now = restored.aliases().get(alias);
            String outcome = Objects.equals(now, previous)
                    ? "alias '" + alias + "' was left " + describeTarget(previous)
                    : "alias '" + alias + "' has since been changed by another request and is " + describeTarget(now);
            throw new RegistryException(failure.reason(), name, null, failure.getMessage() + "; " + outcome, failure);
        }
    }

    private static String describeTarget(@Nullable Long version) {
        return version == null ? "unset" : "at version " + version;
    }

    // ------------------------------------------------------------------ artifacts

    /**
     * Stores an artifact for a version that has none yet (or whose upload failed), verifies it against
     * {@code expectedSha256} when given, and marks the version READY with the artifact's URI and checksum.
     */
    public ModelVersion uploadArtifact(
            String name,
            long version,
            String fileName,
            InputStream data,
            @Nullable String expectedSha256,
            String actor) {
        ArtifactStore target = requireArtifacts();
        access.checkWrite(actor, getModel(name));
        ModelVersion current = getVersion(name, version);
        if (current.status() == VersionStatus.READY) {
            throw new RegistryException(
                    Reason.CONFLICT,
                    name,
                    version,
                    "version " + version + " of model '" + name + "' is READY with artifact " + current.artifactUri()
                            + "; artifacts of a ready version never change, register a new version instead");
        }
        StoredArtifact stored = target.upload(name, version, fileName, data, expectedSha256);
        ModelSignature signature;
        try {
            signature = isOnnx(current.format(), fileName)
                    ? recordedSignature(name, version, current.signature(), stored.uri(), target)
                    : current.signature();
        } catch (RuntimeException e) {
            // the version stays without an artifact: nothing half written
            target.delete(stored.uri());
            throw e;
        }
        return store.updateVersion(name, version, latest -> {
            if (latest.status() == VersionStatus.READY) {
                throw new RegistryException(
                        Reason.CONFLICT,
                        name,
                        version,
                        "version " + version + " of model '" + name + "' became READY during the upload");
            }
            return latest.with(
                    latest.fields()
                            .artifact(stored.uri(), stored.sha256())
                            .signature(signature)
                            .status(VersionStatus.READY, ""),
                    latest.audit().touched(clock.instant(), actor));
        });
    }

    /** Whether an artifact is an ONNX model: format {@code onnx}, or no format and a {@code .onnx} file name. */
    static boolean isOnnx(String format, String fileName) {
        return format.equalsIgnoreCase("onnx")
                || (format.isBlank()
                        && fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".onnx"));
    }

    /**
     * The signature to record for an ONNX artifact: the one read from the file. A signature the caller declared must
     * match it ({@code IllegalArgumentException} showing both otherwise).
     */
    private static ModelSignature recordedSignature(
            String name, @Nullable Long version, ModelSignature declared, String uri, ArtifactStore source) {
        String what = "the artifact " + uri.substring(uri.lastIndexOf('/') + 1) + " of model '" + name + "'"
                + (version == null ? "" : " version " + version);
        ModelSignature read;
        try (InputStream in = source.open(uri)) {
            read = OnnxSignatures.read(in, what);
        } catch (IOException | UncheckedIOException e) {
            throw new RegistryException(
                    Reason.UNAVAILABLE,
                    name,
                    version,
                    "could not read " + what + " to record its signature: " + e.getMessage() + "; retry",
                    e);
        }
        if (!declared.isEmpty() && !declared.sameTensors(read)) {
            throw new IllegalArgumentException("the declared signature of model '" + name + "'"
                    + (version == null ? "" : " version " + version) + " (" + declared.describe()
                    + ") differs from the one in " + what + " (" + read.describe() + "); declare the artifact's "
                    + "signature or none (the registry reads it from the file)");
        }
        return read;
    }

    /** An artifact ready to be read: already verified against the version's checksum. */
    public record ArtifactDownload(String uri, String sha256, long size, String fileName) {}

    /** Verifies the version's artifact against its checksum; read it with {@link #openArtifact}. */
    public ArtifactDownload verifyArtifact(String name, long version) {
        ArtifactStore source = requireArtifacts();
        ModelVersion current = getVersion(name, version);
        if (current.artifactUri() == null || current.checksum() == null) {
            throw new RegistryException(
                    Reason.NOT_FOUND,
                    name,
                    version,
                    "version " + version + " of model '" + name + "' has no artifact yet; upload one first");
        }
        if (!source.owns(current.artifactUri())) {
            throw new RegistryException(
                    Reason.NOT_FOUND,
                    name,
                    version,
                    "the artifact of version " + version
                            + " of model '" + name + "' is stored elsewhere (" + current.artifactUri()
                            + "); fetch it from there");
        }
        StoredArtifact verified = source.verify(current.artifactUri(), current.checksum());
        String uri = current.artifactUri();
        return new ArtifactDownload(uri, verified.sha256(), verified.size(), uri.substring(uri.lastIndexOf('/') + 1));
    }

    /** Opens a verified artifact. */
    public InputStream openArtifact(ArtifactDownload download) {
        return requireArtifacts().open(download.uri());
    }

    /**
     * Stores {@code profile} (the serialised reference profile, any format the monitoring component reads) as the
     * version's reference profile: an artifact {@code reference-profile-<millis>.json} next to the model file, its
     * SHA-256 recorded in the version. A previous profile is deleted once the version points at the new one; when
     * the version cannot be updated the new artifact is deleted again (nothing half written).
     */
    public ModelVersion attachReferenceProfile(
            String name, long version, byte[] profile, String source, List<String> features, String actor) {
        ArtifactStore target = requireArtifacts();
        access.checkWrite(actor, getModel(name));
        getVersion(name, version);
        java.time.Instant now = clock.instant();
        StoredArtifact stored = target.upload(
                name,
                version,
                "reference-profile-" + now.toEpochMilli() + ".json",
                new java.io.ByteArrayInputStream(profile),
                null);
        ReferenceProfileLink link =
                new ReferenceProfileLink(stored.uri(), stored.sha256(), stored.size(), source, now, features);
        AtomicReference<ReferenceProfileLink> replaced = new AtomicReference<>();
        ModelVersion updated;
        try {
            updated = store.updateVersion(name, version, latest -> {
                replaced.set(latest.referenceProfile());
                return latest.with(
                        latest.fields().referenceProfile(link), latest.audit().touched(clock.instant(), actor));
            });
        } catch (RuntimeException e) {
            target.delete(stored.uri());
            throw e;
        }
        ReferenceProfileLink previous = replaced.get();
        if (previous != null && !previous.uri().equals(link.uri()) && target.owns(previous.uri())) {
            target.delete(previous.uri());
        }
        log.info(
                "reference profile of model '{}' version {} stored ({}, {} bytes, {} features) by {}",
                name,
                version,
                source,
                stored.size(),
                features.size(),
                actor);
        return updated;
    }

    /** The version's reference profile, read whole and checked against its SHA-256; empty when it has none. */
    public Optional<byte[]> readReferenceProfile(String name, long version) {
        ModelVersion current = getVersion(name, version);
        ReferenceProfileLink link = current.referenceProfile();
        if (link == null) {
            return Optional.empty();
        }
        ArtifactStore source = requireArtifacts();
        source.verify(link.uri(), link.sha256());
        try (InputStream in = source.open(link.uri())) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new RegistryException(
                    Reason.UNAVAILABLE,
                    name,
                    version,
                    "could not read the reference profile of version " + version + " of model '" + name + "' ("
                            + link.uri() + "): " + e.getMessage() + "; retry",
                    e);
        }
    }

    /** Removes the version's reference profile and deletes its artifact; false when it had none. */
    public boolean detachReferenceProfile(String name, long version, String actor) {
        access.checkWrite(actor, getModel(name));
        if (getVersion(name, version).referenceProfile() == null) {
            return false;
        }
        AtomicReference<ReferenceProfileLink> removed = new AtomicReference<>();
        store.updateVersion(name, version, latest -> {
            removed.set(latest.referenceProfile());
            return latest.with(
                    latest.fields().referenceProfile(null), latest.audit().touched(clock.instant(), actor));
        });
        ReferenceProfileLink link = removed.get();
        if (link == null) {
            return false;
        }
        if (artifacts != null && artifacts.owns(link.uri())) {
            artifacts.delete(link.uri());
        }
        return true;
    }

    private ArtifactStore requireArtifacts() {
        if (artifacts == null) {
            throw new RegistryException(
                    Reason.CONFLICT,
                    null,
                    null,
                    "this registry has no artifact store; set dubbo.ai.registry.artifacts.type to 'file' or 's3'");
        }
        return artifacts;
    }

    private void deleteOwnedArtifacts(List<ModelVersion> versions) {
        if (artifacts == null) {
            return;
        }
        for (ModelVersion version : versions) {
            if (version.artifactUri() != null && artifacts.owns(version.artifactUri())) {
                artifacts.delete(version.artifactUri());
            }
            ReferenceProfileLink profile = version.referenceProfile();
            if (profile != null && artifacts.owns(profile.uri())) {
                artifacts.delete(profile.uri());
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static boolean matchesTags(Map<String, String> tags, Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(tags.get(e.getKey())));
    }

    private static String versionCursor(ModelVersion version) {
        return version.model() + "\u0000" + String.format("%019d", version.version());
    }

    private static <T> Page<T> page(
            List<T> sorted, @Nullable String after, int size, java.util.function.Function<T, String> cursor) {
        int start = 0;
        if (after != null) {
            while (start < sorted.size() && cursor.apply(sorted.get(start)).compareTo(after) <= 0) {
                start++;
            }
        }
        int end = Math.min(sorted.size(), start + size);
        List<T> items = sorted.subList(start, end);
        String next =
                end < sorted.size() && !items.isEmpty() ? Page.token(cursor.apply(items.get(items.size() - 1))) : null;
        return new Page<>(items, next, sorted.size());
    }
}
