package io.dubboai.abtest.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads an experiment's monitoring guardrails ({@link MonitoringGuardrail}): the serving metrics of a variant's
 * version against the control's version. The server implements it on monitoring's analysis API
 * ({@code io.dubboai.monitor.control.analysis.VersionAnalysis}) when the monitoring module is present.
 *
 * <p>Contract: {@link #read} never throws for backend trouble; a metric that could not be read comes back with status
 * {@code NO_DATA} or {@code ERROR} and a message. Implementations are thread-safe.
 */
public interface GuardrailMonitor {

    /** No monitoring: no metrics, nothing read. */
    GuardrailMonitor NONE = new GuardrailMonitor() {
        @Override
        public Set<String> metrics() {
            return Set.of();
        }

        @Override
        public List<Reading> read(
                String model,
                String controlVersion,
                String variantVersion,
                List<MonitoringGuardrail> guardrails,
                Duration window) {
            return guardrails.stream()
                    .map(g -> new Reading(
                            g.metric(), null, null, null, null, "ERROR", "monitoring is not enabled on this server"))
                    .toList();
        }
    };

    /** The metric ids it can read, e.g. {@code error_rate}, {@code latency_p99}. */
    Set<String> metrics();

    /** Compares {@code variantVersion} with {@code controlVersion} over the last {@code window}. */
    List<Reading> read(
            String model,
            String controlVersion,
            String variantVersion,
            List<MonitoringGuardrail> guardrails,
            Duration window);

    /**
     * One guardrail read.
     *
     * @param metric the metric's id
     * @param control the control version's value; null when it could not be read
     * @param variant the variant version's value
     * @param difference variant − control
     * @param relativeDifference difference / control
     * @param status {@code PASS}, {@code FAIL}, {@code REPORTED}, {@code NO_DATA} or {@code ERROR}
     * @param message what was found (for a failure: by how much, and the threshold)
     */
    record Reading(
            String metric,
            @Nullable Double control,
            @Nullable Double variant,
            @Nullable Double difference,
            @Nullable Double relativeDifference,
            String status,
            String message) {

        /** Whether the guardrail failed: the variant degraded the metric beyond its threshold. */
        public boolean failed() {
            return "FAIL".equals(status);
        }
    }
}
