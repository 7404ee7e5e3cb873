package io.dubboai.registry.store;

import io.dubboai.registry.RegistryException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.dubbo.common.config.configcenter.ConfigChangeType;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.config.configcenter.ConfigurationListener;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Registry documents in the Dubbo config center through {@link DynamicConfiguration}, so the same code runs on
 * ZooKeeper ({@code /dubbo/config/{group}/{key}}) and Nacos (data id = key). Every update goes through
 * {@link DynamicConfiguration#publishConfigCas} with the ticket from {@link DynamicConfiguration#getConfigItem}.
 *
 * <p>Creation: on ZooKeeper {@link #create} is an exact create-if-absent (a create that fails if the node exists,
 * see {@link ConfigCenters#casTicket}), so of two concurrent creators exactly one wins. Nacos has no create-only
 * write: {@link #create} checks for the document, then publishes unconditionally, so a creator racing another in
 * that window can overwrite it. The registry never relies on creation for ownership.
 *
 * <p>Notifications: Dubbo's ZooKeeper client keeps one {@code NodeCache} per path for the whole JVM (a static
 * map), so when two configurations in one JVM watch the same key only the first is notified. Separate processes
 * are not affected; the metadata store's periodic resync covers the in-JVM case.
 *
 * <p>Size: Nacos refuses configurations above its {@code maxContent} (100 KiB by default), so the registry keeps
 * documents below {@link #maxDocumentBytes()}.
 */
public final class ConfigCenterDocumentStore implements DocumentStore {

    /** Nacos' default limit on one configuration's content. */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 100 * 1024;

    private final DynamicConfiguration configuration;
    private final String group;
    private final int maxDocumentBytes;
    private final String description;
    private final Map<String, ConfigurationListener> listeners = new ConcurrentHashMap<>();

    /**
     * @param configuration the config center; its lifecycle stays with the caller
     * @param group the config-center group holding registry documents, e.g. {@code dubbo-ai-registry}
     * @param maxDocumentBytes largest document written, in bytes (at least 1024)
     * @param description how to name this store in messages
     */
    public ConfigCenterDocumentStore(
            DynamicConfiguration configuration, String group, int maxDocumentBytes, String description) {
        if (group.isBlank() || !group.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("config-center group '" + group
                    + "' is not valid; use letters, digits, '.', '_' and '-', e.g. 'dubbo-ai-registry'");
        }
        if (maxDocumentBytes < 1024) {
            throw new IllegalArgumentException("maxDocumentBytes must be at least 1024, but was " + maxDocumentBytes);
        }
        this.configuration = configuration;
        this.group = group;
        this.maxDocumentBytes = maxDocumentBytes;
        this.description = description + " group " + group;
    }

    @Override
    public Optional<Document> read(String key) {
        ConfigItem item = configuration.getConfigItem(key, group);
        if (item == null || item.getContent() == null || item.getContent().isEmpty() || item.getTicket() == null) {
            return Optional.empty();
        }
        return Optional.of(new Document(key, item.getContent(), item.getTicket()));
    }

    @Override
    public boolean create(String key, String content) {
        ConfigItem item = configuration.getConfigItem(key, group);
        if (item != null && item.getContent() != null && !item.getContent().isEmpty()) {
            return false;
        }
        // an absent key is created only if still absent (ZooKeeper); an empty node is filled by compare-and-set
        return configuration.publishConfigCas(key, group, content, ConfigCenters.casTicket(configuration, item));
    }

    @Override
    public boolean replace(String key, String content, Object ticket) {
        return configuration.publishConfigCas(key, group, content, ticket);
    }

    @Override
    public void delete(String key) {
        // Dubbo logs a failed removal and reports false instead of throwing
        if (!configuration.removeConfig(key, group)) {
            throw new RegistryException(
                    RegistryException.Reason.UNAVAILABLE,
                    null,
                    null,
                    "could not delete document '" + key + "' on " + description
                            + "; try again (deleting a model again finishes an interrupted delete)");
        }
    }

    @Override
    public void watch(String key, DocumentListener listener) {
        ConfigurationListener adapter = event -> {
            @Nullable String content = event.getChangeType() == ConfigChangeType.DELETED ? null : event.getContent();
            listener.changed(key, content == null || content.isEmpty() ? null : content);
        };
        ConfigurationListener previous = listeners.putIfAbsent(key, adapter);
        if (previous == null) {
            configuration.addListener(key, group, adapter);
        }
    }

    @Override
    public void unwatch(String key) {
        ConfigurationListener adapter = listeners.remove(key);
        if (adapter != null) {
            configuration.removeListener(key, group, adapter);
        }
    }

    @Override
    public int maxDocumentBytes() {
        return maxDocumentBytes;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        listeners.keySet().forEach(this::unwatch);
    }
}
