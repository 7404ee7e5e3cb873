package io.dubboai.registry.artifact;

import io.dubboai.core.model.ModelNames;
import io.dubboai.registry.RegistryException;
import io.dubboai.registry.RegistryException.Reason;
import io.dubboai.registry.Validation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Artifacts in one bucket of an S3-compatible service (AWS S3, MinIO, Ceph, S3Mock). Objects are
 * {@code <prefix><model>/<version>/<file name>}; the SHA-256 is also kept as object metadata
 * {@code x-amz-meta-sha256}. An upload is first spooled to a temporary file while hashing, checked against the
 * expected digest, and only then sent, so a mismatch writes nothing.
 *
 * <p>The client (endpoint, region, path-style access, credentials) is built by the caller; see
 * {@link io.dubboai.artifact.S3Clients}. Credentials are never part of a URI or of the registry's metadata.
 */
public final class S3ArtifactStore implements ArtifactStore {

    private static final String SHA_METADATA = "sha256";

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final Path spoolDirectory;

    /**
     * @param client the S3 client; closed by {@link #close()}
     * @param bucket the bucket holding artifacts
     * @param prefix key prefix, empty or ending with {@code /}
     * @param spoolDirectory where uploads are spooled while being hashed
     */
    public S3ArtifactStore(S3Client client, String bucket, String prefix, Path spoolDirectory) {
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("S3 bucket '" + bucket
                    + "' is not a valid bucket name; use 3..63 lower-case letters, digits, '.' and '-'");
        }
        if (!prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/") || prefix.contains(".."))) {
            throw new IllegalArgumentException(
                    "S3 key prefix '" + prefix + "' must be empty or a relative path ending with '/', e.g. 'models/'");
        }
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
        this.spoolDirectory = spoolDirectory;
    }

    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public StoredArtifact upload(
            String model, long version, String fileName, InputStream data, @Nullable String expectedSha256) {
        Validation.requireModelName(model);
        Validation.requireVersion(version);
        Checksums.requireFileName(fileName);
        Checksums.requireSha256(expectedSha256);
        String key = prefix + model + "/" + version + "/" + fileName;
        String uri = "s3://" + bucket + "/" + key;
        Path spool = null;
        try {
            Files.createDirectories(spoolDirectory);
            spool = Files.createTempFile(spoolDirectory, "s3-upload-", ".tmp");
            MessageDigest digest = Checksums.sha256();
            long size;
            try (OutputStream out = Files.newOutputStream(spool);
                    DigestInputStream in = new DigestInputStream(data, digest)) {
                size = in.transferTo(out);
            }
            String actual = Checksums.hex(digest);
            Checksums.requireMatch(uri, expectedSha256, actual);
            client.putObject(
                    PutObjectRequest.builder()
                            .bucket(bucket)
                            .key(key)
                            .contentLength(size)
                            .metadata(java.util.Map.of(SHA_METADATA, actual))
                            .build(),
                    RequestBody.fromFile(spool));
            HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(key));
            return new StoredArtifact(uri, actual, size, head.lastModified());
        } catch (IOException | SdkException e) {
            throw new RegistryException(
                    Reason.UNAVAILABLE,
                    model,
                    version,
                    "could not upload artifact " + uri + "; check that the bucket is reachable",
                    e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // spool files are temporary; the upload's outcome is already decided
                }
            }
        }
    }

    @Override
    public StoredArtifact verify(String uri, String expectedSha256) {
        String key = keyOf(uri);
        MessageDigest digest = Checksums.sha256();
        try (DigestInputStream in = new DigestInputStream(
                client.getObject(
                        GetObjectRequest.builder().bucket(bucket).key(key).build()),
                digest)) {
            long size = in.transferTo(OutputStream.nullOutputStream());
            String actual = Checksums.hex(digest);
            Checksums.requireMatch(uri, expectedSha256, actual);
            return new StoredArtifact(uri, actual, size, java.time.Instant.EPOCH);
        } catch (NoSuchKeyException e) {
            throw notFound(uri);
        } catch (IOException | SdkException e) {
            throw new RegistryException(Reason.UNAVAILABLE, null, null, "could not read artifact " + uri, e);
        }
    }

    @Override
    public InputStream open(String uri) {
        try {
            return client.getObject(
                    GetObjectRequest.builder().bucket(bucket).key(keyOf(uri)).build());
        } catch (NoSuchKeyException e) {
            throw notFound(uri);
        } catch (SdkException e) {
            throw new RegistryException(Reason.UNAVAILABLE, null, null, "could not read artifact " + uri, e);
        }
    }

    @Override
    public void delete(String uri) {
        try {
            client.deleteObject(b -> b.bucket(bucket).key(keyOf(uri)));
        } catch (SdkException e) {
            throw new RegistryException(Reason.UNAVAILABLE, null, null, "could not delete artifact " + uri, e);
        }
    }

    @Override
    public List<StoredArtifact> list() {
        List<StoredArtifact> artifacts = new ArrayList<>();
        try {
            for (S3Object object : client.listObjectsV2Paginator(ListObjectsV2Request.builder()
                            .bucket(bucket)
                            .prefix(prefix)
                            .build())
                    .contents()) {
                artifacts.add(new StoredArtifact(
                        "s3://" + bucket + "/" + object.key(), "", object.size(), object.lastModified()));
            }
        } catch (SdkException e) {
            throw new RegistryException(Reason.UNAVAILABLE, null, null, "could not list bucket " + bucket, e);
        }
        return artifacts;
    }

    @Override
    public boolean owns(String uri) {
        try {
            keyOf(uri);
            return true;
        } catch (RegistryException e) {
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private String keyOf(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw refused(text, "is not a valid URI");
        }
        if (!"s3".equals(uri.getScheme()) || !bucket.equals(uri.getHost())) {
            throw refused(text, "is not in bucket s3://" + bucket);
        }
        String key = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
        for (String segment : key.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
                throw refused(text, "has an empty, '.' or '..' segment");
            }
        }
        if (!key.startsWith(prefix)) {
            throw refused(text, "is outside the key prefix '" + prefix + "'");
        }
        return key;
    }

    private static RegistryException refused(String uri, String why) {
        return new RegistryException(
                Reason.URI_NOT_ALLOWED, null, null, "artifact '" + ModelNames.abbreviate(uri) + "' " + why);
    }

    private static RegistryException notFound(String uri) {
        return new RegistryException(
                Reason.NOT_FOUND, null, null, "artifact " + uri + " does not exist; upload it again");
    }
}
