package io.dubboai.router;

import io.dubboai.core.contract.ModelProviderParams;
import java.util.Map;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ConfigCenterConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.apache.dubbo.rpc.service.GenericService;
import org.jspecify.annotations.Nullable;

/**
 * A consumer application with its own {@link DubboBootstrap}: a typed and a generic reference to
 * {@link SentimentService}, both load-balanced by {@link LeastWorkLoadBalance}, with the embedded ZooKeeper as registry
 * and config center.
 */
final class ModelConsumer implements AutoCloseable {

    private final DubboBootstrap bootstrap;
    private final SentimentService typed;
    private final GenericService generic;

    ModelConsumer(String zookeeper) {
        this(FrameworkModel.defaultModel(), zookeeper, "model-consumer");
    }

    /**
     * A consumer named {@code applicationName} in {@code framework}. A framework model of a test class's own keeps its
     * applications apart from Dubbo's default one, whose metadata cache-refresh executor is terminated once an earlier
     * test class stopped all its applications (logged as "Load mapping from local cache file error").
     */
    ModelConsumer(FrameworkModel framework, String zookeeper, String applicationName) {
        this(framework, zookeeper, applicationName, null);
    }

    /** As above, with both references limited to {@code protocol} ({@code null}: any), e.g. {@code tri}. */
    ModelConsumer(FrameworkModel framework, String zookeeper, String applicationName, @Nullable String protocol) {
        ApplicationConfig application = new ApplicationConfig(applicationName);
        application.setQosEnable(false);
        ReferenceConfig<SentimentService> typedReference = new ReferenceConfig<>();
        typedReference.setInterface(SentimentService.class);
        typedReference.setLoadbalance(LeastWorkLoadBalance.NAME);
        typedReference.setCheck(false);
        // every provider "process" shares this JVM: without this Dubbo would call one of them in-JVM, unrouted
        typedReference.setScope("remote");
        // consumer parameters named like provider parameters must not shadow what the providers registered
        typedReference.setParameters(Map.of(
                ModelProviderParams.MODEL_VERSION, "9",
                ModelProviderParams.ACCELERATOR, "gpu",
                ModelProviderParams.GPU_MEMORY_MIB, "100000"));
        typedReference.setTimeout(5000);
        // no failover retries: a call routed to a dead provider must show up as a failure, not be retried elsewhere
        typedReference.setRetries(0);
        ReferenceConfig<GenericService> genericReference = new ReferenceConfig<>();
        genericReference.setInterface(SentimentService.class.getName());
        genericReference.setGeneric("true");
        genericReference.setLoadbalance(LeastWorkLoadBalance.NAME);
        genericReference.setCheck(false);
        genericReference.setScope("remote");
        genericReference.setTimeout(5000);
        genericReference.setRetries(0);
        genericReference.setId("genericSentiment");
        if (protocol != null) {
            typedReference.setProtocol(protocol);
            genericReference.setProtocol(protocol);
        }
        ConfigCenterConfig configCenter = new ConfigCenterConfig();
        configCenter.setAddress(zookeeper);
        bootstrap = DubboBootstrap.newInstance(framework)
                .application(application)
                .registry(new RegistryConfig(zookeeper))
                .configCenter(configCenter)
                .reference(typedReference)
                .reference(genericReference)
                .start();
        typed = typedReference.get();
        generic = genericReference.get();
    }

    /** Calls {@code predict} on the typed reference with {@code attachments} set for this call only. */
    String call(Map<String, String> attachments) {
        attachments.forEach(RpcContext.getClientAttachment()::setAttachment);
        try {
            return typed.predict("great movie");
        } finally {
            attachments.keySet().forEach(RpcContext.getClientAttachment()::removeAttachment);
        }
    }

    /** Calls {@code predict} through the generic reference with {@code attachments} set for this call only. */
    String callGeneric(Map<String, String> attachments) {
        attachments.forEach(RpcContext.getClientAttachment()::setAttachment);
        try {
            return (String) generic.$invoke("predict", new String[] {String.class.getName()}, new Object[] {"ok"});
        } finally {
            attachments.keySet().forEach(RpcContext.getClientAttachment()::removeAttachment);
        }
    }

    /** The rule status every router of this consumer has applied. */
    RuleStatus ruleStatus() {
        return ruleStatus(ModelProvider.MODEL);
    }

    /** The status of {@code model}'s rule as every router of this consumer has applied it. */
    RuleStatus ruleStatus(String model) {
        return bootstrap
                .getApplicationModel()
                .getDefaultModule()
                .getBeanFactory()
                .getBean(ModelRuleManager.class)
                .status(model);
    }

    /** The shadow-traffic sender of this consumer's application. */
    ShadowMirror shadowMirror() {
        return bootstrap.getApplicationModel().getBeanFactory().getBean(ShadowMirror.class);
    }

    @Override
    public void close() {
        bootstrap.stop();
    }
}
