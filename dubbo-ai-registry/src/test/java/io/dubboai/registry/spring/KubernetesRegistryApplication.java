package io.dubboai.registry.spring;

import io.dubboai.registry.store.kubernetes.KubernetesMock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A plain Spring Boot application with the registry's auto-configuration on the fabric8 Kubernetes mock server (CRUD
 * mode), for the tests that run it on a real port; each test class picks its own namespace and properties. The mock
 * server is started once per test JVM and outlives the cached application contexts that use it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class KubernetesRegistryApplication {

    static final KubernetesMockServer SERVER = KubernetesMock.start();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SERVER::destroy, "kubernetes-mock-stop"));
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient() {
        return SERVER.createClient();
    }

    /** Sends one request to the application on {@code port}. */
    static HttpResponse<String> send(int port, String method, String path, String contentType, @Nullable String body)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", contentType)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
