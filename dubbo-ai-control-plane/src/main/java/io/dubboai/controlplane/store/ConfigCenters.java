package io.dubboai.controlplane.store;

import io.dubboai.core.secret.Secrets;
import java.util.Optional;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.common.config.configcenter.DynamicConfigurationFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.zookeeper.data.Stat;
import org.jspecify.annotations.Nullable;

/** Finds or opens a Dubbo config center, and says how to write to it by compare-and-set. */
public final class ConfigCenters {

    private static final String ZOOKEEPER_CONFIGURATION =
            "org.apache.dubbo.configcenter.support.zookeeper.ZookeeperDynamicConfiguration";
    private static final String NACOS_CONFIGURATION =
            "org.apache.dubbo.configcenter.support.nacos.NacosDynamicConfiguration";

    /** The Nacos ticket of a create-only write: not an MD5, so it matches no existing configuration. */
    public static final String NACOS_CREATE_ONLY = "dubbo-ai:create-only";

    private ConfigCenters() {}

    /**
     * The ticket to hand {@link DynamicConfiguration#publishConfigCas} after {@code item} was read with
     * {@link DynamicConfiguration#getConfigItem}, so that the write fails if anything was written since.
     *
     * <p>When the configuration exists this is its own ticket (ZooKeeper {@code Stat}, Nacos MD5). When it is
     * absent, Dubbo 3.3.6 offers no create-only write, so it depends on the backend:
     * <ul>
     *   <li>ZooKeeper reports no ticket, and {@code publishConfigCas} turns a null ticket into "version 0": it
     *       creates the node if {@code checkExists} says there is none (a create that fails if one appeared), but
     *       otherwise calls {@code setData} with version 0, which overwrites a node another writer created in
     *       between and never updated. This method returns instead a {@code Stat} with version -2, which no node
     *       holds (versions start at 0 and count up; -1 would mean "any"): the create path is the same, and the
     *       {@code setData} path fails. The write is then an exact create-if-absent.</li>
     *   <li>Nacos reports no MD5 for an absent configuration; a null ticket makes Dubbo throw ("nacos
     *       publishConfigCas requires string type ticket") and an empty one is an unconditional publish. This method
     *       returns {@value #NACOS_CREATE_ONLY}, which is not hexadecimal, so no content's MD5 equals it: the Nacos
     *       server (2.x) then refuses the write when the configuration exists (MD5 mismatch), and inserts it when it
     *       does not. The server checks and inserts in two steps, so two creators within a few milliseconds of each
     *       other can both succeed, the later write staying (seen on Nacos 2.5.1 with 8 concurrent creators over
     *       gRPC). Creation is therefore exact against any earlier document, not against a simultaneous creator;
     *       every update after it is an exact compare-and-set.</li>
     *   <li>Any other backend gets the ticket it reported.</li>
     * </ul>
     */
    public static @Nullable Object casTicket(DynamicConfiguration configuration, @Nullable ConfigItem item) {
        @Nullable Object ticket = item == null ? null : item.getTicket();
        if (ticket == null && isZooKeeper(configuration)) {
            return ZooKeeperTickets.createOnly();
        }
        if ((ticket == null || "".equals(ticket)) && is(configuration, NACOS_CONFIGURATION)) {
            return NACOS_CREATE_ONLY;
        }
        return ticket;
    }

    /** Whether {@code configuration} is Dubbo's ZooKeeper config center (by name: ZooKeeper is optional). */
    static boolean isZooKeeper(DynamicConfiguration configuration) {
        return is(configuration, ZOOKEEPER_CONFIGURATION);
    }

    private static boolean is(DynamicConfiguration configuration, String className) {
        for (Class<?> type = configuration.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    /** Loaded only on ZooKeeper, where {@code Stat} is on the class path. */
    private static final class ZooKeeperTickets {

        /** A version no ZooKeeper node holds, short of 2^32 updates wrapping its counter. */
        private static final int NO_NODE_HAS_IT = -2;

        static Object createOnly() {
            Stat stat = new Stat();
            stat.setVersion(NO_NODE_HAS_IT);
            return stat;
        }
    }

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
                    "config-center address '" + Secrets.maskAddress(address)
                            + "' is not a Dubbo URL; use e.g. zookeeper://127.0.0.1:2181 or nacos://127.0.0.1:8848",
                    e);
        }
        if (url.getProtocol() == null || url.getHost() == null) {
            throw new IllegalArgumentException("config-center address '" + Secrets.maskAddress(address)
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
