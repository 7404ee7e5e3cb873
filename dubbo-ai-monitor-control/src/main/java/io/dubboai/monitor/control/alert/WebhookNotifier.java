package io.dubboai.monitor.control.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.controlplane.component.BackoffConfig;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs each notification as one JSON object to a URL:
 *
 * <pre>{@code
 * {"id":"fraud-v2-errors/1/firing","status":"firing","rule":"fraud-v2-errors","model":"fraud","version":"2",
 *  "metric":"error_rate","objective":"error rate at most 0.1%","incident":1,"severity":"page",
 *  "at":"2026-12-06T17:00:00Z","startedAt":"2026-12-06T17:00:00Z","summary":"…","values":{"burn_1h":20.1,…}}
 * }</pre>
 *
 * <p>{@code id} is the same on every retry and from every leader: a receiver that may see a notification twice (a
 * leader that died after sending and before recording it) deduplicates by it.
 */
public final class WebhookNotifier implements AlertNotifier {

    /** The target name. */
    public static final String NAME = "webhook";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpDelivery delivery;

    /**
     * @param url where to POST
     * @param timeout of one attempt
     * @param attempts tries per delivery, 1..10
     * @param backoff waits between tries
     */
    public WebhookNotifier(URI url, Duration timeout, int attempts, BackoffConfig backoff) {
        this.delivery = new HttpDelivery(NAME, url, timeout, attempts, backoff);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(AlertNotification notification, SloRule rule) {
        delivery.post(json(body(notification, rule)));
    }

    static Map<String, Object> body(AlertNotification notification, SloRule rule) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", notification.id());
        body.put("status", notification.resolved() ? "resolved" : "firing");
        body.put("rule", notification.ruleId());
        body.put("model", notification.model());
        body.put("version", notification.version());
        body.put("metric", rule.metric().id());
        body.put("objective", rule.objective());
        body.put("incident", notification.incident());
        body.put("severity", notification.severity());
        body.put("at", notification.at().toString());
        body.put("startedAt", notification.startedAt().toString());
        body.put("summary", notification.summary());
        body.put("values", notification.values());
        if (rule.description() != null) {
            body.put("description", rule.description());
        }
        return body;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an alert as JSON", e);
        }
    }

    @Override
    public String toString() {
        return "webhook " + delivery.describe();
    }
}
