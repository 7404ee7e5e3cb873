package io.dubboai.modelhost;

import com.adobe.testing.s3mock.S3MockApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.artifact.S3Clients;
import io.dubboai.controlplane.fleet.Assignment;
import io.dubboai.controlplane.fleet.FleetDocuments;
import io.dubboai.controlplane.fleet.HostAssignments;
import io.dubboai.controlplane.fleet.HostStatus;
import io.dubboai.controlplane.fleet.ServedVersion;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.serving.S3MockServers;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.provider.AcceleratorDetector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The real parts of a fleet on one machine: an embedded ZooKeeper (Dubbo registry, config center and document
 * store), Adobe's S3Mock, the model registry (its Spring Boot auto-configuration and REST API, artifacts in S3), and
 * model hosts started in this JVM. Close it once, at the end: closing Dubbo closes every Triple port of the JVM.
 */
final class FleetFixture implements AutoCloseable {

    static final String BUCKET = "models";

    final Path temp;
    final EmbeddedZooKeeper zooKeeper;
    final S3MockApplication s3;
    final S3Client s3Client;
    final ConfigurableApplicationContext registry;
    final String registryUrl;
    final ConfigCenterDocumentStore documents;
    final JsonDocuments<HostAssignments> assignments;
    final JsonDocuments<HostStatus> statuses;
    final FrameworkModel consumerFramework = new FrameworkModel();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class RegistryApplication {}

    FleetFixture() throws IOException {
        temp = Files.createTempDirectory("model-host-e2e");
        zooKeeper = EmbeddedZooKeeper.start(temp.resolve("zk"), 0);
        s3 = S3MockServers.start(temp.resolve("s3"), BUCKET);
        s3Client = S3Clients.create(s3Endpoint(), "us-east-1", true, null);
        registry = new SpringApplicationBuilder(RegistryApplication.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.main.banner-mode=off",
                        "dubbo.ai.registry.store.address=" + zooKeeper.dubboAddress(),
                        "dubbo.ai.registry.artifacts.type=s3",
                        "dubbo.ai.registry.artifacts.bucket=" + BUCKET,
                        "dubbo.ai.registry.artifacts.prefix=registry/",
                        "dubbo.ai.registry.artifacts.endpoint=" + s3Endpoint(),
                        "dubbo.ai.registry.artifacts.path-style=true",
                        "dubbo.ai.registry.artifacts.allowed-buckets=" + BUCKET,
                        "dubbo.ai.registry.security.allow-anonymous-writes=true")
                .run();
        registryUrl = "http://127.0.0.1:" + registry.getEnvironment().getProperty("local.server.port");
        documents = ConfigCenterDocumentStore.open(zooKeeper.dubboAddress(), FleetDocuments.DEFAULT_GROUP);
        assignments = new JsonDocuments<>(documents, HostAssignments.class);
        statuses = new JsonDocuments<>(documents, HostStatus.class);
    }

    String s3Endpoint() {
        return "http://127.0.0.1:" + s3.getHttpPort();
    }

    /** A started model host with a memory budget, short heartbeats and a short drain grace. */
    ModelHost host(String id, long memoryBudgetBytes, String s3Endpoint) {
        return host(settings(id, memoryBudgetBytes, s3Endpoint, zooKeeper.dubboAddress()));
    }

    /** A started model host with these settings (see {@link #settings}). */
    ModelHost host(Map<String, String> settings) {
        return new ModelHost(
                        ModelHostConfig.fromProperties(settings),
                        new AcceleratorDetector(command -> Optional.empty()),
                        Clock.systemUTC())
                .start();
    }

    /**
     * A host's settings: a memory budget, short heartbeats and a short drain grace; its Dubbo registry is {@code
     * registryAddress}, its fleet documents stay in ZooKeeper (config-center-address).
     */
    Map<String, String> settings(String id, long memoryBudgetBytes, String s3Endpoint, String registryAddress) {
        Map<String, String> settings = new HashMap<>();
        settings.put("dubbo.ai.host.id", id);
        settings.put("dubbo.ai.host.registry-address", registryAddress);
        settings.put("dubbo.ai.host.config-center-address", zooKeeper.dubboAddress());
        settings.put("dubbo.ai.host.port", Integer.toString(freePort()));
        settings.put("dubbo.ai.host.memory-budget-bytes", Long.toString(memoryBudgetBytes));
        settings.put("dubbo.ai.host.heartbeat-interval-ms", "500");
        // longer than twice the consumers' registry notification delay (Dubbo's delay-notification, 5 s by default):
        // a removal that lands while a consumer's ZooKeeper notifier sleeps reaches it only with the next notification
        settings.put("dubbo.ai.host.drain-grace-ms", "12000");
        settings.put("dubbo.ai.host.drain-timeout-ms", "10000");
        settings.put("dubbo.ai.host.cache-dir", temp.resolve("cache-" + id).toString());
        settings.put("dubbo.ai.host.model-registry-url", registryUrl);
        settings.put("dubbo.ai.host.model-registry-token", "viewer-token");
        settings.put("dubbo.ai.host.s3.endpoint", s3Endpoint);
        settings.put("dubbo.ai.host.s3.path-style", "true");
        // several hosts in one JVM: each its own QoS (/metrics) port
        settings.put("dubbo.ai.host.qos-port", "0");
        return settings;
    }

