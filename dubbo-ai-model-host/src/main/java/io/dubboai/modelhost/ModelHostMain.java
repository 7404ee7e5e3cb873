package io.dubboai.modelhost;

import io.dubboai.serving.provider.AcceleratorDetector;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a model host until the process is stopped:
 * {@code java -cp ... io.dubboai.modelhost.ModelHostMain [host.properties]}. Settings are the {@code dubbo.ai.host.*}
 * keys of {@link ModelHostConfig#fromProperties}, read from the properties file when one is given, then from system
 * properties ({@code -Ddubbo.ai.host.id=gpu-host-1}), which win. A bad setting ends the process with status 2 and a
 * message naming it.
 */
public final class ModelHostMain {

    private ModelHostMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        if (args.length > 0) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
                file.load(reader);
            } catch (IOException e) {
                System.err.println("cannot read model host settings " + args[0] + ": " + e.getMessage());
                System.exit(2);
            }
            file.stringPropertyNames().forEach(key -> settings.put(key, file.getProperty(key)));
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith(ModelHostConfig.PREFIX))
                .forEach(key -> settings.put(key, System.getProperty(key)));
        ModelHostConfig config;
        try {
            config = ModelHostConfig.fromProperties(settings);
        } catch (IllegalArgumentException e) {
            System.err.println("invalid model host settings: " + e.getMessage());
            System.exit(2);
            return;
        }
        ModelHost host = new ModelHost(config, AcceleratorDetector.system(), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            host.close();
                            stopped.countDown();
                        },
                        "model-host-shutdown"));
        host.start();
        stopped.await();
    }
}
