package io.dubboai.serving.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Downloads {@code http:} and {@code https:} artifacts (a web server, an object store's pre-signed URL) with the JDK's
 * HTTP client. Redirects are followed except from {@code https} to {@code http}; only a {@code 200} answer is
 * accepted. The download is bounded in time ({@link #DEFAULT_TIMEOUT} from request to last byte unless configured) and
 * in size ({@link #DEFAULT_MAX_BYTES}).
 *
 * <p>Plain {@code http} is only fetched when the artifact policy allows the scheme; the SHA-256 check still protects
 * what is loaded.
 */
public final class HttpArtifactFetcher implements ArtifactFetcher {

    /** How long one download may take, from request to last byte, by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    /** Largest artifact accepted by default: 64 GiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 30;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Duration timeout;
    private final long maxBytes;
    private volatile HttpClient client;

    /** A fetcher with the default timeout and size bound (the SPI's constructor). */
    public HttpArtifactFetcher() {
        this(DEFAULT_TIMEOUT, DEFAULT_MAX_BYTES);
    }

    /**
     * @param timeout how long one download may take, from request to last byte
     * @param maxBytes largest artifact accepted
     */
    public HttpArtifactFetcher(Duration timeout, long maxBytes) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("HTTP artifact timeout must be positive, but was " + timeout);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("HTTP artifact size bound must be >= 1 byte, but was " + maxBytes);
        }
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    @Override
    public Path fetch(String modelName, URI uri, Path workDir) {
        String shown = ArtifactResolver.withoutQuery(uri.toString());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        Path target;
        try {
            target = Files.createTempFile(workDir, "download-", ".part");
        } catch (IOException e) {
            throw Downloads.fail(modelName, "cannot create a download file in " + workDir + ": " + e.getMessage());
        }
        try {
            HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw Downloads.fail(
                            modelName,
                            "fetching artifact " + shown + " of model '" + modelName + "' answered HTTP "
                                    + response.statusCode() + "; check the artifact URI (and that a pre-signed URL "
                                    + "has not expired)");
                }
                copy(modelName, shown, body, target, deadline);
            }
            return target;
        } catch (IOException e) {
            Downloads.deleteQuietly(target);
            throw Downloads.fail(
                    modelName,
                    "cannot fetch artifact " + shown + " of model '" + modelName + "': "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage())
                            + "; check the server is reachable from this host");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Downloads.deleteQuietly(target);
            throw Downloads.fail(
                    modelName, "interrupted while fetching artifact " + shown + " of model '" + modelName + "'");
        } catch (RuntimeException e) {
            Downloads.deleteQuietly(target);
            throw e;
        }
    }

    private void copy(String modelName, String shown, InputStream body, Path target, long deadline) throws IOException {
        long total = 0;
        byte[] buffer = new byte[256 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw Downloads.fail(
                            modelName,
                            "artifact " + shown + " of model '" + modelName + "' is larger than " + maxBytes
                                    + " bytes, the bound of HTTP artifacts");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw Downloads.fail(
                            modelName,
                            "fetching artifact " + shown + " of model '" + modelName + "' took longer than " + timeout
                                    + " (" + total + " bytes received)");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    current = HttpClient.newBuilder()
                            .connectTimeout(CONNECT_TIMEOUT)
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build();
                    client = current;
                }
            }
        }
        return current;
    }
}
