package io.dubboai.serving.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.S3MockApplication;
import com.sun.net.httpserver.HttpServer;
import io.dubboai.artifact.S3Clients;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.S3MockServers;
import io.dubboai.serving.ServingException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The S3 fetcher against Adobe's S3Mock and the HTTP fetcher against the JDK's HTTP server, both on loopback. */
class RemoteArtifactFetchersTest {

    private static final byte[] WEIGHTS = "model weights".getBytes(StandardCharsets.UTF_8);
    private static final ArtifactPolicy REMOTE = new ArtifactPolicy(Set.of("s3", "http"), Optional.empty());

    @TempDir
    static Path temp;

    static S3MockApplication s3;
    static S3Client client;
    static HttpServer http;
    static final AtomicInteger httpRequests = new AtomicInteger();

    @BeforeAll
    static void startServers() throws Exception {
        s3 = S3MockServers.start(temp.resolve("s3"), "models");
        client = S3Clients.create("http://127.0.0.1:" + s3.getHttpPort(), "us-east-1", true, null);
        client.putObject(
                PutObjectRequest.builder()
                        .bucket("models")
                        .key("fraud/1/model.onnx")
                        .build(),
                RequestBody.fromBytes(WEIGHTS));

        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/fraud/1/model.onnx", exchange -> {
            httpRequests.incrementAndGet();
            exchange.sendResponseHeaders(200, WEIGHTS.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(WEIGHTS);
            }
        });
        http.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        http.start();
    }

    @AfterAll
    static void stopServers() {
        if (http != null) {
            http.stop(0);
        }
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            S3MockServers.stop(s3);
        }
    }

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static ArtifactResolver resolver(Path cacheDir) {
        ArtifactFetcher s3Fetcher = new S3ArtifactFetcher(client);
        ArtifactFetcher httpFetcher = new HttpArtifactFetcher();
        return new ArtifactResolver(
                REMOTE, scheme -> scheme.equals("s3") ? s3Fetcher : httpFetcher, new ArtifactCache(cacheDir, 1 << 20));
    }

    private static String httpUri(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    @Test
    void resolveS3ArtifactShouldDownloadVerifyAndCacheIt() throws Exception {
        Path cacheDir = temp.resolve("cache-s3");

        Path local = resolver(cacheDir).resolve("fraud", "s3://models/fraud/1/model.onnx", sha(WEIGHTS));

        assertThat(local).isEqualTo(cacheDir.resolve(sha(WEIGHTS)));
        assertThat(Files.readAllBytes(local)).isEqualTo(WEIGHTS);
        try (var files = Files.list(cacheDir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(sha(WEIGHTS));
        }
    }

    @Test
    void resolveS3ArtifactWithWrongChecksumShouldFailAndLeaveNothingBehind() throws Exception {
        Path cacheDir = temp.resolve("cache-s3-corrupt");
        String wrong = "0".repeat(64);

        assertThatThrownBy(() -> resolver(cacheDir).resolve("fraud", "s3://models/fraud/1/model.onnx", wrong))
                .isInstanceOfSatisfying(
                        ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ARTIFACT))
                .hasMessageContaining("has SHA-256 " + sha(WEIGHTS) + " but " + wrong + " was expected");
        try (var files = Files.list(cacheDir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void resolveMissingS3KeyShouldSayItDoesNotExist() {
        assertThatThrownBy(() -> resolver(temp.resolve("cache-s3-missing"))
                        .resolve("fraud", "s3://models/fraud/9/model.onnx", "0".repeat(64)))
                .isInstanceOf(ServingException.class)
                .hasMessageContaining("artifact s3://models/fraud/9/model.onnx of model 'fraud' does not exist");
    }

    @Test
    void resolveFromUnreachableS3ShouldSaySo() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (S3Client unreachable = S3Clients.create("http://127.0.0.1:" + closedPort, "us-east-1", true, null)) {
            ArtifactResolver resolver = new ArtifactResolver(
                    REMOTE,
                    scheme -> new S3ArtifactFetcher(unreachable),
                    new ArtifactCache(temp.resolve("cache-unreachable"), 1 << 20));

            assertThatThrownBy(() -> resolver.resolve("fraud", "s3://models/fraud/1/model.onnx", sha(WEIGHTS)))
                    .isInstanceOf(ServingException.class)
                    .hasMessageContaining("cannot reach S3 to fetch artifact s3://models/fraud/1/model.onnx");
        }
    }

    @Test
    void resolveHttpArtifactTwiceShouldFetchItOnce() throws Exception {
        ArtifactResolver resolver = resolver(temp.resolve("cache-http"));
        int before = httpRequests.get();

        Path first = resolver.resolve("fraud", httpUri("/fraud/1/model.onnx"), sha(WEIGHTS));
        Path second = resolver.resolve("fraud", httpUri("/fraud/1/model.onnx"), sha(WEIGHTS));

        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(first)).isEqualTo(WEIGHTS);
        assertThat(httpRequests.get() - before).isEqualTo(1);
    }

    @Test
    void resolveHttpErrorShouldGiveTheStatusWithoutTheQuery() {
        assertThatThrownBy(() -> resolver(temp.resolve("cache-http-404"))
                        .resolve("fraud", httpUri("/missing?X-Amz-Signature=secret"), "0".repeat(64)))
                .isInstanceOf(ServingException.class)
                .hasMessageContaining("answered HTTP 404")
                .hasMessageNotContaining("secret");
    }

    @Test
    void checkShouldRefuseCredentialsUnlistedSchemesAndTraversal() {
        ArtifactResolver resolver = resolver(temp.resolve("cache-checks"));
        for (var bad : List.of(
                Map.entry("http://user:pw@127.0.0.1/m.onnx", "carries credentials"),
                Map.entry("https://example.com/m.onnx", "scheme 'https', which is not allowed"),
                Map.entry("s3://models/fraud/../other/model.onnx", "contains a '..' path segment"),
                Map.entry("s3://models", "needs a host (or bucket) and a path"))) {
            assertThatThrownBy(() -> resolver.check("fraud", bad.getKey()))
                    .as(bad.getKey())
                    .hasMessageContaining(bad.getValue())
                    .hasMessageNotContaining("pw@");
        }
    }
}
