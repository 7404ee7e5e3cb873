package io.dubboai.server.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.server.DubboAiServerApplication;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.Role;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A drop-in jar, compiled by this test from source with {@link JavaCompiler} (so it is on no class path), placed in the
 * plugin folder: at start the server loads it, its auto-configuration contributes a component and a REST endpoint,
 * and the endpoint answers through the server's security. Beside it, a jar of static files laid out like
 * {@code admin-ui-extension}'s: the server serves it at {@code /ai/} without a token, with the single-page fallback
 * and the cache headers of {@link io.dubboai.server.ui.AdminUi}.
 */
class PluginDropInTest {

    private static final String AUTO_CONFIGURATION = """
            package demo.plugin;

            import org.springframework.boot.autoconfigure.AutoConfiguration;
            import org.springframework.context.annotation.Bean;

            @AutoConfiguration
            public class DemoPluginAutoConfiguration {
                @Bean
                public DemoComponent demoComponent() {
                    return new DemoComponent();
                }

                @Bean
                public DemoController demoController(DemoComponent component) {
                    return new DemoController(component);
                }
            }
            """;

    private static final String COMPONENT = """
            package demo.plugin;

            public class DemoComponent implements io.dubboai.controlplane.component.Component {
                private volatile boolean running;

                @Override
                public String name() {
                    return "demo-plugin";
                }

                @Override
                public void start() {
                    running = true;
                }

                @Override
                public void stop() {
                    running = false;
                }

                public boolean running() {
                    return running;
                }
            }
            """;

    private static final String CONTROLLER = """
            package demo.plugin;

            import org.springframework.web.bind.annotation.GetMapping;
            import org.springframework.web.bind.annotation.RestController;

            @RestController
            public class DemoController {
                private final DemoComponent component;

                public DemoController(DemoComponent component) {
                    this.component = component;
                }

                @GetMapping("/api/v1/demo-plugin/hello")
                public String hello() {
                    return "hello from " + component.name() + ", running=" + component.running();
                }
            }
            """;

    @TempDir
    static Path work;

    static ConfigurableApplicationContext server;
    static String adminToken;
    static int port;

    @BeforeAll
    static void buildPluginAndStartServer() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        buildPluginJar(plugins.resolve("demo-plugin.jar"));
        buildUiJar(plugins.resolve("admin-ui-extension.jar"));
        server = DubboAiServerApplication.builder()
                .run(
                        "--server.port=0",
                        "--dubbo.ai.server.embedded.zookeeper-port=0",
                        "--dubbo.ai.server.data-dir=" + work.resolve("data"),
                        "--dubbo.ai.server.plugins.dir=" + plugins);
        port = Integer.parseInt(server.getEnvironment().getRequiredProperty("local.server.port"));
        adminToken = server.getBean(CredentialService.class)
                .createToken("plugin-test", "root", Role.ADMIN, null)
                .secret();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pluginClassesShouldNotBeOnTheTestClassPath() {
        assertThat(PluginDropInTest.class.getClassLoader().getResource("demo/plugin/DemoComponent.class"))
                .isNull();
    }

    @Test
    void pluginAutoConfigurationShouldContributeItsComponent() {
        Map<String, io.dubboai.controlplane.component.Component> components =
                server.getBeansOfType(io.dubboai.controlplane.component.Component.class);
        assertThat(components.values())
                .extracting(io.dubboai.controlplane.component.Component::name)
                .contains("demo-plugin");
        assertThat(components.get("demoComponent").getClass().getClassLoader().getName())
                .isEqualTo("dubbo-ai-plugins");
    }

