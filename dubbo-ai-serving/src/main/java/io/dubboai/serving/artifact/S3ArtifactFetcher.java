package io.dubboai.serving.artifact;

import io.dubboai.artifact.S3Clients;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Downloads {@code s3://bucket/key} artifacts with the AWS SDK v2, through the client code the registry's S3 artifact
 * store uses ({@link S3Clients}): the same endpoint, region, path-style and credentials settings.
 *
 * <p>Created by Dubbo's extension loader (no-argument constructor), it reads its settings from system properties,
 * else environment variables: {@code dubbo.ai.serving.s3.endpoint} ({@code DUBBO_AI_SERVING_S3_ENDPOINT}; empty for
 * AWS), {@code dubbo.ai.serving.s3.region} ({@code DUBBO_AI_SERVING_S3_REGION}, default {@code us-east-1}),
 * {@code dubbo.ai.serving.s3.path-style} ({@code DUBBO_AI_SERVING_S3_PATH_STYLE}, default {@code false}; {@code true}
 * for MinIO and S3Mock) and {@code dubbo.ai.serving.s3.profile} ({@code DUBBO_AI_SERVING_S3_PROFILE}). Credentials come
 * from the AWS default provider chain or the named profile, never from the URI. A model host passes its own client.
 */
public final class S3ArtifactFetcher implements ArtifactFetcher {

    private final Supplier<S3Client> clients;
    private volatile @Nullable S3Client client;

    /** A fetcher configured by system properties or environment variables (the SPI's constructor). */
    public S3ArtifactFetcher() {
        this(() -> S3Clients.create(
                setting("endpoint", null),
                setting("region", "us-east-1"),
                Boolean.parseBoolean(setting("path-style", "false")),
                setting("profile", null)));
    }

    /** A fetcher on a given client (which the caller closes). */
    public S3ArtifactFetcher(S3Client client) {
        this(() -> client);
    }

    private S3ArtifactFetcher(Supplier<S3Client> clients) {
        this.clients = clients;
    }

    @Override
    public Path fetch(String modelName, URI uri, Path workDir) {
        String bucket = uri.getHost();
        String key = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String shown = "s3://" + bucket + "/" + key;
        Path target = workDir.resolve("download-" + Long.toUnsignedString(System.nanoTime(), 36) + "-"
                + Thread.currentThread().getId() + ".part");
        try {
            client().getObject(
                            GetObjectRequest.builder().bucket(bucket).key(key).build(),
                            ResponseTransformer.toFile(target));
            return target;
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            Downloads.deleteQuietly(target);
            throw Downloads.fail(
                    modelName,
                    "artifact " + shown + " of model '" + modelName + "' does not exist ("
                            + e.awsErrorDetails().errorCode() + "); check the version's artifact URI in the registry");
        } catch (S3Exception e) {
            Downloads.deleteQuietly(target);
            throw Downloads.fail(
                    modelName,
                    "S3 refused artifact " + shown + " of model '" + modelName + "': HTTP " + e.statusCode() + " "
                            + (e.awsErrorDetails() == null
                                    ? e.getMessage()
                                    : e.awsErrorDetails().errorCode())
                            + (e.statusCode() == 403
                                    ? "; give this host's credentials s3:GetObject on the bucket"
                                    : ""));
        } catch (SdkClientException e) {
            Downloads.deleteQuietly(target);
            throw Downloads.fail(
                    modelName,
                    "cannot reach S3 to fetch artifact " + shown + " of model '" + modelName + "': " + e.getMessage()
                            + "; check the S3 endpoint and the network from this host");
        }
    }

    private S3Client client() {
        S3Client current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    current = clients.get();
                    client = current;
                }
            }
        }
        return current;
    }

    private static @Nullable String setting(String name, @Nullable String fallback) {
        String value = System.getProperty("dubbo.ai.serving.s3." + name);
        if (value == null || value.isBlank()) {
            value = System.getenv("DUBBO_AI_SERVING_S3_"
                    + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
