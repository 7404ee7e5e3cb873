package io.dubboai.monitor.drift;

/** A drift statistic; see {@link DriftStatistics} for the formulas. */
public enum Statistic {
    /** Population stability index over reference-quantile bins (numeric) or categories; drift when ≥ threshold. */
    PSI,
    /** Two-sample Kolmogorov–Smirnov: value D, drift when the p-value is below α. Numeric features. */
    KOLMOGOROV_SMIRNOV,
    /** Chi-square test of homogeneity over the categories: drift when the p-value is below α. Categorical features. */
    CHI_SQUARE,
    /** Jensen–Shannon distance (base 2, 0..1) over the PSI bins or the categories; drift when ≥ threshold. */
    JENSEN_SHANNON,
    /** Wasserstein-1 distance divided by the reference's interquartile range; drift when ≥ threshold. Numeric. */
    WASSERSTEIN
}