    @Test
    void pluginEndpointShouldAnswerBehindTheServerSecurity() throws Exception {
        assertThat(get("/api/v1/demo-plugin/hello", null).statusCode()).isEqualTo(401);
        HttpResponse<String> hello = get("/api/v1/demo-plugin/hello", adminToken);
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).startsWith("hello from demo-plugin");
    }

    @Test
    void pluginComponentShouldRunAndShowInTheStatusApi() throws Exception {
        // the component manager starts components when the application is ready
        String running = "\"name\":\"demo-plugin\",\"needsLeadership\":false,\"state\":\"RUNNING\"";
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> get("/api/v1/ai/status", adminToken).body(), body -> body.contains(running));
        String status = get("/api/v1/ai/status", adminToken).body();
        assertThat(status).contains("\"mode\":\"embedded\"").contains("\"leader\":true");
        assertThat(get("/api/v1/demo-plugin/hello", adminToken).body()).endsWith("running=true");
    }

    @Test
    void uiShouldBeServedAtAiWithoutAToken() throws Exception {
        HttpResponse<String> index = get("/ai/", null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo(UI_INDEX);
        assertThat(index.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(index.headers().allValues("Cache-Control")).containsExactly("no-cache");
    }

    @Test
    void aiWithoutTrailingSlashShouldRedirectToTheUi() throws Exception {
        HttpResponse<String> redirect = get("/ai", null);
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/ai/"));
    }

    @Test
    void unknownPathUnderAiShouldAnswerTheIndexForTheBrowserRouter() throws Exception {
        HttpResponse<String> page = get("/ai/models/churn.v2/versions", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo(UI_INDEX);
        assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-cache");
    }

    @Test
    void hashedAssetShouldBeCachedForAYearAsImmutable() throws Exception {
        HttpResponse<String> asset = get("/ai/assets/index-3fA9_b1c.js", null);
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.body()).isEqualTo(UI_SCRIPT);
        assertThat(asset.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(asset.headers().allValues("Cache-Control")).containsExactly("max-age=31536000, public, immutable");
    }

    @Test
    void missingAssetShouldBeNotFoundRatherThanTheIndex() throws Exception {
        HttpResponse<String> missing = get("/ai/assets/index-00000000.js", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain(UI_INDEX);
    }

    @Test
    void uiShouldOpenNothingElse() throws Exception {
        assertThat(get("/api/v1/ai/models", null).statusCode()).isEqualTo(401);
        assertThat(get("/ai-other/", null).statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Compiles the three sources against the test class path and packs them with the auto-configuration list. */
    private static void buildPluginJar(Path jar) throws IOException {
        Path sources = Files.createDirectories(work.resolve("src/demo/plugin"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        Files.writeString(sources.resolve("DemoPluginAutoConfiguration.java"), AUTO_CONFIGURATION);
        Files.writeString(sources.resolve("DemoComponent.java"), COMPONENT);
        Files.writeString(sources.resolve("DemoController.java"), CONTROLLER);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> arguments = List.of(
                "-d",
                classes.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "-proc:none",
                sources.resolve("DemoPluginAutoConfiguration.java").toString(),
                sources.resolve("DemoComponent.java").toString(),
                sources.resolve("DemoController.java").toString());
        int exit = compiler.run(null, null, null, arguments.toArray(String[]::new));
        assertThat(exit).as("javac exit code for the plugin sources").isZero();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            out.putNextEntry(
                    new JarEntry("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"));
            write(out, "demo.plugin.DemoPluginAutoConfiguration\n");
            out.closeEntry();
        }
    }

    private static final String UI_INDEX =
            "<!doctype html><html><head><script src=\"/ai/assets/index-3fA9_b1c.js\"></script></head></html>";
    private static final String UI_SCRIPT = "console.log('ai tab')";

    /** A jar of static files only, laid out as the Maven build of {@code admin-ui-extension} lays out its own. */
    private static void buildUiJar(Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String folder : List.of("META-INF/dubbo-ai-ui/", "META-INF/dubbo-ai-ui/assets/")) {
                out.putNextEntry(new JarEntry(folder));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/dubbo-ai-ui/index.html"));
            write(out, UI_INDEX);
            out.closeEntry();
            out.putNextEntry(new JarEntry("META-INF/dubbo-ai-ui/assets/index-3fA9_b1c.js"));
            write(out, UI_SCRIPT);
            out.closeEntry();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
