package io.dubboai.deployment.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.component.BackoffConfig;
import io.dubboai.controlplane.component.ComponentManager;
import io.dubboai.controlplane.election.KubernetesElectionSettings;
import io.dubboai.controlplane.election.KubernetesLeaderElection;
import io.dubboai.controlplane.election.LeaderElection;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.controlplane.store.kubernetes.KubernetesDocumentStore;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.ModelDeploymentComponent;
import io.dubboai.deployment.rollout.Rollout;
import io.dubboai.deployment.rollout.RolloutEvent;
import io.dubboai.deployment.rollout.RolloutPhase;
import io.dubboai.deployment.rollout.RolloutReconciler;
import io.dubboai.deployment.rollout.Strategy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes executor on fabric8's mock API server in CRUD mode: the objects it renders for create, update,
 * rollback and delete; GPU requests checked against the nodes; and a canary walked by two control-plane replicas that
 * elect a leader with a real Lease on the mock, the leader stopped mid-canary and the other resuming at the recorded
 * step. The mock runs no kubelet, so the test marks Deployments ready by writing their status.
 */
class KubernetesExecutorTest {

    private static final String NS = "models";
    private static final String MODEL = "risk";

    @TempDir
    Path dir;

    private io.dubboai.deployment.MockKubernetes server;
    private KubernetesClient client;
    private KubernetesExecutor executor;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new io.dubboai.deployment.MockKubernetes(NS);
        client = client();
        executor = new KubernetesExecutor(client, NS, "dubbo-ai/model-provider:0.1.0", "zookeeper://zk:2181");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        client.close();
        server.close();
    }

    private KubernetesClient client() {
        return server.client();
    }

    private static DeploymentSpec gpuSpec(String image) {
        return new DeploymentSpec(
                "risk-v2",
                MODEL,
                "2",
                null,
                new DeploymentSpec.Autoscaling(2, 5, 70),
                new DeploymentSpec.Resources("2", "4Gi", 1, "NVIDIA H100 80GB HBM3", 40_000L),
                Map.of("pool", "inference"),
                List.of(new DeploymentSpec.Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule")),
                image,
                new DeploymentSpec.Batching(32, 5),
                null);
    }

    @Test
    void ensure_rendersTheVersionsDeploymentAndAutoscalerAndRemoveCleansUp() {
        client.genericKubernetesResources(KubernetesExecutor.MODEL_DEPLOYMENT)
                .inNamespace(NS)
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("deployment.dubbo-ai.io/v1alpha1")
                        .withKind("ModelDeployment")
                        .withNewMetadata()
                        .withName("risk-v2")
                        .withNamespace(NS)
                        .endMetadata()
                        .build())
                .create();

        VersionExecutorReadiness first = readiness(executor.ensure(gpuSpec(null), "2", "rollout:risk-v2"));

        assertThat(first.ready()).isFalse();
        assertThat(first.detail()).isEqualTo("0 of 2 replicas of Deployment models/risk-v2 ready");
        Deployment created = deployment("risk-v2");
        assertThat(created.getMetadata().getLabels())
                .containsEntry("dubbo.ai/model", "risk")
                .containsEntry("dubbo.ai/version", "2")
                .containsEntry("dubbo.ai/rollout", "risk-v2")
                .containsEntry("app.kubernetes.io/managed-by", "dubbo-ai-deployment");
        assertThat(created.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o -> assertThat(o.getKind() + "/" + o.getName()).isEqualTo("ModelDeployment/risk-v2"));
        assertThat(created.getSpec().getReplicas()).isEqualTo(2);
        var pod = created.getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector())
                .containsEntry("pool", "inference")
                .containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        var container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("dubbo-ai/model-provider:0.1.0");
        assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(container.getResources().getRequests())
                .containsEntry("nvidia.com/gpu", new Quantity("1"))
                .containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("4Gi"));
        assertThat(container.getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue())
                .containsExactly(
                        "DUBBO_REGISTRY_ADDRESS=zookeeper://zk:2181",
                        "MODEL_NAME=risk",
                        "MODEL_VERSION=2",
                        "DUBBO_AI_BATCH_MAX_SIZE=32",
                        "DUBBO_AI_BATCH_MAX_DELAY_MS=5");
        HorizontalPodAutoscaler hpa = client.autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(NS)
                .withName("risk-v2")
                .get();
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
                .isEqualTo(70);
        assertThat(hpa.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("risk-v2");

        // update: a new image changes the pod template in place
        executor.ensure(gpuSpec("dubbo-ai/model-provider:0.2.0"), "2", "rollout:risk-v2");
        assertThat(deployment("risk-v2")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("dubbo-ai/model-provider:0.2.0");

        markReady("risk-v2", 2);
        assertThat(executor.ensure(gpuSpec("dubbo-ai/model-provider:0.2.0"), "2", "rollout:risk-v2")
                        .ready())
                .isTrue();

        executor.remove(gpuSpec(null), "2", "rollout:risk-v2");
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(NS)
                        .withName("risk-v2")
                        .get())
                .isNull();
        assertThat(client.autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace(NS)
                        .withName("risk-v2")
                        .get())
                .isNull();
    }

    @Test
    void checkPlacement_gpuNoNodeHas_namesTheNodes() {
        client.nodes().resource(node("l4-node", "NVIDIA-L4", 2, 23_034)).create();
        assertThat(executor.checkPlacement(gpuSpec(null)))
                .contains("no node can give a replica 1 x nvidia.com/gpu of type NVIDIA H100 80GB HBM3 with 40000 MiB;"
                        + " nodes: l4-node: 2 x NVIDIA-L4 (23034 MiB). Ask for fewer or another type, or add such"
                        + " nodes");
        client.nodes()
                .resource(node("h100-node", "NVIDIA-H100-80GB-HBM3", 8, 81_559))
                .create();
        assertThat(executor.checkPlacement(gpuSpec(null))).isEmpty();
    }

    @Test
    void canary_leaderStoppedMidway_otherReplicaResumesAtTheRecordedStep() throws Exception {
        DocumentStore documents =
                new KubernetesDocumentStore(client, NS, KubernetesDocumentStore.DEFAULT_MAX_DOCUMENT_BYTES);
        RouteRuleEditor rules = new RouteRuleEditor(new FileDocumentStore(dir.resolve("config-center")));
        rules.edit(
                MODEL,
                RouteRulePrecondition.ABSENT,
                current -> Optional.of(
                        ModelRouteRule.builder(MODEL).traffic("1", 100).build()));
        DeploymentSpec v1 = new DeploymentSpec("risk-v1", MODEL, "1", 1, null, null, null, null, null, null, null);
        executor.ensure(v1, "1", "rollout:risk-v1");
        markReady("risk-v1", 1);

        DeploymentService deployments =
                new DeploymentService(documents, rules, (model, version) -> version, executor, Clock.systemUTC());
        List<ComponentManager> managers = new ArrayList<>();
        List<LeaderElection> elections = new ArrayList<>();
        for (String identity : List.of("replica-a", "replica-b")) {
            KubernetesClient own = client();
            closing.add(own);
            KubernetesExecutor ownExecutor = new KubernetesExecutor(own, NS, "dubbo-ai/model-provider:0.1.0", "zk");
            RolloutReconciler reconciler =
                    new RolloutReconciler(deployments, documents, rules, ownExecutor, null, Clock.systemUTC());
            LeaderElection election = KubernetesLeaderElection.create(
                    own,
                    identity,
                    new KubernetesElectionSettings(
                            NS,
                            "dubbo-ai-leader",
                            Duration.ofSeconds(3),
                            Duration.ofSeconds(2),
                            Duration.ofMillis(250)));
            ComponentManager manager = ComponentManager.create(
                    List.of(new ModelDeploymentComponent(reconciler, Duration.ofMillis(100))),
                    election,
                    BackoffConfig.DEFAULTS);
            manager.start().get();
            managers.add(manager);
            elections.add(election);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> elections.stream().anyMatch(LeaderElection::isLeader));
        int leader = elections.get(0).isLeader() ? 0 : 1;

        deployments.create(
                new DeploymentSpec(
                        "risk-v2",
                        MODEL,
                        "2",
                        1,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        new Strategy(
                                "canary", List.of(20, 50, 100), Duration.ofSeconds(2), null, null, null, null, null)),
                "test");
        await().atMost(Duration.ofSeconds(20)).until(() -> deployment("risk-v2") != null);
        markReady("risk-v2", 1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> deployments.get("risk-v2").step() == 1);

        managers.get(leader).close(); // the leader goes away mid-canary
        elections.get(leader).close();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> elections.get(1 - leader).isLeader());
        // the old version's Deployment is removed in the pass after SUCCEEDED is recorded: wait for both
        await().atMost(Duration.ofSeconds(30))
                .until(() -> deployments.get("risk-v2").phase() == RolloutPhase.SUCCEEDED
                        && client.apps()
                                        .deployments()
                                        .inNamespace(NS)
                                        .withName("risk-v1")
                                        .get()
                                == null);
        managers.get(1 - leader).close();

        Rollout rollout = deployments.get("risk-v2");
        assertThat(rollout.events().stream()
                        .filter(e -> e.type().equals("StepStarted"))
                        .map(RolloutEvent::weights))
                .containsExactly(Map.of("1", 80, "2", 20), Map.of("1", 50, "2", 50), Map.of("1", 0, "2", 100));
        assertThat(rollout.events().stream().filter(e -> e.type().equals("Succeeded")))
                .hasSize(1);
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(NS)
                        .withName("risk-v1")
                        .get())
                .isNull();
        assertThat(deployment("risk-v2")).isNotNull();
    }

    @Test
    void resources_createTheDeploymentAndCarryItsStatusOrItsProblems() {
        Documents docs = documents();
        DocumentStore documents = docs.store();
        RouteRuleEditor rules = docs.rules();
        DeploymentService deployments = docs.deployments();
        ModelDeploymentResources resources = new ModelDeploymentResources(client, NS, deployments);
        var crs = client.genericKubernetesResources(KubernetesExecutor.MODEL_DEPLOYMENT)
                .inNamespace(NS);
        crs.resource(modelDeployment(
                        "risk-v2",
                        Map.of(
                                "model",
                                MODEL,
                                "version",
                                "2",
                                "strategy",
                                Map.of("type", "canary", "steps", List.of(10, 100), "stepInterval", "PT30S"))))
                .create();
        crs.resource(modelDeployment(
                        "risk-bad", Map.of("model", MODEL, "version", "3", "strategy", Map.of("steps", List.of(150)))))
                .create();

        resources.run();

        assertThat(deployments.get("risk-v2").spec().strategyOrDefault().steps())
                .containsExactly(10, 100);
        assertThat(status(crs.withName("risk-v2").get()))
                .containsEntry("phase", "PENDING")
                .containsEntry("candidate", "2");
        Map<String, Object> refused = status(crs.withName("risk-bad").get());
        assertThat(refused).containsEntry("phase", "Invalid");
        assertThat(refused.get("problems").toString()).contains("strategy.steps[0]", "150 is out of range");
        assertThat(deployments.find("risk-bad")).isEmpty();

        new RolloutReconciler(deployments, documents, rules, executor, null, Clock.systemUTC()).reconcile("risk-v2");
        resources.run();
        assertThat(status(crs.withName("risk-v2").get()).get("conditions").toString())
                .contains("0 of 1 replicas of Deployment models/risk-v2 ready");
        assertThat(deployment("risk-v2")
                        .getMetadata()
                        .getOwnerReferences()
                        .get(0)
                        .getKind())
                .isEqualTo("ModelDeployment");
    }

    @Test
    void resources_specChangeWaitsForTheRunningRolloutThenStartsANewOne_andDeletionRemovesTheDeployment() {
        Documents docs = documents();
        DocumentStore documents = docs.store();
        RouteRuleEditor rules = docs.rules();
        DeploymentService deployments = docs.deployments();
        RolloutReconciler reconciler =
                new RolloutReconciler(deployments, documents, rules, executor, null, Clock.systemUTC());
        ModelDeploymentResources resources = new ModelDeploymentResources(client, NS, deployments);
        var crs = client.genericKubernetesResources(KubernetesExecutor.MODEL_DEPLOYMENT)
                .inNamespace(NS);
        Map<String, Object> rolling = Map.of("type", "rolling");
        crs.resource(modelDeployment("risk", Map.of("model", MODEL, "version", "2", "strategy", rolling)))
                .create();
        crs.resource(modelDeployment("risk-typo", Map.of("model", MODEL, "version", "2", "replicaz", 2)))
                .create();
        resources.run();
        Long first = crs.withName("risk").get().getMetadata().getGeneration();
        assertThat(status(crs.withName("risk").get()))
                .containsEntry("phase", "PENDING")
                .containsEntry("deployedGeneration", first.intValue());
        // an unknown field is refused naming it, not ignored
        Map<String, Object> typo = status(crs.withName("risk-typo").get());
        assertThat(typo).containsEntry("phase", "Invalid");
        assertThat(typo.get("problems").toString()).contains("path=replicaz", "unknown field 'replicaz'");

        // changed while the rollout runs: waits, and says why
        var changed = crs.withName("risk").get();
        changed.getAdditionalProperties().put("spec", Map.of("model", MODEL, "version", "3", "strategy", rolling));
        crs.resource(changed).update();
        Long second = crs.withName("risk").get().getMetadata().getGeneration();
        assertThat(second).isGreaterThan(first);
        resources.run();
        Map<String, Object> waiting = status(crs.withName("risk").get());
        assertThat(waiting).containsEntry("candidate", "2").containsEntry("deployedGeneration", first.intValue());
        assertThat(waiting.get("specChange").toString())
                .contains("state=Waiting", "deployment 'risk' is PENDING", "generation " + second);

        // the rollout ends: the change starts a new rollout under the same name
        reconciler.reconcile("risk"); // creates the Deployment of version 2
        markReady("risk-v2", 1);
        assertThat(reconciler.reconcile("risk").orElseThrow().phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        resources.run();
        Rollout replaced = deployments.get("risk");
        assertThat(replaced.candidate()).isEqualTo("3");
        assertThat(replaced.baseline()).isEqualTo("2");
        assertThat(replaced.phase()).isEqualTo(RolloutPhase.PENDING);
        assertThat(replaced.events().get(0).type()).isEqualTo("Replaced");
        assertThat(new io.dubboai.controlplane.claim.ModelClaims(documents).holder(MODEL))
                .contains("rollout:risk");
        Map<String, Object> now = status(crs.withName("risk").get());
        assertThat(now)
                .containsEntry("candidate", "3")
                .containsEntry("deployedGeneration", second.intValue())
                .doesNotContainKey("specChange");

        // the resource is deleted: the running rollout is aborted, then its document removed
        crs.withName("risk").delete();
        resources.run();
        assertThat(deployments.get("risk").phase()).isEqualTo(RolloutPhase.ROLLING_BACK);
        assertThat(reconciler.reconcile("risk").orElseThrow().phase()).isEqualTo(RolloutPhase.ABORTED);
        resources.run();
        assertThat(deployments.find("risk")).isEmpty();
        assertThat(deployments.names()).doesNotContain("risk");
        assertThat(new io.dubboai.controlplane.claim.ModelClaims(documents).holder(MODEL))
                .isEmpty();
    }

    @Test
    void resources_replicasChangeOfASucceededVersion_updatesItInPlace_andDeletionDeletesTheDocument() {
        Documents docs = documents();
        DeploymentService deployments = docs.deployments();
        RolloutReconciler reconciler =
                new RolloutReconciler(deployments, docs.store(), docs.rules(), executor, null, Clock.systemUTC());
        ModelDeploymentResources resources = new ModelDeploymentResources(client, NS, deployments);
        var crs = client.genericKubernetesResources(KubernetesExecutor.MODEL_DEPLOYMENT)
                .inNamespace(NS);
        Map<String, Object> rolling = Map.of("type", "rolling");
        crs.resource(modelDeployment(
                        "risk", Map.of("model", MODEL, "version", "2", "replicas", 1, "strategy", rolling)))
                .create();
        resources.run();
        reconciler.reconcile("risk");
        markReady("risk-v2", 1);
        assertThat(reconciler.reconcile("risk").orElseThrow().phase()).isEqualTo(RolloutPhase.SUCCEEDED);

        var changed = crs.withName("risk").get();
        changed.getAdditionalProperties()
                .put("spec", Map.of("model", MODEL, "version", "2", "replicas", 3, "strategy", rolling));
        crs.resource(changed).update();
        resources.run();

        Rollout updated = deployments.get("risk");
        assertThat(updated.phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(updated.spec().replicas()).isEqualTo(3);
        assertThat(updated.events().get(updated.events().size() - 1).message())
                .startsWith("kubernetes:models/risk changed the spec of version 2 (no traffic change): 1 of 3"
                        + " replicas");
        assertThat(deployment("risk-v2").getSpec().getReplicas()).isEqualTo(3);
        assertThat(status(crs.withName("risk").get()))
                .containsEntry(
                        "deployedGeneration",
                        crs.withName("risk").get().getMetadata().getGeneration().intValue())
                .doesNotContainKey("specChange");

        crs.withName("risk").delete();
        resources.run();
        assertThat(deployments.find("risk")).isEmpty();
    }

    /** A file document store, a route rule of version 1 at 100 % and a deployment service on them. */
    private Documents documents() {
        DocumentStore documents = new FileDocumentStore(dir.resolve("documents"));
        RouteRuleEditor rules = new RouteRuleEditor(new FileDocumentStore(dir.resolve("config-center")));
        rules.edit(
                MODEL,
                RouteRulePrecondition.ABSENT,
                current -> Optional.of(
                        ModelRouteRule.builder(MODEL).traffic("1", 100).build()));
        return new Documents(
                documents,
                rules,
                new DeploymentService(documents, rules, (model, version) -> version, executor, Clock.systemUTC()));
    }

    private record Documents(DocumentStore store, RouteRuleEditor rules, DeploymentService deployments) {}

    static io.fabric8.kubernetes.api.model.GenericKubernetesResource modelDeployment(
            String name, Map<String, Object> spec) {
        io.fabric8.kubernetes.api.model.GenericKubernetesResource resource = new GenericKubernetesResourceBuilder()
                .withApiVersion("deployment.dubbo-ai.io/v1alpha1")
                .withKind("ModelDeployment")
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .build();
        resource.getAdditionalProperties().put("spec", spec);
        return resource;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(io.fabric8.kubernetes.api.model.GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().getOrDefault("status", Map.of());
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    private void markReady(String name, int replicas) {
        Deployment deployment = deployment(name);
        deployment.setStatus(new DeploymentStatusBuilder()
                .withReplicas(replicas)
                .withReadyReplicas(replicas)
                .build());
        client.apps().deployments().inNamespace(NS).resource(deployment).updateStatus();
    }

    private static io.fabric8.kubernetes.api.model.Node node(String name, String product, int gpus, long memory) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(
                        KubernetesExecutor.GPU_PRODUCT_LABEL,
                        product,
                        KubernetesExecutor.GPU_MEMORY_LABEL,
                        Long.toString(memory)))
                .endMetadata()
                .withNewStatus()
                .withAllocatable(Map.of(KubernetesExecutor.GPU, new Quantity(Integer.toString(gpus))))
                .endStatus()
                .build();
    }

    private record VersionExecutorReadiness(boolean ready, String detail) {}

    private static VersionExecutorReadiness readiness(io.dubboai.deployment.rollout.VersionExecutor.Readiness r) {
        return new VersionExecutorReadiness(r.ready(), r.detail());
    }
}
