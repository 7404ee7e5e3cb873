package io.dubboai.serving;

import com.adobe.testing.s3mock.S3MockApplication;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Adobe's S3Mock (a real S3-compatible HTTP server) started in the test JVM on a random loopback port; shared with the
 * model host's tests through the test jar.
 */
public final class S3MockServers {

    private S3MockServers() {}

    /**
     * Starts S3Mock with {@code bucket}, its files under {@code root}, and gives this JVM's AWS default credentials
     * chain test credentials (system properties), as the clients under test read them.
     */
    public static S3MockApplication start(Path root, String bucket) {
        S3MockApplication server = S3MockApplication.start(new HashMap<>(Map.of(
                S3MockApplication.PROP_HTTP_PORT,
                S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_HTTPS_PORT,
                S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_INITIAL_BUCKETS,
                bucket,
                S3MockApplication.PROP_ROOT_DIRECTORY,
                root.toString(),
                S3MockApplication.PROP_SILENT,
                true,
                "spring.main.banner-mode",
                "off",
                // S3Mock is a Spring Boot application: keep the registry's auto-configuration out of it
                "dubbo.ai.registry.enabled",
                false)));
        System.setProperty("aws.accessKeyId", "test-access-key");
        System.setProperty("aws.secretAccessKey", "test-secret-key");
        return server;
    }

    /** Stops the server and removes the test credentials. */
    public static void stop(S3MockApplication server) {
        server.stop();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}
