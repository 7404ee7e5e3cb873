package io.dubboai.abtest.client;

import io.dubboai.core.contract.ModelAttachments;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's link to the experiments of the control plane ({@code /api/v1/ai/experiments} of the admin server):
 * ships the exposures the {@link ExposureFilter} records, and sends outcomes.
 *
 * <h2>Exposures</h2>
 * Recorded without blocking into a bounded queue ({@link Settings#queueCapacity()}); a unit seen again on the same
 * version is not queued again while it is among the last {@link Settings#dedupeCapacity()} seen. A background thread
 * sends the queue every {@link Settings#flushInterval()} in batches of at most {@link Settings#batchSize()}
 * ({@code POST /api/v1/ai/experiments/exposures}). When the control plane cannot be reached the batch is kept and
 * sent again at the next flush; when the queue is full the newest exposures are dropped and counted ({@link
 * #dropped()}), so a control-plane outage never slows calls.
 *
 * <h2>Outcomes</h2>
 * {@link #sendOutcomes} first flushes the exposures (an outcome counts only for a unit whose exposure arrived), then
 * posts the outcomes and returns the control plane's answer.
 *
 * <p>Use: {@code ExperimentClient.install(applicationModel, settings)} once per Dubbo application; {@link #close()}
 * flushes and stops. Threading: every method may be called from any thread.
 */
public final class ExperimentClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExperimentClient.class);
    private static final String EXPOSURES = "/api/v1/ai/experiments/exposures";

    /**
     * Settings.
     *
     * @param baseUrl the admin server, e.g. {@code http://127.0.0.1:8080}
     * @param token an API token with the operator role, sent as {@code Authorization: Bearer}; null without
     *     authentication
     * @param unitAttachments the invocation attachments that identify units (the experiments' unit attachments, e.g.
     *     {@code user-id}); lower case, as Triple sends them
     * @param flushInterval time between two shipments, positive
     * @param batchSize exposures per request, positive
     * @param queueCapacity exposures kept waiting at most, positive
     * @param dedupeCapacity recently shipped (model, unit, version) remembered to avoid resending, 0 to resend all
     */
    public record Settings(
            URI baseUrl,
            @Nullable String token,
            List<String> unitAttachments,
            Duration flushInterval,
            int batchSize,
            int queueCapacity,
            int dedupeCapacity) {

        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            unitAttachments = List.copyOf(unitAttachments);
            if (unitAttachments.isEmpty()) {
                throw new IllegalArgumentException(
                        "unitAttachments is empty; name the attachment that carries the unit, e.g. 'user-id'");
            }
            for (String attachment : unitAttachments) {
                if (!attachment.equals(attachment.toLowerCase(java.util.Locale.ROOT))) {
                    throw new IllegalArgumentException("unit attachment '" + attachment + "' has upper-case letters;"
                            + " Triple lower-cases attachment keys on the wire, use '"
                            + attachment.toLowerCase(java.util.Locale.ROOT) + "'");
                }
            }
            if (flushInterval.isNegative() || flushInterval.isZero()) {
                throw new IllegalArgumentException("flushInterval must be positive, but was " + flushInterval);
            }
            if (batchSize < 1 || queueCapacity < 1 || dedupeCapacity < 0) {
                throw new IllegalArgumentException("batchSize and queueCapacity must be positive and dedupeCapacity"
                        + " not negative, but were " + batchSize + ", " + queueCapacity + ", " + dedupeCapacity);
            }
        }

        /** Defaults: unit attachment {@code user-id}, flush every second, 500 a batch, 100,000 queued, 10,000 remembered. */
        public static Settings of(URI baseUrl, @Nullable String token, String... unitAttachments) {
            List<String> attachments = unitAttachments.length == 0
                    ? List.of("user-id", ModelAttachments.STICKY_KEY)
                    : List.of(unitAttachments);
            return new Settings(baseUrl, token, attachments, Duration.ofSeconds(1), 500, 100_000, 10_000);
        }
    }

    /**
     * An outcome to send.
     *
     * @param unit the unit's attachment value
     * @param metric the metric, e.g. {@code conversion}
     * @param value the number (ignored for conversions)
     * @param eventId identifies a numeric outcome so that a resent one counts once; may be null
     */
    public record OutcomeItem(
            String unit,
            String metric,
            double value,
            @Nullable String eventId) {

        /** A conversion of {@code unit}. */
        public static OutcomeItem conversion(String unit) {
            return new OutcomeItem(unit, "conversion", 1, null);
        }
    }

    /**
     * The control plane's answer.
     *
     * @param status the HTTP status (200: counted; 422: every outcome refused; 409: the experiment is not running)
     * @param body the JSON body (the receipt or a problem)
     */
    public record Reply(int status, String body) {

        /** Whether the control plane took the request. */
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private record Pending(String model, String attachment, String unit, String version, Instant at) {}

    private final Settings settings;
    private final HttpClient http;
    private final Clock clock;
    private final BlockingQueue<Pending> queue;
    private final Map<String, Boolean> recent;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong shipped = new AtomicLong();
    private final ScheduledExecutorService flusher;
    private final Object sending = new Object();
    private final List<Pending> unsent = new ArrayList<>();

    public ExperimentClient(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        int remembered = settings.dedupeCapacity();
        this.recent = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > remembered;
            }
        });
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dubbo-ai-exposures");
            thread.setDaemon(true);
            return thread;
        });
        long millis = settings.flushInterval().toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Creates a client and registers it in {@code application}, where the {@link ExposureFilter} finds it. */
    public static ExperimentClient install(ApplicationModel application, Settings settings) {
        ExperimentClient client = new ExperimentClient(settings, Clock.systemUTC());
        application.getBeanFactory().registerBean(client);
        return client;
    }

    /** The attachments that identify units. */
    public List<String> unitAttachments() {
        return settings.unitAttachments();
    }

    /** Records that {@code version} of {@code model} served {@code unit}; never blocks. */
    public void exposed(String model, String attachment, String unit, String version) {
        String key = model + '\u0000' + attachment + '\u0000' + unit + '\u0000' + version;
        if (settings.dedupeCapacity() > 0 && recent.put(key, Boolean.TRUE) != null) {
            return;
        }
        if (!queue.offer(new Pending(model, attachment, unit, version, clock.instant()))) {
            recent.remove(key);
            if (dropped.incrementAndGet() % 10_000 == 1) {
                log.warn(
                        "Exposure queue full ({} waiting): exposures are dropped ({} so far); is {} reachable?",
                        settings.queueCapacity(),
                        dropped.get(),
                        settings.baseUrl());
            }
        }
    }

    /** Exposures dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Exposures the control plane has taken. */
    public long shipped() {
        return shipped.get();
    }

    /**
     * Sends every waiting exposure now.
     *
     * @return whether all were taken (false: kept for the next flush)
     */
    public boolean flush() {
        synchronized (sending) {
            queue.drainTo(unsent);
            while (!unsent.isEmpty()) {
                List<Pending> batch = unsent.subList(0, Math.min(settings.batchSize(), unsent.size()));
                Reply reply = post(EXPOSURES, exposuresJson(batch));
                if (!reply.ok()) {
                    if (reply.status() / 100 == 4) {
                        log.warn(
                                "The control plane refused {} exposures ({}): {}; they are dropped",
                                batch.size(),
                                reply.status(),
                                reply.body());
                        dropped.addAndGet(batch.size());
                        batch.clear();
                        continue;
                    }
                    return false;
                }
                shipped.addAndGet(batch.size());
                batch.clear();
            }
            return true;
        }
    }

    /** Flushes the exposures, then posts {@code outcomes} of experiment {@code experiment}. */
    public Reply sendOutcomes(String experiment, List<OutcomeItem> outcomes) {
        flush();
        StringBuilder json = new StringBuilder("{\"outcomes\":[");
        for (int i = 0; i < outcomes.size(); i++) {
            OutcomeItem outcome = outcomes.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"unit\":")
                    .append(quote(outcome.unit()))
                    .append(",\"metric\":")
                    .append(quote(outcome.metric()))
                    .append(",\"value\":")
                    .append(Double.isFinite(outcome.value()) ? outcome.value() : 0);
            if (outcome.eventId() != null) {
                json.append(",\"eventId\":").append(quote(outcome.eventId()));
            }
            json.append('}');
        }
        json.append("]}");
        return post("/api/v1/ai/experiments/" + experiment + "/outcomes", json.toString());
    }

    private void flushQuietly() {
        try {
            if (!flush()) {
                log.debug("Exposures not shipped this time; {} waiting", unsent.size() + queue.size());
            }
        } catch (RuntimeException e) {
            log.warn("Shipping exposures failed; trying again in {}: {}", settings.flushInterval(), e.toString());
        }
    }

    private Reply post(String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.baseUrl().resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (settings.token() != null) {
            request.header("Authorization", "Bearer " + settings.token());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            log.debug("POST {} failed: {}", path, e.toString());
            return new Reply(
                    503,
                    "{\"detail\":" + quote("the control plane at " + settings.baseUrl() + " could not be reached: " + e)
                            + "}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(503, "{\"detail\":\"interrupted\"}");
        }
    }

    private static String exposuresJson(List<Pending> batch) {
        StringBuilder json = new StringBuilder("{\"exposures\":[");
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"model\":")
                    .append(quote(p.model()))
                    .append(",\"unitAttachment\":")
                    .append(quote(p.attachment()))
                    .append(",\"unit\":")
                    .append(quote(p.unit()))
                    .append(",\"version\":")
                    .append(quote(p.version()))
                    .append(",\"at\":")
                    .append(quote(p.at().toString()))
                    .append('}');
        }
        return json.append("]}").toString();
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
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

    /** Flushes what is waiting (once) and stops the background thread. */
    @Override
    public void close() {
        flusher.shutdownNow();
        if (!flush()) {
            log.warn("{} exposures could not be shipped before closing", unsent.size());
        }
    }
}
