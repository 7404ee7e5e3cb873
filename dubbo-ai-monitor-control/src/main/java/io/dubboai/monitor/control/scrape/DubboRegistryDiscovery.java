package io.dubboai.monitor.control.scrape;

import io.dubboai.controlplane.discovery.ModelProviderDirectory;
import io.dubboai.core.contract.ModelProviderParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.jspecify.annotations.Nullable;

/**
 * Follows the Dubbo registry (ZooKeeper, Nacos: any Dubbo registry) for the model providers of the Open Inference
 * Protocol service (the control plane's {@link ModelProviderDirectory}) and turns each that publishes
 * {@code dubbo-ai-metrics-port} into a {@link ScrapeTarget}. Interface-level registrations only (the
 * {@code ModelServer} default); a provider with QoS off publishes no port and is not scraped.
 *
 * <p>It subscribes with a Dubbo framework of its own, so the host application's registry settings are untouched;
 * {@link #close()} destroys that framework. Caveat of Dubbo 3.3 (seen in our tests): destroying any framework closes
 * every Triple server of the JVM, so close it only when the JVM's providers may stop too.
 */
public final class DubboRegistryDiscovery implements ProviderDiscovery {

    /** The service every model provider exports. */
    public static final String OIP_SERVICE = ModelProviderDirectory.OIP_SERVICE;

    private final FrameworkModel framework;
    private final ModelProviderDirectory directory;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Subscribes to the registry at {@code address}, e.g. {@code zookeeper://127.0.0.1:2181}. */
    public DubboRegistryDiscovery(String address) {
        framework = new FrameworkModel();
        try {
            directory = new ModelProviderDirectory(address, framework.newApplication(), "dubbo-ai-monitoring");
        } catch (RuntimeException e) {
            framework.destroy();
            throw e;
        }
    }

    @Override
    public List<ScrapeTarget> targets() {
        List<ScrapeTarget> found = new ArrayList<>();
        for (ModelProviderDirectory.ModelProvider provider : directory.providers()) {
            int port = metricsPort(provider.parameters().get(ModelProviderParams.METRICS_PORT));
            if (port <= 0 || port > 65535) {
                continue;
            }
            ScrapeTarget target = new ScrapeTarget(provider.model(), provider.version(), provider.host(), port);
            if (!found.contains(target)) {
                found.add(target);
            }
        }
        return List.copyOf(found);
    }

    private static int metricsPort(@Nullable String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            directory.close();
            framework.destroy();
        }
    }
}
