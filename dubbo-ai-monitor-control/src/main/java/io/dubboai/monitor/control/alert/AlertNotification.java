package io.dubboai.monitor.control.alert;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One notification of an alert's change (it fired, or it resolved), kept in the alert's document until every target
 * has it: each notifier ({@code webhook}, {@code alertmanager}) and, for a firing alert, each action of the rule
 * ({@code action:<name>}).
 *
 * @param id stable across retries and leaders: {@code <rule>/<incident>/<firing|resolved>}; receivers deduplicate by it
 * @param ruleId the rule
 * @param model the model
 * @param version the model version
 * @param kind {@link AlertStatus#FIRING} (it fired) or {@link AlertStatus#INACTIVE} (it resolved)
 * @param incident counts the rule's firings, from 1
 * @param at when the alert changed
 * @param startedAt when the incident began (equal to {@code at} for a firing)
 * @param severity the severity of the window pair that fired
 * @param summary one line for people
 * @param values the indicators that decided, e.g. {@code burn_1h: 20.3}
 * @param targets who must get it
 * @param done the targets that have it
 * @param attempts delivery rounds so far that left some target without it
 * @param lastError why the last round failed, or null
 */
public record AlertNotification(
        String id,
        String ruleId,
        String model,
        String version,
        AlertStatus kind,
        int incident,
        Instant at,
        Instant startedAt,
        String severity,
        String summary,
        Map<String, Double> values,
        List<String> targets,
        Set<String> done,
        int attempts,
        @Nullable String lastError) {

    /** Copies the collections. */
    public AlertNotification {
        values = Map.copyOf(values);
        targets = List.copyOf(targets);
        done = Set.copyOf(done);
    }

    /** Whether it resolves the incident (rather than fire it). */
    public boolean resolved() {
        return kind == AlertStatus.INACTIVE;
    }

    /** Whether every target has it. */
    public boolean complete() {
        return done.containsAll(targets);
    }

    /** This notification with {@code target} done. */
    AlertNotification deliveredTo(String target) {
        Set<String> now = new LinkedHashSet<>(done);
        now.add(target);
        return new AlertNotification(
                id, ruleId, model, version, kind, incident, at, startedAt, severity, summary, values, targets, now,
                attempts, lastError);
    }

    /** This notification after a round that failed for {@code error}. */
    AlertNotification failed(String error) {
        return new AlertNotification(
                id,
                ruleId,
                model,
                version,
                kind,
                incident,
                at,
                startedAt,
                severity,
                summary,
                values,
                targets,
                done,
                attempts + 1,
                error);
    }
}
