package io.dubboai.deployment.testing;

import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.ModelDeploymentComponent;
import io.dubboai.deployment.rollout.RolloutReconciler;
import io.dubboai.deployment.rollout.VersionExecutor;
import io.dubboai.monitor.control.scrape.DubboRegistryDiscovery;
import io.dubboai.monitor.control.scrape.MetricsScraper;
import io.dubboai.monitor.control.scrape.ScrapeAnalysis;
import io.dubboai.monitor.control.scrape.SeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The deployment controller of the rollout end-to-end tests, wired as the server wires it: the providers found in the
 * Dubbo registry, their {@code /metrics} scraped every 500 ms for the gates, a {@link RolloutReconciler} over the
 * given executor, and a running {@link ModelDeploymentComponent} passing every 100 ms.
 *
 * @param scraper the scraper the gates read
 * @param deployments the deployments API the tests call
 */
public record RolloutHarness(MetricsScraper scraper, DeploymentService deployments) {

    /**
     * Starts it; what it starts is added to {@code closing} (the controller first, to be stopped first).
     *
     * @param registry the Dubbo registry address the providers register in
     * @param executor the executor, given the provider discovery
     */
    public static RolloutHarness start(
            String registry,
            DocumentStore documents,
            RouteRuleEditor rules,
            Function<DubboRegistryDiscovery, VersionExecutor> executor,
            List<AutoCloseable> closing) {
        DubboRegistryDiscovery discovery = new DubboRegistryDiscovery(registry);
        closing.add(discovery);
        MetricsScraper scraper = new MetricsScraper(
                discovery,
                new SeriesStore(Duration.ofMinutes(10).toMillis(), 700),
                Duration.ofMillis(500),
                Duration.ofMillis(450),
                Clock.systemUTC());
        scraper.start();
        closing.add(scraper);
        VersionExecutor versions = executor.apply(discovery);
        DeploymentService deployments =
                new DeploymentService(documents, rules, (model, version) -> version, versions, Clock.systemUTC());
        RolloutReconciler reconciler = new RolloutReconciler(
                deployments,
                documents,
                rules,
                versions,
                new ScrapeAnalysis(scraper.store(), Clock.systemUTC()),
                Clock.systemUTC());
        ModelDeploymentComponent controller = new ModelDeploymentComponent(reconciler, Duration.ofMillis(100));
        controller.start();
        closing.add(0, controller::stop);
        return new RolloutHarness(scraper, deployments);
    }
}
