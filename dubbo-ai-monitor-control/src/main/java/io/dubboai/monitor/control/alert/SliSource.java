package io.dubboai.monitor.control.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the alert evaluator reads a service-level indicator of one rule over one window: Prometheus
 * ({@link PrometheusSli}) or the component's own scrapes ({@link ScrapeSli}).
 */
public interface SliSource {

    /**
     * The indicator of {@code rule} over {@code window} ending {@code at}: the share of bad events (failed calls for
     * {@link SloMetric#ERROR_RATE}, calls slower than the threshold for {@link SloMetric#LATENCY}) or calls per
     * second ({@link SloMetric#THROUGHPUT}). NaN when there were no calls in the window.
     *
     * @throws RuntimeException when the backend cannot answer (the message says why); the evaluator keeps the alert
     *     as it is and reports the error
     */
    double value(SloRule rule, Duration window, Instant at);

    /** The longest window this source can answer; window pairs beyond it are skipped (and reported). */
    default Duration maxWindow() {
        return Duration.ofDays(30);
    }

    /** The backend's name, for status and errors. */
    String describe();
}
