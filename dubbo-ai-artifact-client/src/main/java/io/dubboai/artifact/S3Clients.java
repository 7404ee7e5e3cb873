package io.dubboai.artifact;

import io.dubboai.core.secret.Secrets;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds an S3 client, for the registry's {@code s3} artifact store and serving's {@code s3} artifact fetcher alike. Credentials come from the AWS default provider chain
 * (environment variables {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, system properties, web identity,
 * the shared profile files, container and instance roles) or from a named profile: a reference, never a secret in
 * configuration or metadata.
 */
public final class S3Clients {

    private S3Clients() {}

    /**
     * @param endpoint S3-compatible endpoint, e.g. {@code http://minio:9000}; null for AWS
     * @param region region name, e.g. {@code us-east-1}
     * @param pathStyle whether to address buckets as {@code endpoint/bucket} (MinIO, S3Mock) instead of
     *     {@code bucket.endpoint}
     * @param profile a named profile of the shared AWS files; null for the default chain
     */
    public static S3Client create(
            @Nullable String endpoint, String region, boolean pathStyle, @Nullable String profile) {
        AwsCredentialsProvider credentials = profile == null || profile.isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.create(profile);
        var builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(pathStyle)
                        .build());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(endpoint(endpoint));
        }
        return builder.build();
    }

    /** The endpoint as a URI; one that carries credentials is refused (they belong in the provider chain). */
    public static URI endpoint(String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("S3 endpoint '" + Secrets.maskAddress(endpoint)
                    + "' is not a valid URI; write it as http(s)://host:port, e.g. http://minio:9000");
        }
        if (uri.getRawUserInfo() != null || !Secrets.maskAddress(endpoint).equals(endpoint)) {
            throw new IllegalArgumentException("S3 endpoint '" + Secrets.maskAddress(endpoint)
                    + "' carries credentials; remove them from the endpoint setting and provide them"
                    + " through the AWS default provider chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile,"
                    + " or a role)");
        }
        return uri;
    }
}
