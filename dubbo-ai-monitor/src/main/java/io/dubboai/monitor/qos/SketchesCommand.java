package io.dubboai.monitor.qos;

import io.dubboai.monitor.metrics.InputSketches;
import io.dubboai.monitor.sketch.SketchSet;
import java.util.Base64;
import org.apache.dubbo.qos.api.BaseCommand;
import org.apache.dubbo.qos.api.Cmd;
import org.apache.dubbo.qos.api.CommandContext;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * The QoS command {@value #NAME}: the input sketches of every model version this JVM serves, so that the control plane
 * can merge them across replicas and compare them with a reference. Over HTTP it is {@code GET /aiSketches} on the QoS
 * port, next to {@code /metrics}, with the same permission level.
 *
 * <p>Answer (JSON): {@code {"format":1,"versions":[{"model":"fraud","version":"2","start":"…","end":"…",
 * "sketches":"<base64>"}]}}, where {@code sketches} is {@link SketchSet#toBytes()} of the kept windows and the current
 * one merged ({@code WindowedSketches.merged()}), and {@code format} is {@link SketchSet#FORMAT_VERSION}. A version of
 * which no request was sampled yet is absent.
 */
@Cmd(name = SketchesCommand.NAME, summary = "input sketches of the model versions served here (dubbo-ai)")
public final class SketchesCommand implements BaseCommand {

    /** The command name (and HTTP path). */
    public static final String NAME = "aiSketches";

    private final FrameworkModel framework;

    /** @param framework the framework whose applications are asked (Dubbo passes it) */
    public SketchesCommand(FrameworkModel framework) {
        this.framework = framework;
    }

    @Override
    public String execute(CommandContext context, String[] args) {
        StringBuilder json = new StringBuilder("{\"format\":")
                .append(SketchSet.FORMAT_VERSION)
                .append(",\"versions\":[");
        boolean first = true;
        for (ApplicationModel application : framework.getApplicationModels()) {
            InputSketches sketches = application.getBeanFactory().getBean(InputSketches.class);
            if (sketches == null) {
                continue;
            }
            for (InputSketches.VersionSketches version : sketches.versions()) {
                SketchSet merged = version.sketches().merged();
                json.append(first ? "" : ",")
                        .append("{\"model\":")
                        .append(quote(version.model()))
                        .append(",\"version\":")
                        .append(quote(version.version()))
                        .append(",\"start\":")
                        .append(quote(merged.start().toString()))
                        .append(",\"end\":")
                        .append(quote(merged.end().toString()))
                        .append(",\"sketches\":\"")
                        .append(Base64.getEncoder().encodeToString(merged.toBytes()))
                        .append("\"}");
                first = false;
            }
        }
        return json.append("]}").toString();
    }

    @Override
    public boolean logResult() {
        return false;
    }

    /** A JSON string literal. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
