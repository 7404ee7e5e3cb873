package io.dubboai.server.config;

import io.dubboai.controlplane.election.ElectionType;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.secret.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Applies the deploy mode before any bean is created: checks {@code dubbo.ai.server.*} ({@link ServerSettings}), in
 * embedded mode starts the embedded ZooKeeper, and publishes the registry and config-center addresses as Dubbo's own
 * properties ({@code dubbo.registry.address}, {@code dubbo.config-center.address}) and the election backend as
 * dubbo-ai-core's ({@code dubbo.ai.election.type}, {@code dubbo.ai.election.zookeeper.address}), so every module hosted
 * by the server (and Dubbo itself) uses them; likewise the model registry's store and artifact settings
 * ({@code dubbo.ai.registry.store.address}, {@code dubbo.ai.registry.artifacts.*}). In embedded mode those properties take precedence over anything configured;
 * in the other modes they are defaults that explicit {@code dubbo.*} settings override.
 *
 * <p>It runs as an initializer, not as a bean, because the addresses must be in the environment before the first
 * bean reads them. The {@link ServerRuntime} is registered as a bean; the ZooKeeper is stopped after every other
 * bean.
 */
public final class ServerModeInitializer implements ApplicationContextInitializer<GenericApplicationContext> {

    /** Name of the property source holding the derived Dubbo addresses. */
    public static final String PROPERTY_SOURCE = "dubboAiServerMode";

    private static final Logger log = LoggerFactory.getLogger(ServerModeInitializer.class);

    @Override
    public void initialize(GenericApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        DubboAiServerProperties properties =
                Binder.get(environment).bindOrCreate(DubboAiServerProperties.PREFIX, DubboAiServerProperties.class);
        ServerSettings settings = ServerSettings.from(properties);
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        ServerRuntime runtime;
        if (settings.mode() == DeployMode.EMBEDDED) {
            EmbeddedZooKeeper zooKeeper = startZooKeeper(settings);
            beans.registerDisposableBean("dubboAiEmbeddedZooKeeper", zooKeeper::close);
            String address = zooKeeper.dubboAddress();
            runtime = new ServerRuntime(settings, address, address, zooKeeper);
            environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, addresses(runtime)));
        } else {
            String registry = java.util.Objects.requireNonNull(settings.registryAddress());
            String configCenter = settings.configCenterAddress() != null ? settings.configCenterAddress() : registry;
            runtime = new ServerRuntime(settings, registry, configCenter, null);
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, addresses(runtime)));
        }
        beans.registerSingleton("dubboAiServerRuntime", runtime);
        log.info(
                "dubbo-ai server mode {}: registry {}, config center {}, election {}, artifact store {}, data dir {}",
                settings.mode().name().toLowerCase(java.util.Locale.ROOT),
                Secrets.maskAddress(runtime.registryAddress()),
                Secrets.maskAddress(runtime.configCenterAddress()),
                settings.election().configName(),
                Secrets.maskAddress(settings.artifactStore()),
                settings.dataDir());
    }

    private static EmbeddedZooKeeper startZooKeeper(ServerSettings settings) {
        java.nio.file.Path dir = settings.dataDir().resolve("zookeeper");
        try {
            return EmbeddedZooKeeper.start(dir, settings.embeddedZooKeeperPort());
        } catch (RuntimeException e) {
            throw new EmbeddedZooKeeperStartException(settings.embeddedZooKeeperPort(), dir.toString(), e);
        }
    }

    /** {@code file:/path} or {@code s3://bucket/prefix} as the registry's {@code dubbo.ai.registry.artifacts.*}. */
    static Map<String, Object> artifactStoreProperties(String uri) {
        Map<String, Object> map = new LinkedHashMap<>();
        java.net.URI parsed = java.net.URI.create(uri);
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme();
        switch (scheme) {
            case "file" -> {
                map.put("dubbo.ai.registry.artifacts.type", "file");
                map.put(
                        "dubbo.ai.registry.artifacts.file-root",
                        java.nio.file.Path.of(parsed).toString());
            }
            case "s3" -> {
                String prefix = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/", "");
                map.put("dubbo.ai.registry.artifacts.type", "s3");
                map.put("dubbo.ai.registry.artifacts.bucket", parsed.getHost());
                map.put("dubbo.ai.registry.artifacts.prefix", prefix);
            }
            default ->
                throw new InvalidServerConfigurationException(
                        DubboAiServerProperties.PREFIX + ".artifact-store",
                        uri,
                        "unknown scheme '" + scheme + "'",
                        "use file:/path/to/artifacts or s3://bucket/prefix");
        }
        return map;
    }

    private static Map<String, Object> addresses(ServerRuntime runtime) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("dubbo.registry.address", runtime.registryAddress());
        map.put("dubbo.config-center.address", runtime.configCenterAddress());
        // the leader election of dubbo-ai-core reads dubbo.ai.election.*
        map.put("dubbo.ai.election.type", runtime.settings().election().configName());
        if (runtime.settings().election() == ElectionType.ZOOKEEPER) {
            map.put("dubbo.ai.election.zookeeper.address", runtime.registryAddress());
        }
        if (runtime.settings().election() == ElectionType.LEASE) {
            map.put("dubbo.ai.election.lease.address", runtime.configCenterAddress());
        }
        // the model registry keeps its metadata in the config center and its artifacts in the artifact store
        map.put("dubbo.ai.registry.store.address", runtime.configCenterAddress());
        map.putAll(artifactStoreProperties(runtime.settings().artifactStore()));
        return map;
    }
}
