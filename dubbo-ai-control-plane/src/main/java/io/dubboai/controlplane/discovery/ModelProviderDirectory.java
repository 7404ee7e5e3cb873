package io.dubboai.controlplane.discovery;

import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.core.secret.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.common.constants.RegistryConstants;
import org.apache.dubbo.registry.NotifyListener;
import org.apache.dubbo.registry.Registry;
import org.apache.dubbo.registry.RegistryFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the Dubbo registry (ZooKeeper, Nacos: any Dubbo registry) for the providers of the Open Inference Protocol
 * service, which every model provider (a {@code ModelServer} or each version of a model host) registers, and keeps
 * those that carry {@link ModelProviderParams#MODEL} and {@link ModelProviderParams#MODEL_VERSION}.
 *
 * <p>It sees what a consumer of that service sees: interface-level registrations (register mode {@code interface},
 * the serving default, or {@code all}) of the service without a Dubbo group or version. The subscription names that
 * one service exactly, because Dubbo's Nacos registry resolves a wildcard group or version ({@code group=*}) into
 * service names once, when subscribing, and never again: on a Nacos where no model provider had registered yet it
 * followed nothing, ever. With the exact name Nacos pushes the service's instances (with every URL parameter as
 * instance metadata) as they come and go, whether the service exists yet or not.
 *
 * <p>It subscribes through the Dubbo application it is given (the one whose registry clients it may share) and
 * {@link #close()} only unsubscribes: it creates and destroys no Dubbo framework, because destroying one closes the
 * JVM's shared Triple servers and registry clients (Dubbo 3.3). The list lags the registry by the registry's
 * notification delay (Dubbo's ZooKeeper and Nacos registries: at most one change per {@code delay-notification}, 5 s).
 */
public final class ModelProviderDirectory implements AutoCloseable {

    /** The service every model provider exports. */
    public static final String OIP_SERVICE = "io.dubboai.serving.oip.grpc.GRPCInferenceService";

    private static final Logger log = LoggerFactory.getLogger(ModelProviderDirectory.class);

    /**
     * One registered model provider.
     *
     * @param model the model it serves
     * @param version the version it serves
     * @param host its address
     * @param port its Triple port
     * @param parameters every URL parameter it registered
     */
    public record ModelProvider(String model, String version, String host, int port, Map<String, String> parameters) {
        public ModelProvider {
            parameters = Map.copyOf(parameters);
        }

        /** {@code host:port}. */
        public String address() {
            return host + ":" + port;
        }
    }

    private final Registry registry;
    private final String registryName;
    private final URL subscription;
    private final NotifyListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile List<ModelProvider> providers = List.of();

    /**
     * Subscribes to the registry at {@code address}, e.g. {@code zookeeper://127.0.0.1:2181}.
     *
     * @param app the Dubbo application to subscribe through, e.g. {@code ApplicationModel.defaultModel()}
     * @param application names the subscriber in the registry, e.g. {@code dubbo-ai-registry}
     * @throws IllegalArgumentException when the address is not a Dubbo registry URL
     * @throws IllegalStateException when the registry cannot be followed
     */
    public ModelProviderDirectory(String address, ApplicationModel app, String application) {
        URL registryUrl;
        try {
            registryUrl = URL.valueOf(address);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("registry address '" + Secrets.maskAddress(address)
                    + "' is not a Dubbo registry URL, e.g. zookeeper://127.0.0.1:2181");
        }
        registryName = Secrets.maskAddress(address);
        if (RegistryConstants.SERVICE_REGISTRY_TYPE.equals(
                registryUrl.getParameter(RegistryConstants.REGISTRY_TYPE_KEY))) {
            log.warn(
                    "The registry address {} asks for application-level discovery (registry-type=service); model "
                            + "providers are followed by their interface-level registrations, so they must register "
                            + "with register mode 'interface' (the serving default) or 'all'",
                    registryName);
        }
        try {
            registryUrl = registryUrl
                    .addParameter(CommonConstants.INTERFACE_KEY, "org.apache.dubbo.registry.RegistryService")
                    .setScopeModel(app);
            registry = app.getExtensionLoader(RegistryFactory.class)
                    .getAdaptiveExtension()
                    .getRegistry(registryUrl);
            subscription = URL.valueOf("consumer://127.0.0.1/" + OIP_SERVICE + "?" + CommonConstants.INTERFACE_KEY + "="
                            + OIP_SERVICE + "&category=providers&check=false&application=" + application)
                    .setScopeModel(app);
            listener = this::notified;
            registry.subscribe(subscription, listener);
            log.info("Following the model providers of {} in the Dubbo registry {}", OIP_SERVICE, registryName);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot follow the Dubbo registry " + Secrets.maskAddress(address) + ": " + e.getMessage(), e);
        }
    }

    private synchronized void notified(List<URL> urls) {
        List<ModelProvider> found = new ArrayList<>();
        for (URL url : urls) {
            if ("empty".equals(url.getProtocol())) {
                continue;
            }
            String model = url.getParameter(ModelProviderParams.MODEL);
            String version = url.getParameter(ModelProviderParams.MODEL_VERSION);
            if (model == null || version == null) {
                continue;
            }
            ModelProvider provider =
                    new ModelProvider(model, version, url.getHost(), url.getPort(), url.getParameters());
            if (found.stream().noneMatch(p -> p.equals(provider))) {
                found.add(provider);
            }
        }
        List<ModelProvider> before = providers;
        providers = List.copyOf(found);
        List<String> added = describe(found, before);
        List<String> removed = describe(before, found);
        if (!added.isEmpty() || !removed.isEmpty()) {
            log.info("Model providers in {}: {} now; appeared {}, gone {}", registryName, found.size(), added, removed);
        }
    }

    /** {@code model version @host:port} of each provider in {@code these} that is not in {@code others}. */
    private static List<String> describe(List<ModelProvider> these, List<ModelProvider> others) {
        return these.stream()
                .filter(p -> !others.contains(p))
                .map(p -> p.model() + " " + p.version() + " @" + p.address())
                .toList();
    }

    /** Every model provider registered now. */
    public List<ModelProvider> providers() {
        return providers;
    }

    /** The providers of one model version. */
    public List<ModelProvider> providers(String model, String version) {
        return providers.stream()
                .filter(p -> p.model().equals(model) && p.version().equals(version))
                .toList();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                registry.unsubscribe(subscription, listener);
            } catch (RuntimeException e) {
                log.debug("unsubscribe from the registry failed", e);
            }
        }
    }
}
