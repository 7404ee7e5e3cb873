package io.dubboai.monitor.sketch;

/** How a feature is sketched and compared. */
public enum FeatureKind {
    /** Numbers: a KLL quantiles sketch; compared by PSI, Kolmogorov–Smirnov, Jensen–Shannon and Wasserstein-1. */
    NUMERIC,
    /** Categories: a frequent-items sketch; compared by chi-square, PSI and Jensen–Shannon over the categories. */
    CATEGORICAL
}
