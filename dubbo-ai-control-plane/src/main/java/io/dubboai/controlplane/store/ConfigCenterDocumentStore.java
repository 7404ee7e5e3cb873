package io.dubboai.controlplane.store;

import io.dubboai.core.secret.Secrets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.dubbo.common.config.configcenter.ConfigChangeType;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.config.configcenter.ConfigurationListener;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents in the Dubbo config center through {@link DynamicConfiguration}, so the same code runs on ZooKeeper
 * ({@code /dubbo/config/{group}/{key}}) and Nacos (data id = key, group = group). Every update goes through
 * {@link DynamicConfiguration#publishConfigCas} with the ticket from {@link DynamicConfiguration#getConfigItem}.
 *
 * <p>Creation (see {@link ConfigCenters#casTicket}): on ZooKeeper an exact create-if-absent (a create that fails if
 * the node exists); on Nacos a compare-and-set publish with a ticket no content hashes to, which the server refuses
 * when the configuration exists, but which two creators within a few milliseconds of each other can both win. Callers
 * that need strict ownership take it by a compare-and-set on an existing document.
 *
 * <p>Notifications: Dubbo's ZooKeeper client keeps one {@code NodeCache} per path for the whole JVM (a static
 * map), so when two configurations in one JVM watch the same key only the first is notified. Separate processes
 * are not affected; readers that must not miss a change also re-read periodically.
 *
 * <p>Reads on Nacos come from the server's cache, which it refreshes just after a write: a read right after a
 * write may still see the previous document for a moment. Compare-and-set keeps that safe (a stale ticket loses).
 *
 * <p>Size: Nacos refuses configurations above its {@code maxContent} (100 KiB by default), so callers keep
 * documents below {@link #maxDocumentBytes()}.
 */
public final class ConfigCenterDocumentStore implements DocumentStore {

    /** Nacos' default limit on one configuration's content. */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 100 * 1024;

    /** How long a Nacos read may miss a completed write (its server refreshes a cache after the write). */
    static final Duration NACOS_READ_LAG = Duration.ofSeconds(3);

    private final DynamicConfiguration configuration;
    private final String group;
    private final int maxDocumentBytes;
    private final String description;
    private final Map<String, ConfigurationListener> listeners = new ConcurrentHashMap<>();
    private final @Nullable FrameworkModel ownFramework;

    private static final Logger log = LoggerFactory.getLogger(ConfigCenterDocumentStore.class);

    /**
     * @param configuration the config center; its lifecycle stays with the caller
     * @param group the config-center group holding registry documents, e.g. {@code dubbo-ai-registry}
     * @param maxDocumentBytes largest document written, in bytes (at least 1024)
     * @param description how to name this store in messages
     */
    public ConfigCenterDocumentStore(
            DynamicConfiguration configuration, String group, int maxDocumentBytes, String description) {
        this(configuration, group, maxDocumentBytes, description, null);
    }

    private ConfigCenterDocumentStore(
            DynamicConfiguration configuration,
            String group,
            int maxDocumentBytes,
            String description,
            @Nullable FrameworkModel ownFramework) {
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
        this.ownFramework = ownFramework;
    }

    /**
     * Opens a store on the config center at {@code address} with a Dubbo framework of its own, for processes that
     * keep documents before (or without) a Dubbo application of their own, such as the server's security store.
     * {@link #close()} closes that connection.
     *
     * @param address {@code zookeeper://host:port} or {@code nacos://host:port}
     * @param group the config-center group of the documents
     * @throws DocumentStoreException when the config center cannot be reached
     */
    public static ConfigCenterDocumentStore open(String address, String group) {
        FrameworkModel framework = new FrameworkModel();
        try {
            DynamicConfiguration configuration = ConfigCenters.open(address, framework.newApplication());
            return new ConfigCenterDocumentStore(
                    configuration,
                    group,
                    DEFAULT_MAX_DOCUMENT_BYTES,
                    "config center " + Secrets.maskAddress(address),
                    framework);
        } catch (IllegalArgumentException e) {
            framework.destroy();
            throw e;
        } catch (RuntimeException e) {
            framework.destroy();
            throw new DocumentStoreException(
                    "cannot connect to the config center at " + Secrets.maskAddress(address)
                            + "; check the address and that the server is reachable",
                    e);
        }
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
        // an absent key is created only if still absent; an empty node is filled by compare-and-set
        return publish(key, content, ConfigCenters.casTicket(configuration, item));
    }

    @Override
    public boolean replace(String key, String content, Object ticket) {
        return publish(key, content, ticket);
    }

    private boolean publish(String key, String content, @Nullable Object ticket) {
        try {
            return configuration.publishConfigCas(key, group, content, ticket);
        } catch (IllegalStateException e) {
            // Dubbo's ZooKeeper client reports a version conflict, or a node created meanwhile, this way
            log.debug("Compare-and-set of {} on {} lost: {}", key, description, e.getMessage());
            return false;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DocumentStoreException("cannot write document '" + key + "' to " + description, e);
        }
    }

    @Override
    public void delete(String key) {
        // Dubbo logs a failed removal and reports false instead of throwing
        if (!configuration.removeConfig(key, group)) {
            throw new DocumentStoreException(
                    "could not delete document '" + key + "' on " + description + "; try again");
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

    /** Nacos serves reads from a cache it refreshes just after each write; ZooKeeper reads are current enough. */
    @Override
    public Duration readLag() {
        return ConfigCenters.isZooKeeper(configuration) ? Duration.ZERO : NACOS_READ_LAG;
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
        if (ownFramework != null) {
            try {
                configuration.close();
            } catch (Exception e) {
                log.warn("Closing the connection to {} failed: {}", description, e.toString());
            }
            ownFramework.destroy();
        }
    }
}
