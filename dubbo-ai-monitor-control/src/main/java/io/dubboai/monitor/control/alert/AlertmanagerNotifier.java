package io.dubboai.monitor.control.alert;

import io.dubboai.controlplane.component.BackoffConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to Alertmanager's v2 API ({@code POST <url>/api/v2/alerts}), as Prometheus does: a firing alert with
 * {@code startsAt} and an {@code endsAt} a while ahead, re-sent every evaluation round while it fires (Alertmanager
 * resolves an alert whose {@code endsAt} passed), and on resolution the same labels with {@code endsAt} = the
 * resolution time. Labels: {@code alertname} ({@value #ALERT_NAME}), {@code rule}, {@code model}, {@code version},
 * {@code slo} (the metric), {@code severity}; annotations {@code summary}, {@code objective}, {@code description}.
 * Alertmanager groups, deduplicates, silences and routes them by these labels.
 */
public final class AlertmanagerNotifier implements AlertNotifier {

    /** The target name. */
    public static final String NAME = "alertmanager";

    /** The {@code alertname} label of every alert. */
    public static final String ALERT_NAME = "DubboAiSloBurnRate";

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerNotifier.class);

    private final HttpDelivery delivery;
    private final Duration resendWindow;

    /**
     * @param baseUrl Alertmanager, e.g. {@code http://alertmanager:9093}
     * @param timeout of one attempt
     * @param attempts tries per delivery, 1..10
     * @param backoff waits between tries
     * @param resendWindow how far ahead {@code endsAt} of a firing alert lies: longer than the evaluation interval
     *     (the component passes four evaluation intervals, at least 5 minutes)
     */
    public AlertmanagerNotifier(
            URI baseUrl, Duration timeout, int attempts, BackoffConfig backoff, Duration resendWindow) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.delivery = new HttpDelivery(NAME, URI.create(base + "/api/v2/alerts"), timeout, attempts, backoff);
        this.resendWindow = resendWindow;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(AlertNotification notification, SloRule rule) {
        Instant endsAt =
                notification.resolved() ? notification.at() : notification.at().plus(resendWindow);
        delivery.post(WebhookNotifier.json(List.of(
                alert(rule, notification.severity(), notification.startedAt(), endsAt, notification.summary()))));
    }

    @Override
    public void stillFiring(AlertState state, SloRule rule) {
        Instant now = state.evaluatedAt() == null ? Instant.now() : state.evaluatedAt();
        try {
            delivery.post(WebhookNotifier.json(List.of(alert(
                    rule,
                    state.severity() == null ? "page" : state.severity(),
                    state.since(),
                    now.plus(resendWindow),
                    rule.objective() + " is burning"))));
        } catch (AlertDeliveryException e) {
            LOG.warn("could not refresh firing alert of rule {}: {}", rule.id(), e.getMessage());
        }
    }

    private static Map<String, Object> alert(
            SloRule rule, String severity, Instant startsAt, @Nullable Instant endsAt, String summary) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", ALERT_NAME);
        labels.put("rule", rule.id());
        labels.put("model", rule.model());
        labels.put("version", rule.version());
        labels.put("slo", rule.metric().id());
        labels.put("severity", severity);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("objective", rule.objective());
        if (rule.description() != null) {
            annotations.put("description", rule.description());
        }
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels);
        alert.put("annotations", annotations);
        alert.put("startsAt", startsAt.toString());
        if (endsAt != null) {
            alert.put("endsAt", endsAt.toString());
        }
        return alert;
    }

    @Override
    public String toString() {
        return "alertmanager " + delivery.describe();
    }
}