    /** Replaces a host's assignments, as an executor does (by compare-and-set). */
    void assign(String hostId, List<Assignment> versions) {
        String key = FleetDocuments.assignmentsKey(hostId);
        HostAssignments wanted = new HostAssignments(hostId, versions);
        if (!assignments.create(key, wanted)) {
            assignments.update(key, current -> wanted);
        }
    }

    /** Writes a model's route rule where the routers read it (ZooKeeper config center, group {@code dubbo}). */
    void publishRouteRule(String model, String yaml) {
        try (CuratorFramework client =
                CuratorFrameworkFactory.newClient(zooKeeper.connectString(), new RetryOneTime(100))) {
            client.start();
            client.blockUntilConnected();
            client.create()
                    .orSetData()
                    .creatingParentsIfNeeded()
                    .forPath(
                            "/dubbo/config/" + RouteRules.GROUP + "/" + RouteRules.ruleKey(model),
                            yaml.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the route rule of model '" + model + "'", e);
        }
    }

    /** What a host reports for a version, if anything. */
    Optional<ServedVersion> served(String hostId, String model, String version) {
        return statuses.read(FleetDocuments.hostKey(hostId)).flatMap(status -> status.versions().stream()
                .filter(v -> v.model().equals(model) && v.version().equals(version))
                .findFirst());
    }

    /** Registers a model version through the registry's REST API; returns the version JSON. */
    JsonNode createVersion(String model, String body) {
        call("POST", "/api/v1/ai/models", "{\"name\":\"" + model + "\"}", "application/json");
        JsonNode created = call("POST", "/api/v1/ai/models/" + model + "/versions", body, "application/json");
        return created;
    }

    /** Uploads an artifact to a version through the REST API. */
    JsonNode upload(String model, long version, String fileName, byte[] bytes) {
        return call(
                "PUT",
                "/api/v1/ai/models/" + model + "/versions/" + version + "/artifact?fileName=" + fileName,
                bytes,
                "application/octet-stream");
    }

    /** Writes an object straight into the bucket (outside the registry's prefix). */
    String putObject(String key, byte[] bytes) {
        s3Client.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromBytes(bytes));
        return "s3://" + BUCKET + "/" + key;
    }

    JsonNode call(String method, String path, Object body, String contentType) {
        HttpRequest.BodyPublisher publisher = body instanceof byte[] bytes
                ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.ofString((String) body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(registryUrl + path))
                .header("Content-Type", contentType)
                .method(method, publisher)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !(response.statusCode() == 409 && path.equals("/api/v1/ai/models"))) {
                throw new IllegalStateException(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Dubbo consumer that finds providers in the ZooKeeper registry (interface-level), with no retries. */
    GRPCInferenceService consumer() {
        return consumer(zooKeeper.dubboAddress());
    }

    /** A Dubbo consumer that finds providers in the registry at {@code registryAddress} (interface-level). */
    GRPCInferenceService consumer(String registryAddress) {
        ApplicationModel application = consumerFramework.newApplication();
        ApplicationConfig config = new ApplicationConfig("model-host-e2e-consumer");
        config.setQosEnable(false);
        config.setRegisterMode("interface");
        DubboBootstrap.getInstance(application)
                .application(config)
                .registry(new RegistryConfig(registryAddress))
                .start();
        ReferenceConfig<GRPCInferenceService> reference = new ReferenceConfig<>(application.getDefaultModule());
        reference.setInterface(GRPCInferenceService.class);
        reference.setProtocol("tri");
        reference.setTimeout(30_000);
        reference.setRetries(0);
        reference.setCheck(false);
        return reference.get();
    }

    /**
     * The sum of the samples of {@code name} on a host's {@code /metrics} whose labels include {@code labels}; 0 when
     * there is none.
     */
    double metric(ModelHost host, String name, Map<String, String> labels) {
        String exposition = qos(host, "/metrics");
        return exposition
                .lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> labels.entrySet().stream()
                        .allMatch(e -> line.contains(e.getKey() + "=\"" + e.getValue() + "\"")))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** {@code GET} of a path on a host's QoS port ({@code /metrics}, {@code /aiSketches}). */
    String qos(ModelHost host, String path) {
        return get(URI.create("http://127.0.0.1:" + host.qosPort().orElseThrow() + path));
    }

    private String get(URI uri) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(java.time.Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        consumerFramework.destroy();
        documents.close();
        registry.close();
        s3Client.close();
        S3MockServers.stop(s3);
        zooKeeper.close();
    }
}
