package io.dubboai.serving.provider;

import io.dubboai.serving.artifact.ArtifactPolicy;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.registry.RegisteredVersion;
import io.dubboai.serving.registry.RegistryClient;
import io.dubboai.serving.typed.TypedModelService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link ModelServer} needs.
 *
 * @param model the model version to serve
 * @param applicationName Dubbo application name
 * @param registryAddress Dubbo registry, e.g. {@code zookeeper://127.0.0.1:2181}; {@code N/A} for none
 * @param registerMode Dubbo's register mode: {@code interface}, {@code instance} or {@code all}
 * @param host address to bind and publish, e.g. {@code 127.0.0.1}
 * @param port Triple port, {@code 1..65535}
 * @param accelerator configured hardware facts, used when {@code nvidia-smi} detects nothing
 * @param detectGpu whether to run {@code nvidia-smi}
 * @param drainTimeout how long shutdown waits for in-flight requests
 * @param artifactPolicy which artifact URIs are accepted
 * @param workDir where fetched artifacts may be stored
 * @param typedServices user-typed services mapped onto the model
 * @param qos Dubbo's QoS server, which serves Prometheus {@code /metrics}; {@link QosConfig#LOOPBACK} by default
 */
public record ModelServerConfig(
        ModelConfig model,
        String applicationName,
        String registryAddress,
        String registerMode,
        String host,
        int port,
        Optional<AcceleratorInfo> accelerator,
        boolean detectGpu,
        Duration drainTimeout,
        ArtifactPolicy artifactPolicy,
        Path workDir,
        List<TypedModelService<?>> typedServices,
        QosConfig qos) {

    /** Validates the port, the register mode and the drain timeout. */
    public ModelServerConfig {
        Objects.requireNonNull(model, "model");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, but was " + port);
        }
        if (!List.of("interface", "instance", "all").contains(registerMode)) {
            throw new IllegalArgumentException(
                    "registerMode must be 'interface', 'instance' or 'all', but was '" + registerMode + "'");
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative, but was " + drainTimeout);
        }
        typedServices = List.copyOf(typedServices);
        Objects.requireNonNull(qos, "qos");
    }

    /**
     * A server for {@code model} on {@code host:port}, registering in {@code registryAddress} (interface mode), with
     * GPU detection, a 10 s drain, the system temp directory as work directory, and artifacts accepted only as
     * {@code file:} URIs in the directory of the model's artifact ({@link ArtifactPolicy#directoryOf}); set a wider
     * root with {@link #withArtifactPolicy} when other versions live elsewhere; Dubbo's QoS server (and with it
     * Prometheus {@code /metrics}) on {@code 127.0.0.1:22222} ({@link QosConfig#LOOPBACK}).
     */
    public static ModelServerConfig of(ModelConfig model, String registryAddress, String host, int port) {
        return new ModelServerConfig(
                model,
                "dubbo-ai-serving-" + model.name(),
                registryAddress,
                "interface",
                host,
                port,
                Optional.empty(),
                true,
                Duration.ofSeconds(10),
                ArtifactPolicy.directoryOf(model.artifactUri()),
                Path.of(System.getProperty("java.io.tmpdir")),
                List.of(),
                QosConfig.LOOPBACK);
    }

    /**
     * A server for what the model registry says: the version {@code versionOrAlias} ({@code 3} or an alias such as
     * {@code champion}) of {@code model}, read from the registry now, with its artifact URI, checksum, runtime,
     * signature and serving settings ({@link RegisteredVersion#toModelConfig()}); artifacts accepted as
     * {@link ArtifactPolicy#REGISTRY_ARTIFACTS}. Otherwise as {@link #of}. An alias is resolved once, here: moving it
     * later does not change what this server serves (model hosts follow assignments instead).
     *
     * @throws io.dubboai.serving.registry.RegistryLookupException when the registry cannot be read
     * @throws IllegalStateException when the version is not ready to serve
     */
    public static ModelServerConfig fromRegistry(
            RegistryClient registry,
            String model,
            String versionOrAlias,
            String registryAddress,
            String host,
            int port) {
        ModelConfig resolved = registry.version(model, versionOrAlias).toModelConfig();
        return of(resolved, registryAddress, host, port).withArtifactPolicy(ArtifactPolicy.REGISTRY_ARTIFACTS);
    }

    /** A copy with typed services. */
    public ModelServerConfig withTypedServices(List<TypedModelService<?>> services) {
        return new ModelServerConfig(
                model,
                applicationName,
                registryAddress,
                registerMode,
                host,
                port,
                accelerator,
                detectGpu,
                drainTimeout,
                artifactPolicy,
                workDir,
                services,
                qos);
    }

    /** A copy with configured accelerator facts. */
    public ModelServerConfig withAccelerator(AcceleratorInfo configured) {
        return new ModelServerConfig(
                model,
                applicationName,
                registryAddress,
                registerMode,
                host,
                port,
                Optional.of(configured),
                detectGpu,
                drainTimeout,
                artifactPolicy,
                workDir,
                typedServices,
                qos);
    }

    /** A copy with another drain timeout. */
    public ModelServerConfig withDrainTimeout(Duration timeout) {
        return new ModelServerConfig(
                model,
                applicationName,
                registryAddress,
                registerMode,
                host,
                port,
                accelerator,
                detectGpu,
                timeout,
                artifactPolicy,
                workDir,
                typedServices,
                qos);
    }

    /** A copy with another artifact policy. */
    public ModelServerConfig withArtifactPolicy(ArtifactPolicy policy) {
        return new ModelServerConfig(
                model,
                applicationName,
                registryAddress,
                registerMode,
                host,
                port,
                accelerator,
                detectGpu,
                drainTimeout,
                policy,
                workDir,
                typedServices,
                qos);
    }

    /** A copy with another model. */
    public ModelServerConfig withModel(ModelConfig newModel) {
        return new ModelServerConfig(
                newModel,
                applicationName,
                registryAddress,
                registerMode,
                host,
                port,
                accelerator,
                detectGpu,
                drainTimeout,
                artifactPolicy,
                workDir,
                typedServices,
                qos);
    }

    /** A copy with another QoS server setting. */
    public ModelServerConfig withQos(QosConfig newQos) {
        return new ModelServerConfig(
                model,
                applicationName,
                registryAddress,
                registerMode,
                host,
                port,
                accelerator,
                detectGpu,
                drainTimeout,
                artifactPolicy,
                workDir,
                typedServices,
                newQos);
    }
}
