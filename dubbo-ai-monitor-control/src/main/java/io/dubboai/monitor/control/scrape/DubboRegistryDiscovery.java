package io.dubboai.monitor.control.scrape;

import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.core.secret.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.registry.NotifyListener;
import org.apache.dubbo.registry.Registry;
import org.apache.dubbo.registry.RegistryFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the Dubbo registry (ZooKeeper, Nacos: any Dubbo registry) for the providers of the Open Inference Protocol
 * service, which every {@code ModelServer} exports, and turns each that publishes {@code dubbo-ai-metrics-port} into a
 * {@link ScrapeTarget}. Interface-level registrations only (the {@code ModelServer} default); a provider with QoS off
 * publishes no port and is not scraped.
 *
 * <p>It subscribes with a Dubbo framework of its own, so the host application's registry settings are untouched;
 * {@link #close()} destroys that framework. Caveat of Dubbo 3.3 (seen in our tests): destroying any framework closes
 * every Triple server of the JVM, so close it only when the JVM's providers may stop too.
 */
public final class DubboRegistryDiscovery implements ProviderDiscovery {

    /** The service every model provider exports. */
    public static final String OIP_SERVICE = "io.dubboai.serving.oip.grpc.GRPCInferenceService";

    private static final Logger log = LoggerFactory.getLogger(DubboRegistryDiscovery.class);

    private final FrameworkModel framework;
    private final Registry registry;
    private final URL subscription;
    private final NotifyListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile List<ScrapeTarget> targets = List.of();

    /** Subscribes to the registry at {@code address}, e.g. {@code zookeeper://127.0.0.1:2181}. */
    public DubboRegistryDiscovery(String address) {
        URL registryUrl;
        try {
            registryUrl = URL.valueOf(address);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("registry address '" + Secrets.maskAddress(address)
                    + "' is not a Dubbo registry URL, e.g. zookeeper://127.0.0.1:2181");
        }
        framework = new FrameworkModel();
        try {
            ApplicationModel application = framework.newApplication();
            registryUrl = registryUrl
                    .addParameter(CommonConstants.INTERFACE_KEY, "org.apache.dubbo.registry.RegistryService")
                    .setScopeModel(application);
            registry = application
                    .getExtensionLoader(RegistryFactory.class)
                    .getAdaptiveExtension()
                    .getRegistry(registryUrl);
            subscription = URL.valueOf("consumer://127.0.0.1/" + OIP_SERVICE + "?" + CommonConstants.INTERFACE_KEY
                            + "=" + OIP_SERVICE + "&category=providers&check=false&group=*&version=*&classifier=*"
                            + "&application=dubbo-ai-monitoring")
                    .setScopeModel(application);
            listener = this::notified;
            registry.subscribe(subscription, listener);
        } catch (RuntimeException e) {
            framework.destroy();
            throw new IllegalStateException(
                    "cannot follow the Dubbo registry " + Secrets.maskAddress(address) + ": " + e.getMessage(), e);
        }
    }

    private void notified(List<URL> urls) {
        List<ScrapeTarget> found = new ArrayList<>();
        for (URL url : urls) {
            if ("empty".equals(url.getProtocol())) {
                continue;
            }
            String model = url.getParameter(ModelProviderParams.MODEL);
            String version = url.getParameter(ModelProviderParams.MODEL_VERSION);
            int port = url.getParameter(ModelProviderParams.METRICS_PORT, 0);
            if (model == null || version == null || port <= 0 || port > 65535) {
                continue;
            }
            ScrapeTarget target = new ScrapeTarget(model, version, url.getHost(), port);
            if (!found.contains(target)) {
                found.add(target);
            }
        }
        targets = List.copyOf(found);
        log.debug("Model providers with metrics: {}", found);
    }

    @Override
    public List<ScrapeTarget> targets() {
        return targets;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                registry.unsubscribe(subscription, listener);
            } catch (RuntimeException e) {
                log.debug("unsubscribe from the registry failed", e);
            }
            framework.destroy();
        }
    }
}
