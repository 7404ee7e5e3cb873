package io.dubboai.monitor.control.analysis;

import org.jspecify.annotations.Nullable;

/** Turns two values and a check into a {@link MetricResult}; shared by the backends so they judge alike. */
public final class Judge {

    private Judge() {}

    /**
     * The result for {@code check} given both versions' values (null or NaN: no data for that version).
     *
     * @param query what was evaluated, for the reader
     */
    public static MetricResult judge(
            MetricCheck check, @Nullable Double baseline, @Nullable Double candidate, String query) {
        String unit = check.metric().unit();
        String id = check.metric().id();
        boolean baselineMissing = baseline == null || baseline.isNaN();
        boolean candidateMissing = candidate == null || candidate.isNaN();
        if (baselineMissing || candidateMissing) {
            String which = baselineMissing && candidateMissing
                    ? "neither version"
                    : baselineMissing ? "the baseline" : "the candidate";
            return new MetricResult(
                    id,
                    unit,
                    baselineMissing ? null : baseline,
                    candidateMissing ? null : candidate,
                    null,
                    null,
                    MetricStatus.NO_DATA,
                    "no data for " + which + " in the window (no calls, or not scraped yet)",
                    query);
        }
        double difference = candidate - baseline;
        Double relative = baseline == 0 ? null : difference / Math.abs(baseline);
        double degradation = check.higherIsWorse() ? difference : -difference;
        StringBuilder failures = new StringBuilder();
        if (check.maxDegradation() != null && degradation > check.maxDegradation()) {
            failures.append(String.format(
                    "%s degraded by %.6g %s, more than the allowed %s", id, degradation, unit, check.maxDegradation()));
        }
        if (check.maxRelativeDegradation() != null) {
            double relativeDegradation =
                    baseline == 0 ? (degradation > 0 ? Double.POSITIVE_INFINITY : 0) : degradation / Math.abs(baseline);
            if (relativeDegradation > check.maxRelativeDegradation()) {
                if (!failures.isEmpty()) {
                    failures.append("; ");
                }
                failures.append(String.format(
                        "%s degraded by %.4g %% of the baseline, more than the allowed %.4g %%",
                        id, 100 * relativeDegradation, 100 * check.maxRelativeDegradation()));
            }
        }
        MetricStatus status;
        if (!failures.isEmpty()) {
            status = MetricStatus.FAIL;
        } else if (check.maxDegradation() == null && check.maxRelativeDegradation() == null) {
            status = MetricStatus.REPORTED;
        } else {
            status = MetricStatus.PASS;
        }
        return new MetricResult(
                id, unit, baseline, candidate, difference, relative, status, failures.toString(), query);
    }
}
