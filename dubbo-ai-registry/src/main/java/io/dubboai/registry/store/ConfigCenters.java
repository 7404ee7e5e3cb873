package io.dubboai.registry.store;

import java.util.Optional;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.common.config.configcenter.DynamicConfigurationFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;

/** Finds or opens the Dubbo config center the registry writes to. */
public final class ConfigCenters {

    private ConfigCenters() {}

    /**
     * Opens the config center at {@code address} ({@code zookeeper://host:port}, {@code nacos://host:port}) through
     * the {@link DynamicConfigurationFactory} extension of its protocol in {@code application}. Dubbo caches one
     * configuration per address and application; it is closed with the application.
     */
    public static DynamicConfiguration open(String address, ApplicationModel application) {
        URL url;
        try {
            url = URL.valueOf(address);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "config-center address '" + address
                            + "' is not a Dubbo URL; use e.g. zookeeper://127.0.0.1:2181 or nacos://127.0.0.1:8848",
                    e);
        }
        if (url.getProtocol() == null || url.getHost() == null) {
            throw new IllegalArgumentException("config-center address '" + address
                    + "' names no protocol or host; use e.g. zookeeper://127.0.0.1:2181");
        }
        var loader = application.getExtensionLoader(DynamicConfigurationFactory.class);
        if (!loader.hasExtension(url.getProtocol())) {
            throw new IllegalArgumentException(
                    "config-center protocol '" + url.getProtocol()
                            + "' is not available; add the Dubbo config-center module for it (zookeeper and nacos are supported)");
        }
        return loader.getExtension(url.getProtocol()).getDynamicConfiguration(url.setScopeModel(application));
    }

    /** The config center of a running Dubbo application, if it has one. */
    public static Optional<DynamicConfiguration> of(ApplicationModel application) {
        return application.modelEnvironment().getDynamicConfiguration();
    }
}
