package io.dubboai.deployment.universal;

import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.VersionExecutor;
import io.dubboai.monitor.control.scrape.ProviderDiscovery;
import io.dubboai.monitor.control.scrape.ScrapeTarget;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor for providers that someone else starts and stops (a process manager, an operator, a test): it places
 * nothing and removes nothing, and a version is ready once the Dubbo registry lists as many providers of it as the
 * spec wants (each advertising its model, version and metrics port, as every {@code dubbo-ai-serving} provider does).
 * A rollout then only moves traffic; a removed version keeps running at 0 % until its providers are stopped.
 *
 * <p>It cannot check resources (it knows no capacity): a GPU request is taken as the operator's word.
 */
public final class RegisteredProvidersExecutor implements VersionExecutor {

    private static final Logger log = LoggerFactory.getLogger(RegisteredProvidersExecutor.class);

    private final ProviderDiscovery providers;
    private final Set<String> removalLogged = ConcurrentHashMap.newKeySet();

    /** @param providers the registry's providers (its lifecycle stays with the caller) */
    public RegisteredProvidersExecutor(ProviderDiscovery providers) {
        this.providers = providers;
    }

    @Override
    public String name() {
        return "providers";
    }

    @Override
    public Optional<String> checkPlacement(DeploymentSpec spec) {
        return Optional.empty();
    }

    @Override
    public Readiness ensure(DeploymentSpec spec, String version, String owner) {
        String model = spec.model();
        List<ScrapeTarget> registered = providers.targets().stream()
                .filter(t -> t.model().equals(model) && t.version().equals(version))
                .toList();
        int wanted = spec.initialReplicas();
        String detail = registered.size() + " of " + wanted + " providers of " + model + " version " + version
                + " registered"
                + (registered.isEmpty()
                        ? ""
                        : " ("
                                + String.join(
                                        ", ",
                                        registered.stream()
                                                .map(ScrapeTarget::instance)
                                                .toList()) + ")")
                + (registered.size() >= wanted ? "" : "; start them, this executor does not");
        return new Readiness(registered.size() >= wanted, detail);
    }

    @Override
    public void remove(DeploymentSpec spec, String version, String owner) {
        if (removalLogged.add(spec.model() + ":" + version)) {
            log.info(
                    "Model {} version {} takes no traffic any more ({}); its providers were started outside the"
                            + " deployment controller: stop them when you like",
                    spec.model(),
                    version,
                    owner);
        }
    }
}
