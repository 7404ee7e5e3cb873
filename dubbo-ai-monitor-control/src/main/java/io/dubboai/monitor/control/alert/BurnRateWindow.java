package io.dubboai.monitor.control.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * One window pair of a multi-window, multi-burn-rate alert (Google's SRE workbook, chapter 5 "Alerting on SLOs",
 * method 6): the alert condition holds when the error budget burns at least {@code factor} times faster than
 * sustainable over both the long window and the short one. The long window makes the alert significant; the short
 * one (usually a twelfth of it) makes it resolve soon after the burn stops.
 *
 * <p>Burn rate = (share of bad events in the window) / (1 − SLO target). A factor of 14.4 over 1 h spends 2 % of a
 * 30-day budget; 6 over 6 h spends 5 %.
 *
 * <p>For a {@link SloMetric#THROUGHPUT} rule there is no budget: the pair holds when the rate is below the rule's
 * minimum over both windows, and {@code factor} is not used.
 *
 * @param longWindow the long window, longer than {@code shortWindow}, at most 30 days
 * @param shortWindow the short window, at least 1 s
 * @param factor the burn rate that fires, greater than 0
 * @param severity the alert's severity when this pair fires, e.g. {@code page} or {@code ticket}
 */
public record BurnRateWindow(Duration longWindow, Duration shortWindow, double factor, String severity) {

    /** The workbook's page on a fast burn: 2 % of a 30-day budget in 1 hour. */
    public static final BurnRateWindow FAST =
            new BurnRateWindow(Duration.ofHours(1), Duration.ofMinutes(5), 14.4, "page");

    /** The workbook's page on a slower burn: 5 % of a 30-day budget in 6 hours. */
    public static final BurnRateWindow SLOW =
            new BurnRateWindow(Duration.ofHours(6), Duration.ofMinutes(30), 6, "page");

    /** Validates; messages name the field, the value and the bound. */
    public BurnRateWindow {
        Objects.requireNonNull(longWindow, "longWindow must be set, e.g. PT1H");
        Objects.requireNonNull(shortWindow, "shortWindow must be set, e.g. PT5M");
        Objects.requireNonNull(severity, "severity must be set, e.g. page");
        if (shortWindow.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("burn-rate shortWindow must be at least 1s, but was " + shortWindow);
        }
        if (longWindow.compareTo(shortWindow) <= 0) {
            throw new IllegalArgumentException("burn-rate longWindow must be longer than shortWindow (" + shortWindow
                    + "), but was " + longWindow);
        }
        if (longWindow.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("burn-rate longWindow must be at most 30 days, but was " + longWindow);
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("burn-rate factor must be a finite number > 0, but was " + factor);
        }
        if (!severity.matches("[a-z][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("burn-rate severity '" + severity
                    + "' is not valid; use lower-case letters, digits, '_' or '-', e.g. page");
        }
    }

    /** A short label, e.g. {@code 1h/5m}. */
    public String label() {
        return AlertText.duration(longWindow) + "/" + AlertText.duration(shortWindow);
    }
}
