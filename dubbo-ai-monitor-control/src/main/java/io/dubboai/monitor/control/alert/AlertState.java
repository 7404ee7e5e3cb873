package io.dubboai.monitor.control.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The state of one rule's alert, a document of the control plane's store written only by compare-and-set
 * ({@code monitoring.alert.<rule>}): whether it fires, since when, the last evaluation's indicators, and the
 * notifications not yet delivered to every target ({@code outbox}) plus the last few that were ({@code history}).
 *
 * <p>Every transition is a compare-and-set from the state read, so of several evaluators (an old and a new leader)
 * exactly one makes it and creates its notification: an alert fires once and resolves once per incident.
 *
 * @param ruleId the rule
 * @param status firing or not
 * @param incident the number of the current (or last) incident; 0 before the first firing
 * @param since when the status last changed
 * @param severity the severity of the pair that fired the current incident; null when inactive
 * @param evaluatedAt the last evaluation, or null
 * @param values that evaluation's indicators, e.g. {@code burn_1h}, {@code burn_5m}
 * @param error why the last evaluation could not decide (backend down, window beyond retention), or null
 * @param outbox notifications some target still lacks, oldest first
 * @param history the last {@value #HISTORY} notifications that reached every target or were given up
 */
public record AlertState(
        String ruleId,
        AlertStatus status,
        int incident,
        Instant since,
        @Nullable String severity,
        @Nullable Instant evaluatedAt,
        Map<String, Double> values,
        @Nullable String error,
        List<AlertNotification> outbox,
        List<AlertNotification> history) {

    /** Notifications kept in {@link #history}. */
    public static final int HISTORY = 10;

    /** Copies the collections. */
    public AlertState {
        values = values == null ? Map.of() : Map.copyOf(values);
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** A rule's state before its first evaluation. */
    static AlertState initial(String ruleId, Instant now) {
        return new AlertState(ruleId, AlertStatus.INACTIVE, 0, now, null, null, Map.of(), null, List.of(), List.of());
    }
}
