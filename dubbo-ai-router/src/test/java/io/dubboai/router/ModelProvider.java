package io.dubboai.router;

import io.dubboai.core.contract.Accelerator;
import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.contract.ModelProviderParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.jspecify.annotations.Nullable;

/**
 * One model provider "process": its own {@link DubboBootstrap} and application model, its own free port,
 * registering {@link SentimentService} with the dubbo-ai provider parameters.
 */
final class ModelProvider implements AutoCloseable {

    static final String MODEL = "sentiment";

    private final String id;
    private final String version;
    private final DubboBootstrap bootstrap;

    private ModelProvider(String id, String version, DubboBootstrap bootstrap) {
        this.id = id;
        this.version = version;
        this.bootstrap = bootstrap;
    }

    /** Starts a CPU provider. */
    static ModelProvider cpu(String registry, String id, String version, @Nullable Integer reportedQueue) {
        return start(registry, id, version, Accelerator.CPU, null, 0, reportedQueue);
    }

    /** Starts a CPU provider of {@code model} over {@code protocol} in {@code framework}, answering with {@code service}. */
    static ModelProvider serving(
            FrameworkModel framework,
            String registry,
            String protocol,
            String model,
            String id,
            String version,
            SentimentService service) {
        return start(framework, registry, protocol, model, id, version, Accelerator.CPU, null, 0, null, service);
    }

    /** Starts a GPU provider. */
    static ModelProvider gpu(String registry, String id, String version, String gpuType, long memoryMiB) {
        return start(registry, id, version, Accelerator.GPU, gpuType, memoryMiB, null);
    }

    private static ModelProvider start(
            String registry,
            String id,
            String version,
            Accelerator accelerator,
            @Nullable String gpuType,
            long memoryMiB,
            @Nullable Integer reportedQueue) {
        return start(
                FrameworkModel.defaultModel(),
                registry,
                "dubbo",
                MODEL,
                id,
                version,
                accelerator,
                gpuType,
                memoryMiB,
                reportedQueue,
                null);
    }

    private static ModelProvider start(
            FrameworkModel framework,
            String registry,
            String protocolName,
            String model,
            String id,
            String version,
            Accelerator accelerator,
            @Nullable String gpuType,
            long memoryMiB,
            @Nullable Integer reportedQueue,
            @Nullable SentimentService custom) {
        Map<String, String> params = new HashMap<>();
        params.put(ModelProviderParams.MODEL, model);
        params.put(ModelProviderParams.MODEL_VERSION, version);
        params.put(ModelProviderParams.RUNTIME, "test");
        params.put(ModelProviderParams.ACCELERATOR, accelerator.wireName());
        if (gpuType != null) {
            params.put(ModelProviderParams.GPU_TYPE, gpuType);
            params.put(ModelProviderParams.GPU_COUNT, "1");
            params.put(ModelProviderParams.GPU_MEMORY_MIB, Long.toString(memoryMiB));
        }
        ServiceConfig<SentimentService> service = new ServiceConfig<>();
        service.setInterface(SentimentService.class);
        service.setRef(
                custom != null
                        ? custom
                        : text -> {
                            if (reportedQueue != null) {
                                RpcContext.getServerContext()
                                        .setAttachment(ModelAttachments.LOAD_QUEUE, reportedQueue.toString());
                            }
                            RpcContext.getServerContext().setAttachment(ModelAttachments.SERVED_VERSION, version);
                            return version + "@" + id;
                        });
        service.setParameters(params);
        service.setScope("remote");

        ApplicationConfig application = new ApplicationConfig("model-provider-" + id);
        application.setQosEnable(false);
        application.setShutwait("1000");
        ProtocolConfig protocol = new ProtocolConfig(protocolName, freePort());
        DubboBootstrap bootstrap = DubboBootstrap.newInstance(framework)
                .application(application)
                .registry(new RegistryConfig(registry))
                .protocol(protocol)
                .service(service)
                .start();
        return new ModelProvider(id, version, bootstrap);
    }

    String id() {
        return id;
    }

    String version() {
        return version;
    }

    @Override
    public void close() {
        bootstrap.stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
