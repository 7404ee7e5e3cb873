package io.dubboai.server.store;

import java.util.Objects;
import java.util.Optional;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.common.config.configcenter.DynamicConfigurationFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents in the Dubbo config center (ZooKeeper or Nacos), group {@value #GROUP}, written with Dubbo's
 * {@link DynamicConfiguration#publishConfigCas}: the ticket is ZooKeeper's {@code Stat} or Nacos' MD5, so two
 * replicas writing at once cannot overwrite each other. It runs its own Dubbo {@link FrameworkModel}, so it shares no
 * static state with the application's Dubbo instance.
 *
 * <p>Used for config centers other than ZooKeeper (Nacos). Limit: Dubbo's API has no create-only write, so the very
 * first creation of a document is checked by a read just before it; two replicas creating the same document in the
 * same instant could both succeed (every later write is a true compare-and-set). ZooKeeper goes through
 * {@link ZooKeeperDocumentStore}, which has no such gap.
 */
public final class ConfigCenterDocumentStore implements DocumentStore {

    /** Config center group of the server's documents. */
    public static final String GROUP = "dubbo-ai-server";

    private static final Logger log = LoggerFactory.getLogger(ConfigCenterDocumentStore.class);

    private final FrameworkModel framework;
    private final DynamicConfiguration configuration;
    private final String address;

    private ConfigCenterDocumentStore(FrameworkModel framework, DynamicConfiguration configuration, String address) {
        this.framework = framework;
        this.configuration = configuration;
        this.address = address;
    }

    /**
     * Connects to the config center at {@code address}.
     *
     * @param address a Dubbo address such as {@code zookeeper://127.0.0.1:2181} or {@code nacos://host:8848}
     */
    public static ConfigCenterDocumentStore connect(String address) {
        Objects.requireNonNull(address, "address");
        FrameworkModel framework = new FrameworkModel();
        try {
            ApplicationModel application = framework.newApplication();
            URL url = URL.valueOf(address).setScopeModel(application);
            DynamicConfigurationFactory factory = application
                    .getExtensionLoader(DynamicConfigurationFactory.class)
                    .getExtension(url.getProtocol());
            return new ConfigCenterDocumentStore(framework, factory.getDynamicConfiguration(url), address);
        } catch (RuntimeException e) {
            framework.destroy();
            throw new IllegalStateException(
                    "Cannot connect the security store to the config center at " + address
                            + "; check the address and that the server is reachable",
                    e);
        }
    }

    @Override
    public Optional<Versioned> read(String key) {
        ConfigItem item = configuration.getConfigItem(key, GROUP);
        if (item == null || item.getContent() == null || item.getTicket() == null) {
            return Optional.empty();
        }
        return Optional.of(new Versioned(item.getContent(), item.getTicket()));
    }

    @Override
    public boolean compareAndSet(String key, String content, @Nullable Object ticket) {
        try {
            if (ticket == null && read(key).isPresent()) {
                return false;
            }
            return configuration.publishConfigCas(key, GROUP, content, ticket);
        } catch (IllegalStateException e) {
            // Dubbo's ZooKeeper client reports a version conflict (or a node created meanwhile) this way.
            log.debug("Compare-and-set of {} in group {} lost: {}", key, GROUP, e.getMessage());
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write " + key + " to the config center at " + address, e);
        }
    }

    @Override
    public void remove(String key) {
        configuration.removeConfig(key, GROUP);
    }

    @Override
    public String describe() {
        return "config center " + address + " group " + GROUP;
    }

    @Override
    public void close() {
        try {
            configuration.close();
        } catch (Exception e) {
            log.warn("Closing the config center connection to {} failed: {}", address, e.toString());
        }
        framework.destroy();
    }
}
