package io.dubboai.monitor.control.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.monitor.control.scrape.ScrapeTarget;
import io.dubboai.monitor.sketch.IncompatibleSketchException;
import io.dubboai.monitor.sketch.SketchSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Fetches the input sketches of one model version from every provider serving it ({@code GET /aiSketches} on the
 * QoS port, see {@code io.dubboai.monitor.qos.SketchesCommand}) and merges them: the sketches of the version across
 * its replicas. A provider that cannot be reached, answers something unreadable or sketches of an incompatible format
 * is reported with the reason and left out of the merge.
 */
public final class SketchFetcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one provider answered.
     *
     * @param instance {@code host:port}
     * @param ok whether its sketches were merged
     * @param error why not, or null
     */
    public record Source(
            String instance, boolean ok, @Nullable String error) {}

    /**
     * The merged sketches and where they came from.
     *
     * @param sketches the merge of every readable provider's sketches; null when none had any
     * @param sources one entry per provider of the version
     */
    public record Fetched(@Nullable SketchSet sketches, List<Source> sources) {}

    private final Supplier<List<ScrapeTarget>> targets;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param targets the providers known now (the monitoring component's discovery)
     * @param timeout of one provider's answer
     */
    public SketchFetcher(Supplier<List<ScrapeTarget>> targets, Duration timeout) {
        this.targets = targets;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The sketches of {@code model} {@code version}, merged across its providers. */
    public Fetched fetch(String model, String version) {
        SketchSet merged = null;
        List<Source> sources = new ArrayList<>();
        for (ScrapeTarget target : targets.get()) {
            if (!target.model().equals(model) || !target.version().equals(version)) {
                continue;
            }
            try {
                SketchSet sketches = fetch(target);
                if (sketches == null) {
                    sources.add(new Source(target.instance(), false, "no sampled request of this version yet"));
                    continue;
                }
                merged = merged == null ? sketches : merged.merge(sketches);
                sources.add(new Source(target.instance(), true, null));
            } catch (IncompatibleSketchException e) {
                sources.add(new Source(target.instance(), false, "incompatible sketches: " + e.getMessage()));
            } catch (IOException | RuntimeException e) {
                sources.add(
                        new Source(target.instance(), false, e.getMessage() == null ? e.toString() : e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sources.add(new Source(target.instance(), false, "interrupted"));
                break;
            }
        }
        return new Fetched(merged, sources);
    }

    private @Nullable SketchSet fetch(ScrapeTarget target) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + target.instance() + "/aiSketches");
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered HTTP " + response.statusCode()
                    + "; is dubbo-ai-monitor (with its aiSketches command) on that provider's class path?");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException(uri + " answered no JSON (an older dubbo-ai-monitor?): " + e.getMessage());
        }
        for (JsonNode entry : answer.path("versions")) {
            if (entry.path("model").asText().equals(target.model())
                    && entry.path("version").asText().equals(target.version())) {
                return SketchSet.fromBytes(
                        Base64.getDecoder().decode(entry.path("sketches").asText()));
            }
        }
        return null;
    }
}
