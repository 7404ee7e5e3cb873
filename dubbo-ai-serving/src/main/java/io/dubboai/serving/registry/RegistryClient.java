package io.dubboai.serving.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.core.model.ModelNames;
import io.dubboai.core.model.ModelSignature;
import io.dubboai.core.secret.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads model versions from the registry's REST API ({@code GET /api/v1/ai/models/{model}/versions/{version}} and
 * {@code GET /api/v1/ai/models/{model}/aliases/{alias}}), authenticated with a bearer token. On the admin server a
 * token of the {@code viewer} role is enough: serving only reads.
 *
 * <p>Thread-safe; one client per registry.
 */
public final class RegistryClient {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final URI baseUri;
    private final @Nullable String token;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param baseUri the registry's (admin server's) base URI, e.g. {@code http://127.0.0.1:8080}
     * @param token a bearer token (viewer role suffices), or null where the registry needs none
     * @param timeout how long one request may take
     */
    public RegistryClient(URI baseUri, @Nullable String token, Duration timeout) {
        Objects.requireNonNull(baseUri, "baseUri");
        String scheme = baseUri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUri.getHost() == null) {
            throw new IllegalArgumentException("registry URI '" + Secrets.maskAddress(baseUri.toString())
                    + "' must be http(s)://host:port, e.g. http://127.0.0.1:8080");
        }
        if (baseUri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("registry URI '" + Secrets.maskAddress(baseUri.toString())
                    + "' carries credentials; pass a token instead");
        }
        String text = baseUri.toString();
        this.baseUri = URI.create(text.endsWith("/") ? text : text + "/");
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The version to serve: {@code versionOrAlias} is a version number ({@code 3}) or an alias ({@code champion}).
     *
     * @throws RegistryLookupException saying what failed: unreachable registry, refused token, unknown model,
     *     version or alias
     */
    public RegisteredVersion version(String model, String versionOrAlias) {
        ModelNames.requireModelName(model);
        String path = versionOrAlias.chars().allMatch(Character::isDigit) && !versionOrAlias.isEmpty()
                ? "versions/" + versionOrAlias
                : "aliases/" + URLEncoder.encode(versionOrAlias, StandardCharsets.UTF_8);
        URI uri = baseUri.resolve("api/v1/ai/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "/" + path);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        String what = "'" + model + "' " + (path.startsWith("versions/") ? "version " : "alias ") + versionOrAlias;
        HttpResponse<String> response;
        try {
            response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RegistryLookupException("cannot reach the model registry at " + baseUri + " to read model " + what
                    + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryLookupException("interrupted while reading model " + what + " from the registry");
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new RegistryLookupException("the model registry at " + baseUri + " refused to read model " + what
                    + " (HTTP " + status + "); give this process a token of a user or robot with the viewer role");
        }
        if (status == 404) {
            throw new RegistryLookupException("the model registry at " + baseUri + " has no model " + what
                    + "; check the name, version or alias");
        }
        if (status != 200) {
            throw new RegistryLookupException("the model registry at " + baseUri + " answered HTTP " + status
                    + " reading model " + what + ": " + ModelNames.abbreviate(response.body()));
        }
        try {
            VersionDocument doc = JSON.readValue(response.body(), VersionDocument.class);
            return new RegisteredVersion(
                    doc.model() == null ? model : doc.model(),
                    doc.version(),
                    doc.artifactUri(),
                    doc.checksum(),
                    doc.format() == null ? "" : doc.format(),
                    doc.runtime() == null ? "" : doc.runtime(),
                    doc.signature() == null ? ModelSignature.EMPTY : doc.signature(),
                    doc.params() == null ? Map.of() : doc.params(),
                    doc.status() == null ? "PENDING" : doc.status());
        } catch (IOException | RuntimeException e) {
            throw new RegistryLookupException("the model registry at " + baseUri + " answered model " + what
                    + " with a body that is not a model version: " + e.getMessage());
        }
    }

    /** The registry's base URI. */
    public URI baseUri() {
        return baseUri;
    }

    /** The fields of the registry's version JSON that serving reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record VersionDocument(
            @Nullable String model,
            long version,
            @Nullable String artifactUri,
            @Nullable String checksum,
            @Nullable String format,
            @Nullable String runtime,
            @Nullable ModelSignature signature,
            @Nullable Map<String, String> params,
            @Nullable String status) {}
}
