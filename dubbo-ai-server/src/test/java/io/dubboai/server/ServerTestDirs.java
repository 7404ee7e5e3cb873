package io.dubboai.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The data folder of a server started by a {@code @SpringBootTest}: one per test class, with no plugins. */
final class ServerTestDirs {

    private ServerTestDirs() {}

    /** A new temporary folder named after {@code prefix}. */
    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points the server's data folder at {@code dataDir} and its plugin folder at an empty folder below it. */
    static void register(DynamicPropertyRegistry registry, Path dataDir) {
        registry.add("dubbo.ai.server.data-dir", dataDir::toString);
        registry.add("dubbo.ai.server.plugins.dir", () -> dataDir.resolve("no-plugins")
                .toString());
    }
}
