package io.dubboai.server.plugin;

import io.dubboai.server.config.DubboAiServerProperties;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Adds the jars of the plugin folder ({@code dubbo.ai.server.plugins.dir}, default {@code plugins}) to the
 * application before its beans are read, in the way Dubbo Admin loads its optional libraries.
 *
 * <p>How: a {@link URLClassLoader} over the jars, child of the application's class loader, becomes the context's
 * class loader. Spring Boot reads auto-configuration candidates ({@code META-INF/spring/...AutoConfiguration.imports})
 * through that loader, so a plugin jar is a drop-in exactly like a module jar on the class path: its
 * auto-configurations, components and REST controllers join the server. The thread context class loader is set too,
 * for libraries (Dubbo's extension loader among them) that look there. Every jar loaded is logged. The loader is
 * closed last, after every bean is destroyed.
 */
public final class PluginClassLoaderInitializer implements ApplicationContextInitializer<GenericApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(PluginClassLoaderInitializer.class);

    @Override
    public void initialize(GenericApplicationContext context) {
        Path dir = Binder.get(context.getEnvironment())
                .bind(DubboAiServerProperties.PREFIX + ".plugins.dir", Path.class)
                .orElse(Path.of("plugins"))
                .toAbsolutePath()
                .normalize();
        List<Path> jars = PluginJars.scan(dir);
        if (jars.isEmpty()) {
            log.info("Plugin folder {}: no jars to load", dir);
            return;
        }
        List<URL> urls = new ArrayList<>(jars.size());
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("Plugin jar path " + jar + " cannot be used as a URL", e);
            }
            log.info("Plugin folder {}: loading {}", dir, jar.getFileName());
        }
        ClassLoader parent = context.getClassLoader() != null
                ? context.getClassLoader()
                : PluginClassLoaderInitializer.class.getClassLoader();
        URLClassLoader plugins = new URLClassLoader("dubbo-ai-plugins", urls.toArray(URL[]::new), parent);
        context.setClassLoader(plugins);
        Thread.currentThread().setContextClassLoader(plugins);
        ((DefaultListableBeanFactory) context.getBeanFactory())
                .registerDisposableBean("dubboAiPluginClassLoader", () -> close(plugins, parent));
        log.info("Plugin folder {}: {} jar(s) added to the class path", dir, jars.size());
    }

    private static void close(URLClassLoader plugins, ClassLoader parent) {
        if (Thread.currentThread().getContextClassLoader() == plugins) {
            Thread.currentThread().setContextClassLoader(parent);
        }
        try {
            plugins.close();
        } catch (IOException e) {
            log.warn("Closing the plugin class loader failed: {}", e.toString());
        }
    }
}
