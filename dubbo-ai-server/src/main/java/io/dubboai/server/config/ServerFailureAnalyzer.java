package io.dubboai.server.config;

import io.dubboai.core.secret.Secrets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Turns the server's startup failures into a description and an action: a wrong or conflicting setting, an unknown
 * deploy mode, and an embedded ZooKeeper that cannot start. Credentials of any address in the report are masked.
 */
public final class ServerFailureAnalyzer implements FailureAnalyzer, Ordered {

    /** Before Spring Boot's generic bind-failure report, so that the deploy mode gets its own. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        FailureAnalysis analysis = analyzeUnmasked(failure);
        return analysis == null
                ? null
                : new FailureAnalysis(
                        Secrets.maskAddress(analysis.getDescription()),
                        Secrets.maskAddress(analysis.getAction()),
                        analysis.getCause());
    }

    private @Nullable FailureAnalysis analyzeUnmasked(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidServerConfigurationException invalid) {
                return new FailureAnalysis(invalid.getMessage(), invalid.action(), invalid);
            }
            if (t instanceof EmbeddedZooKeeperStartException zk) {
                return new FailureAnalysis(
                        zk.getMessage() + ": " + rootMessage(zk),
                        "Stop the process listening on port " + zk.port() + " (for example another ZooKeeper), "
                                + "or set " + DubboAiServerProperties.PREFIX + ".embedded.zookeeper-port to a free "
                                + "port (0 picks one), and check that " + zk.dataDir() + " is writable.",
                        zk);
            }
            if (t instanceof BindException bind
                    && bind.getName().toString().equals(DubboAiServerProperties.PREFIX + ".mode")) {
                String allowed = Arrays.stream(DeployMode.values())
                        .map(m -> m.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "));
                Object value =
                        bind.getProperty() == null ? null : bind.getProperty().getValue();
                return new FailureAnalysis(
                        "Unknown deploy mode " + DubboAiServerProperties.PREFIX + ".mode=" + value,
                        "Set " + DubboAiServerProperties.PREFIX + ".mode to one of: " + allowed + ".",
                        bind);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
