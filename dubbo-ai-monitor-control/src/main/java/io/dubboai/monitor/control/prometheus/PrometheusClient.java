package io.dubboai.monitor.control.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small client of Prometheus' HTTP API ({@code /api/v1/query}, {@code /api/v1/query_range}): instant and range
 * queries whose answers are vectors, matrices or scalars. Every failure is a {@link PrometheusException} whose message
 * names the Prometheus (credentials masked), the query and Prometheus' own error. Thread-safe.
 */
public final class PrometheusClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String description;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param baseUrl Prometheus' address, e.g. {@code http://prometheus:9090} (a path prefix is kept)
     * @param timeout for each query, also sent to Prometheus as its evaluation timeout
     */
    public PrometheusClient(String baseUrl, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Prometheus URL '" + baseUrl + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "Prometheus URL '" + baseUrl + "' must be http(s)://host:port, e.g. http://127.0.0.1:9090");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Prometheus query timeout must be positive, but was " + timeout);
        }
        this.base = uri;
        this.description = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Where this client sends queries (scheme, host and port only). */
    public String describe() {
        return description;
    }

    /** One series of a vector or matrix answer: its labels and its samples (one for an instant vector). */
    public record Series(Map<String, String> labels, List<Point> points) {

        /** Copies. */
        public Series {
            labels = Map.copyOf(labels);
            points = List.copyOf(points);
        }
    }

    /** A sample: time and value (NaN and ±Inf as Prometheus sends them). */
    public record Point(Instant time, double value) {}

    /** Evaluates {@code query} at {@code time}; a scalar answer comes back as one series without labels. */
    public List<Series> query(String query, Instant time) {
        return call("api/v1/query", Map.of("query", query, "time", seconds(time)), query);
    }

    /** Evaluates {@code query} from {@code start} to {@code end} every {@code step}. */
    public List<Series> queryRange(String query, Instant start, Instant end, Duration step) {
        return call(
                "api/v1/query_range",
                Map.of(
                        "query",
                        query,
                        "start",
                        seconds(start),
                        "end",
                        seconds(end),
                        "step",
                        Double.toString(step.toMillis() / 1000.0)),
                query);
    }

    private List<Series> call(String path, Map<String, String> parameters, String query) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.put("timeout", (timeout.toMillis()) + "ms");
        StringBuilder form = new StringBuilder();
        all.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout.plusSeconds(1))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new PrometheusException(
                    "Prometheus at " + description + " did not answer within " + timeout + " for query " + query);
        } catch (IOException e) {
            throw new PrometheusException("Prometheus at " + description + " cannot be reached ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); check dubbo.ai.monitoring.prometheus.url and that Prometheus is running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException("interrupted while querying Prometheus at " + description);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PrometheusException("Prometheus at " + description + " answered HTTP " + response.statusCode()
                    + " with a body that is not its JSON API (is this URL a Prometheus?)");
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new PrometheusException("Prometheus at " + description + " refused query " + query + ": "
                    + body.path("errorType").asText("error") + ": "
                    + body.path("error").asText("HTTP " + response.statusCode()));
        }
        return parse(body.path("data"), query);
    }

    private List<Series> parse(JsonNode data, String query) {
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        List<Series> series = new ArrayList<>();
        switch (type) {
            case "scalar" -> series.add(new Series(Map.of(), List.of(point(result))));
            case "vector", "matrix" -> {
                for (JsonNode item : result) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    item.path("metric")
                            .fields()
                            .forEachRemaining(
                                    e -> labels.put(e.getKey(), e.getValue().asText()));
                    List<Point> points = new ArrayList<>();
                    if (item.has("value")) {
                        points.add(point(item.get("value")));
                    }
                    for (JsonNode value : item.path("values")) {
                        points.add(point(value));
                    }
                    series.add(new Series(labels, points));
                }
            }
            default ->
                throw new PrometheusException(
                        "Prometheus answered query " + query + " with a " + type + ", not a number or a vector");
        }
        return series;
    }

    private static Point point(JsonNode pair) {
        double seconds = pair.get(0).asDouble();
        return new Point(
                Instant.ofEpochMilli(Math.round(seconds * 1000)),
                number(pair.get(1).asText()));
    }

    private static double number(@Nullable String text) {
        if (text == null) {
            return Double.NaN;
        }
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static String seconds(Instant time) {
        return Double.toString(time.toEpochMilli() / 1000.0);
    }
}
