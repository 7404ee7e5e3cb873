package io.dubboai.benchmarks.router;

import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.router.ModelRuleManager;
import io.dubboai.router.ModelStateRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.ConfigChangeType;
import org.apache.dubbo.common.config.configcenter.ConfigChangedEvent;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.RpcInvocation;
import org.apache.dubbo.rpc.cluster.router.mesh.route.StandardMeshRuleRouter;
import org.apache.dubbo.rpc.cluster.router.state.BitList;
import org.apache.dubbo.rpc.cluster.router.state.StateRouter;
import org.apache.dubbo.rpc.cluster.router.state.TailStateRouter;
import org.apache.dubbo.rpc.cluster.router.tag.TagStateRouter;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.ModuleModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Per-call routing cost and notify cost of three routers doing the same job over the same invoker lists: providers
 * of versions 1, 2 and 3 (a third each), and a call that should reach one version's providers.
 *
 * <ul>
 *   <li>{@code model*}: {@link ModelStateRouter} with a rule splitting 60/30/10, weighted and pinned calls;
 *   <li>{@code tag*}: Dubbo's {@link TagStateRouter} with a {@code configVersion: v3.0} tag rule whose tags match the
 *       version parameter; the call names tag {@code v2};
 *   <li>{@code mesh*}: Dubbo's {@link StandardMeshRuleRouter} with a DestinationRule (one subset per version label)
 *       and a VirtualService splitting 60/30/10 by weight.
 * </ul>
 *
 * Every routing benchmark clones the list first, as Dubbo's router chain does per call. Run briefly with
 * {@code java -cp ... org.openjdk.jmh.Main RouterBenchmark -wi 2 -i 3 -w 1 -r 1 -f 1}; see {@code docs/router.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RouterBenchmark {

    private static final String MODEL = "bench";
    private static final String PROVIDER_APP = "bench-provider";

    @Param({"10", "100", "1000", "10000"})
    public int providers;

    private BitList<Invoker<BenchService>> invokers;
    private URL consumerUrl;
    private ModelStateRouter<BenchService> modelRouter;
    private TagStateRouter<BenchService> tagRouter;
    private StandardMeshRuleRouter<BenchService> meshRouter;
    private List<Map<String, Object>> meshRules;
    private RpcInvocation weightedCall;
    private RpcInvocation pinnedCall;
    private RpcInvocation tagCall;

    @Setup(Level.Trial)
    public void setUp() {
        // Dubbo pinned to loopback, as in every benchmark JVM (in the fork, or here with -f 0), before its first
        // local-address lookup
        System.setProperty("dubbo.network.interface.ignored", ".*");
        ModuleModel module = ApplicationModel.defaultModel().getDefaultModule();
        consumerUrl = URL.valueOf("consumer://10.255.0.1/" + BenchService.class.getName() + "?application=bench"
                        + "&interface=" + BenchService.class.getName())
                .setScopeModel(module);
        List<Invoker<BenchService>> list = new ArrayList<>(providers);
        for (int i = 0; i < providers; i++) {
            // addresses in URLs, never dialled (the invokers are only routed); not 127.*: Dubbo's tag router matches no
            // loopback address (NetUtils.matchIpExpression takes 127.0.0.1 for IPv6 and throws)
            String host = "10." + (i >> 16) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
            list.add(new ProviderInvoker(URL.valueOf("dubbo://" + host + ":20880/" + BenchService.class.getName()
                    + "?" + CommonConstants.REMOTE_APPLICATION_KEY + "=" + PROVIDER_APP
                    + "&application=" + PROVIDER_APP
                    + "&" + ModelProviderParams.MODEL + "=" + MODEL
                    + "&" + ModelProviderParams.MODEL_VERSION + "=" + (1 + i % 3)
                    + "&" + ModelProviderParams.ACCELERATOR + "=cpu")));
        }
        invokers = new BitList<>(list);

        ModelRouteRule rule = ModelRouteRule.builder(MODEL)
                .traffic("1", 60)
                .traffic("2", 30)
                .traffic("3", 10)
                .build();
        ModelRuleManager rules = new ModelRuleManager(() ->
                Optional.of(new StaticConfiguration(Map.of(RouteRules.ruleKey(MODEL), RouteRuleCodec.encode(rule)))));
        modelRouter = chained(new ModelStateRouter<>(consumerUrl, rules));
        modelRouter.notify(invokers);

        tagRouter = chained(new TagStateRouter<>(consumerUrl));
        tagRouter.notify(invokers);
        tagRouter.process(
                new ConfigChangedEvent(PROVIDER_APP + ".tag-router", "dubbo", tagRule(), ConfigChangeType.ADDED));

        meshRouter = chained(new StandardMeshRuleRouter<>(consumerUrl));
        meshRules = meshRules();
        meshRouter.notify(invokers);
        meshRouter.onRuleChange(PROVIDER_APP, meshRules);

        weightedCall = call(Map.of());
        pinnedCall = call(Map.of(ModelAttachments.VERSION, "2"));
        tagCall = call(Map.of(CommonConstants.TAG_KEY, "v2"));
        checkRoutes();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        modelRouter.stop();
        tagRouter.stop();
        meshRouter.stop();
    }

    // ---- per call ----

    @Benchmark
    public BitList<Invoker<BenchService>> modelWeighted() {
        return modelRouter.route(invokers.clone(), consumerUrl, weightedCall, false, null);
    }

    @Benchmark
    public BitList<Invoker<BenchService>> modelPinned() {
        return modelRouter.route(invokers.clone(), consumerUrl, pinnedCall, false, null);
    }

    @Benchmark
    public BitList<Invoker<BenchService>> tagV3() {
        return tagRouter.route(invokers.clone(), consumerUrl, tagCall, false, null);
    }

    @Benchmark
    public BitList<Invoker<BenchService>> meshWeighted() {
        return meshRouter.route(invokers.clone(), consumerUrl, weightedCall, false, null);
    }

    // ---- notify (address change) ----

    @Benchmark
    public Object modelNotify() {
        modelRouter.notify(invokers);
        return modelRouter.table();
    }

    @Benchmark
    public Object tagNotify() {
        tagRouter.notify(invokers);
        return tagRouter;
    }

    @Benchmark
    public Object meshNotify() {
        meshRouter.notify(invokers);
        return meshRouter;
    }

    // ---- fixtures ----

    private static <R extends StateRouter<BenchService>> R chained(R router) {
        router.setNextRouter(TailStateRouter.getInstance());
        return router;
    }

    private static RpcInvocation call(Map<String, String> attachments) {
        RpcInvocation invocation = new RpcInvocation(
                "predict", BenchService.class.getName(), "", new Class<?>[] {String.class}, new Object[] {"x"});
        attachments.forEach(invocation::setAttachment);
        return invocation;
    }

    /** Fails the run if a router does not do the job it is measured for. */
    private void checkRoutes() {
        int third = providers / 3;
        int size = modelRouter
                .route(invokers.clone(), consumerUrl, pinnedCall, false, null)
                .size();
        // one tag-routed call over 10,000 providers takes tens of seconds here; check the tag router up to 1,000
        int tagSize = providers > 1000
                ? size
                : tagRouter
                        .route(invokers.clone(), consumerUrl, tagCall, false, null)
                        .size();
        int meshSize = meshRouter
                .route(invokers.clone(), consumerUrl, weightedCall, false, null)
                .size();
        if (size < third || tagSize != size || meshSize < third || meshSize > providers / 3 + 1) {
            throw new IllegalStateException("routers disagree: model pinned " + size + ", tag " + tagSize + ", mesh "
                    + meshSize + " of " + providers);
        }
    }

    private static String tagRule() {
        StringBuilder rule = new StringBuilder("configVersion: v3.0\nforce: true\nenabled: true\nruntime: true\n"
                + "key: " + PROVIDER_APP + "\ntags:\n");
        for (int version = 1; version <= 3; version++) {
            rule.append("  - name: v")
                    .append(version)
                    .append("\n    match:\n      - key: ")
                    .append(ModelProviderParams.MODEL_VERSION)
                    .append("\n        value:\n          exact: \"")
                    .append(version)
                    .append("\"\n");
        }
        return rule.toString();
    }

    private static List<Map<String, Object>> meshRules() {
        String destinationRule = "apiVersion: service.dubbo.apache.org/v1alpha1\nkind: DestinationRule\n"
                + "metadata: { name: " + PROVIDER_APP + " }\nspec:\n  host: " + PROVIDER_APP + "\n  subsets:\n"
                + subset(1) + subset(2) + subset(3);
        String virtualService = "apiVersion: service.dubbo.apache.org/v1alpha1\nkind: VirtualService\n"
                + "metadata: { name: " + PROVIDER_APP + " }\nspec:\n  hosts: [" + PROVIDER_APP + "]\n  dubbo:\n"
                + "    - routedetail:\n        - name: split\n          route:\n"
                + weighted(1, 60) + weighted(2, 30) + weighted(3, 10);
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> rules = new ArrayList<>();
        rules.add(yaml.load(destinationRule));
        rules.add(yaml.load(virtualService));
        return rules;
    }

    private static String subset(int version) {
        return "    - name: v" + version + "\n      labels: { " + ModelProviderParams.MODEL_VERSION + ": \"" + version
                + "\" }\n";
    }

    private static String weighted(int version, int weight) {
        return "            - weight: " + weight + "\n              destination: { host: " + PROVIDER_APP
                + ", subset: v" + version + " }\n";
    }
}
