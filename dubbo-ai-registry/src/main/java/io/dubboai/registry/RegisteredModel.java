package io.dubboai.registry;

import io.dubboai.core.model.ModelNames;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A registered model: a name under which versions are registered, with its aliases and tags.
 *
 * <p>Stored as one small document; versions are separate documents (see {@link ModelVersion}), so the model
 * document stays within config-center size limits however many versions there are.
 *
 * @param name unique name, checked by {@link ModelNames#checkModelName}
 * @param description free text, at most {@link Validation#MAX_DESCRIPTION_LENGTH} characters
 * @param owner who owns the model (a user or team name); the admin server may restrict writes to it
 * @param tags key → value
 * @param aliases alias → version, e.g. {@code champion → 3}; aliases are checked by {@link ModelNames#checkAlias}
 * @param lastVersion the highest version number ever allocated (0 before the first); never decreases, so deleted
 *     numbers are not reused
 * @param audit who created and changed it, and when
 * @param revision incremented on every write; lets caches discard out-of-order notifications
 */
public record RegisteredModel(
        String name,
        String description,
        String owner,
        Map<String, String> tags,
        Map<String, Long> aliases,
        long lastVersion,
        Audit audit,
        long revision) {

    /** Most aliases a model may carry (the route rule holds as many). */
    public static final int MAX_ALIASES = 64;

    public RegisteredModel {
        Validation.requireModelName(name);
        Validation.requireLength(description, "description", Validation.MAX_DESCRIPTION_LENGTH);
        Validation.requireLength(owner, "owner", 256);
        tags = Validation.requireTags(tags, "tag");
        Objects.requireNonNull(audit, "audit");
        if (lastVersion < 0) {
            throw new IllegalArgumentException("lastVersion of model '" + name + "' is " + lastVersion
                    + "; it counts allocated versions and cannot be negative");
        }
        if (aliases.size() > MAX_ALIASES) {
            throw new IllegalArgumentException(
                    "model '" + name + "' has " + aliases.size() + " aliases; at most " + MAX_ALIASES + " are allowed");
        }
        aliases.forEach((alias, version) -> {
            ModelNames.requireAlias(alias);
            if (version < 1 || version > lastVersion) {
                throw new IllegalArgumentException("alias '" + alias + "' of model '" + name + "' points at version "
                        + version + ", which was never registered (versions 1.." + lastVersion + " exist)");
            }
        });
        aliases = Map.copyOf(new TreeMap<>(aliases));
    }

    /** A new model with no versions and no aliases. */
    public static RegisteredModel create(
            String name, String description, String owner, Map<String, String> tags, Audit audit) {
        return new RegisteredModel(name, description, owner, tags, Map.of(), 0, audit, 1);
    }

    /** The version an alias points at. */
    public Optional<Long> resolveAlias(String alias) {
        return Optional.ofNullable(aliases.get(alias));
    }

    /** This model with another description and owner. */
    public RegisteredModel withDetails(String newDescription, String newOwner, Audit newAudit) {
        return new RegisteredModel(name, newDescription, newOwner, tags, aliases, lastVersion, newAudit, revision + 1);
    }

    /** This model with another tag set. */
    public RegisteredModel withTags(Map<String, String> newTags, Audit newAudit) {
        return new RegisteredModel(name, description, owner, newTags, aliases, lastVersion, newAudit, revision + 1);
    }

    /** This model with {@code alias} pointing at {@code version}, or removed when {@code version} is null. */
    public RegisteredModel withAlias(String alias, @org.jspecify.annotations.Nullable Long version, Audit newAudit) {
        Map<String, Long> next = new TreeMap<>(aliases);
        if (version == null) {
            next.remove(alias);
        } else {
            next.put(alias, version);
        }
        return new RegisteredModel(name, description, owner, tags, next, lastVersion, newAudit, revision + 1);
    }

    /** This model with the next version number allocated. */
    public RegisteredModel withNextVersion(Audit newAudit) {
        return new RegisteredModel(name, description, owner, tags, aliases, lastVersion + 1, newAudit, revision + 1);
    }
}
