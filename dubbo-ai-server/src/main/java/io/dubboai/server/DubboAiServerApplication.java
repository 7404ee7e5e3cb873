package io.dubboai.server;

import io.dubboai.server.config.ServerModeInitializer;
import io.dubboai.server.plugin.PluginClassLoaderInitializer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The dubbo-ai control plane: {@code java -jar dubbo-ai-server.jar}. It hosts every dubbo-ai module found on the class
 * path or in the plugin folder (through their Spring Boot auto-configurations), under the server's security rules.
 *
 * <p>Spring Boot's generated default user is switched off: people log in with accounts an admin creates, automation
 * uses API tokens, and the first start prints a one-time admin token.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class DubboAiServerApplication {

    /** Starts the server. */
    public static void main(String[] args) {
        builder().run(args);
    }

    /**
     * The application with its initializers: plugin jars first (so their auto-configurations are seen), then the
     * deploy mode (which may start the embedded ZooKeeper).
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(DubboAiServerApplication.class)
                .initializers(new PluginClassLoaderInitializer(), new ServerModeInitializer());
    }
}
