package io.dubboai.monitor.drift;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The drift of every feature against its reference: one {@link DriftFinding} per feature and statistic, and the
 * problems that kept a feature from being compared (no current values, not in the reference, kinds differ).
 *
 * @param findings in feature order
 * @param problems one sentence each, naming the feature
 */
public record DriftReport(List<DriftFinding> findings, List<String> problems) {

    /** Copies the lists. */
    public DriftReport {
        findings = List.copyOf(findings);
        problems = List.copyOf(problems);
    }

    /** Features with at least one drifted statistic, in order. */
    public List<String> driftedFeatures() {
        LinkedHashSet<String> drifted = new LinkedHashSet<>();
        findings.stream().filter(DriftFinding::drifted).forEach(f -> drifted.add(f.feature()));
        return List.copyOf(drifted);
    }

    /** The findings of one feature. */
    public List<DriftFinding> findings(String feature) {
        return findings.stream().filter(f -> f.feature().equals(feature)).toList();
    }

    /** Whether any feature drifted. */
    public boolean drifted() {
        return findings.stream().anyMatch(DriftFinding::drifted);
    }
}
