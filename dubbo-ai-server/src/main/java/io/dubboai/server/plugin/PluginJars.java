package io.dubboai.server.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the drop-in jars of a plugin folder. */
public final class PluginJars {

    private PluginJars() {}

    /**
     * The {@code *.jar} files directly inside {@code dir}, sorted by name (so the load order is stable); empty if the
     * folder does not exist.
     *
     * @throws IllegalArgumentException if {@code dir} exists but is not a folder
     */
    public static List<Path> scan(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Plugin folder " + dir + " is a file; point "
                    + "dubbo.ai.server.plugins.dir at a folder holding *.jar files");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the plugin folder " + dir, e);
        }
    }
}
