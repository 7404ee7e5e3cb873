package io.dubboai.monitor.control.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a rule's alert condition holds now, by the multi-window, multi-burn-rate method (Google SRE
 * workbook, ch. 5, method 6): for each {@link BurnRateWindow} pair the indicator is read over the long and the short
 * window; for error rate and latency the burn rate is the bad share divided by the rule's error budget, and the pair
 * holds when both burn rates reach the factor; for throughput the pair holds when both rates are below the minimum
 * (no calls at all counts as 0 calls/s).
 *
 * <p>The pairs are the rule's own, or the component's when the rule names none. The condition fires when any pair
 * holds. It clears only when every pair could be evaluated and none holds: a
 * backend that cannot answer never resolves an alert (nor fires one). Pairs whose long window exceeds what the source
 * holds ({@link SliSource#maxWindow()}) are skipped and named in the decision's note.
 */
final class BurnRateEvaluator {

    /** The outcome of one evaluation. */
    enum Outcome {
        FIRE,
        CLEAR,
        UNKNOWN
    }

    /**
     * @param outcome fire, clear, or cannot say
     * @param severity the severity of the first pair that holds; null unless firing
     * @param firedBy that pair's label, e.g. {@code 1h/5m}; null unless firing
     * @param values indicators by name ({@code burn_1h}, {@code throughput_5m}); finite values only
     * @param error why some pair could not be evaluated (and skipped pairs), or null
     */
    record Decision(
            Outcome outcome,
            @Nullable String severity,
            @Nullable String firedBy,
            Map<String, Double> values,
            @Nullable String error) {}

    private final List<BurnRateWindow> windows;

    BurnRateEvaluator(List<BurnRateWindow> windows) {
        this.windows = List.copyOf(windows);
    }

    Decision evaluate(SloRule rule, SliSource source, Instant now) {
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        BurnRateWindow fired = null;
        boolean allEvaluated = true;
        int evaluated = 0;
        for (BurnRateWindow pair : rule.windows().isEmpty() ? windows : rule.windows()) {
            if (pair.longWindow().compareTo(source.maxWindow()) > 0) {
                problems.add("pair " + pair.label() + " skipped: longer than what " + source.describe() + " holds ("
                        + AlertText.duration(source.maxWindow()) + ")");
                continue;
            }
            double longValue;
            double shortValue;
            try {
                longValue = indicator(rule, source, pair.longWindow(), now, values);
                shortValue = indicator(rule, source, pair.shortWindow(), now, values);
            } catch (RuntimeException e) {
                allEvaluated = false;
                problems.add("pair " + pair.label() + " on " + source.describe() + ": " + e.getMessage());
                continue;
            }
            evaluated++;
            boolean holds = rule.metric() == SloMetric.THROUGHPUT
                    ? longValue < rule.minimum() && shortValue < rule.minimum()
                    : longValue >= pair.factor() && shortValue >= pair.factor();
            if (holds && fired == null) {
                fired = pair;
            }
        }
        String error = problems.isEmpty() ? null : String.join("; ", problems);
        if (fired != null) {
            return new Decision(Outcome.FIRE, fired.severity(), fired.label(), values, error);
        }
        Outcome outcome = allEvaluated && evaluated > 0 ? Outcome.CLEAR : Outcome.UNKNOWN;
        if (evaluated == 0 && error == null) {
            error = "no burn-rate window pair could be evaluated";
        }
        return new Decision(outcome, null, null, values, error);
    }

    /** Burn rate (or calls/s for throughput) over {@code window}; records it in {@code values}. */
    private static double indicator(
            SloRule rule, SliSource source, java.time.Duration window, Instant now, Map<String, Double> values) {
        double raw = source.value(rule, window, now);
        String label = AlertText.duration(window);
        if (rule.metric() == SloMetric.THROUGHPUT) {
            double rate = Double.isNaN(raw) ? 0 : raw;
            values.put("throughput_" + label, rate);
            return rate;
        }
        if (Double.isNaN(raw)) {
            return Double.NaN; // no calls: nothing burns, and NaN never reaches a factor
        }
        double burn = Math.max(0, raw) / rule.errorBudget();
        values.put("burn_" + label, round(burn));
        return burn;
    }

    private static double round(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.6g", value));
    }
}
