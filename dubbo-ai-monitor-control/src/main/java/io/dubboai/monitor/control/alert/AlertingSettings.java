package io.dubboai.monitor.control.alert;

import io.dubboai.controlplane.component.BackoffConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@link ModelAlertingComponent}, validated.
 *
 * @param interval between evaluation rounds, at least 100 ms (default 30 s)
 * @param windows the burn-rate window pairs, at least one (default {@link BurnRateWindow#FAST} and
 *     {@link BurnRateWindow#SLOW}); the first that holds gives the alert its severity
 * @param webhookUrl where notifications are POSTed as JSON; null: no webhook
 * @param alertmanagerUrl Alertmanager's base URL, e.g. {@code http://127.0.0.1:9093}; null: none
 * @param deliveryTimeout of one HTTP attempt (default 5 s)
 * @param deliveryAttempts HTTP attempts per round, 1..10 (default 3)
 * @param deliveryBackoff waits between attempts (default 200 ms doubling up to 5 s, ±20 %)
 * @param deliveryRounds evaluation rounds a notification is retried in before it is given up (logged at error and
 *     kept in the alert's history with the reason), 1..1000 (default 20)
 */
public record AlertingSettings(
        Duration interval,
        List<BurnRateWindow> windows,
        @Nullable URI webhookUrl,
        @Nullable URI alertmanagerUrl,
        Duration deliveryTimeout,
        int deliveryAttempts,
        BackoffConfig deliveryBackoff,
        int deliveryRounds) {

    /** Key prefix (Spring properties). */
    public static final String PREFIX = "dubbo.ai.monitoring.alerting.";

    /** The default back-off between HTTP attempts. */
    public static final BackoffConfig DEFAULT_BACKOFF =
            new BackoffConfig(Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 0.2);

    /** Validates. */
    public AlertingSettings {
        Objects.requireNonNull(interval, PREFIX + "interval must be set, e.g. PT30S");
        Objects.requireNonNull(deliveryTimeout, PREFIX + "delivery.timeout must be set, e.g. PT5S");
        Objects.requireNonNull(deliveryBackoff, "deliveryBackoff must be set");
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException(PREFIX + "interval must be at least 100ms, but was " + interval);
        }
        if (windows == null || windows.isEmpty()) {
            throw new IllegalArgumentException(PREFIX + "windows must name at least one burn-rate window pair,"
                    + " e.g. long PT1H, short PT5M, factor 14.4, severity page");
        }
        windows = List.copyOf(windows);
        if (deliveryTimeout.isNegative() || deliveryTimeout.isZero()) {
            throw new IllegalArgumentException(
                    PREFIX + "delivery.timeout must be positive, but was " + deliveryTimeout);
        }
        if (deliveryAttempts < 1 || deliveryAttempts > 10) {
            throw new IllegalArgumentException(
                    PREFIX + "delivery.attempts must be between 1 and 10, but was " + deliveryAttempts);
        }
        if (deliveryRounds < 1 || deliveryRounds > 1000) {
            throw new IllegalArgumentException(
                    PREFIX + "delivery.rounds must be between 1 and 1000, but was " + deliveryRounds);
        }
    }

    /** The defaults: every 30 s, the workbook's two paging pairs, no delivery target. */
    public static AlertingSettings defaults() {
        return new AlertingSettings(
                Duration.ofSeconds(30),
                List.of(BurnRateWindow.FAST, BurnRateWindow.SLOW),
                null,
                null,
                Duration.ofSeconds(5),
                3,
                DEFAULT_BACKOFF,
                20);
    }

    /** These settings with other targets. */
    public AlertingSettings withTargets(@Nullable URI webhook, @Nullable URI alertmanager) {
        return new AlertingSettings(
                interval,
                windows,
                webhook,
                alertmanager,
                deliveryTimeout,
                deliveryAttempts,
                deliveryBackoff,
                deliveryRounds);
    }

    /** These settings with another interval and other windows (tests use seconds). */
    public AlertingSettings withSchedule(Duration interval, List<BurnRateWindow> windows) {
        return new AlertingSettings(
                interval,
                windows,
                webhookUrl,
                alertmanagerUrl,
                deliveryTimeout,
                deliveryAttempts,
                deliveryBackoff,
                deliveryRounds);
    }

    /** The notifiers these settings name. */
    public List<AlertNotifier> notifiers() {
        Duration resend = interval.multipliedBy(4).compareTo(Duration.ofMinutes(5)) > 0
                ? interval.multipliedBy(4)
                : Duration.ofMinutes(5);
        java.util.ArrayList<AlertNotifier> notifiers = new java.util.ArrayList<>();
        if (webhookUrl != null) {
            notifiers.add(new WebhookNotifier(webhookUrl, deliveryTimeout, deliveryAttempts, deliveryBackoff));
        }
        if (alertmanagerUrl != null) {
            notifiers.add(new AlertmanagerNotifier(
                    alertmanagerUrl, deliveryTimeout, deliveryAttempts, deliveryBackoff, resend));
        }
        return List.copyOf(notifiers);
    }
}
