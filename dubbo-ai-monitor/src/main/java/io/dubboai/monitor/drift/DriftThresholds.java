package io.dubboai.monitor.drift;

/**
 * When a feature counts as drifted, and how PSI bins it. Defaults ({@link #DEFAULTS}) and why:
 *
 * <ul>
 *   <li>{@code bins = 10}, {@code epsilon = 1e-4}: deciles, the usual PSI binning; epsilon keeps an empty bin finite.
 *   <li>{@code psi = 0.2}: between the conventional "moderate" (0.1) and "major" (0.25) shifts.
 *   <li>{@code ksAlpha = 0.01}, {@code chiSquareAlpha = 0.01}: the false-alarm rate per feature and check when nothing
 *       changed (tested over 200 seeded runs).
 *   <li>{@code jensenShannon = 0.1}: a distance of 0.1 (base 2) is a visible change of the binned distribution.
 *   <li>{@code wasserstein = 0.1}: the distribution moved by a tenth of the reference's interquartile range on
 *       average.
 * </ul>
 *
 * <p>With large samples the tests (KS, chi-square) flag shifts too small to matter; the effect sizes (PSI,
 * Jensen–Shannon, Wasserstein) do not depend on the sample size. A feature is drifted when any of its statistics
 * crosses its threshold; raise or lower one per feature with {@link DriftDetector}'s per-feature thresholds.
 *
 * @param bins PSI bins, {@code >= 2}
 * @param epsilon smallest share a PSI bin counts with, {@code (0, 0.01]}
 * @param psi PSI at or above which a feature drifted, {@code > 0}
 * @param ksAlpha KS p-value below which a feature drifted, {@code (0, 1)}
 * @param chiSquareAlpha chi-square p-value below which a feature drifted, {@code (0, 1)}
 * @param jensenShannon Jensen–Shannon distance at or above which a feature drifted, {@code (0, 1]}
 * @param wasserstein Wasserstein-1 over the reference's IQR at or above which a feature drifted, {@code > 0}
 */
public record DriftThresholds(
        int bins,
        double epsilon,
        double psi,
        double ksAlpha,
        double chiSquareAlpha,
        double jensenShannon,
        double wasserstein) {

    /** The defaults listed above. */
    public static final DriftThresholds DEFAULTS = new DriftThresholds(10, 1e-4, 0.2, 0.01, 0.01, 0.1, 0.1);

    /** Validates every field; messages name the field, the value and the range. */
    public DriftThresholds {
        if (bins < 2 || bins > 1000) {
            throw new IllegalArgumentException("bins must be in 2..1000, but was " + bins);
        }
        if (!(epsilon > 0 && epsilon <= 0.01)) {
            throw new IllegalArgumentException("epsilon must be in (0, 0.01], but was " + epsilon);
        }
        if (!(psi > 0)) {
            throw new IllegalArgumentException("psi threshold must be > 0, but was " + psi);
        }
        if (!(ksAlpha > 0 && ksAlpha < 1)) {
            throw new IllegalArgumentException("ksAlpha must be in (0, 1), but was " + ksAlpha);
        }
        if (!(chiSquareAlpha > 0 && chiSquareAlpha < 1)) {
            throw new IllegalArgumentException("chiSquareAlpha must be in (0, 1), but was " + chiSquareAlpha);
        }
        if (!(jensenShannon > 0 && jensenShannon <= 1)) {
            throw new IllegalArgumentException("jensenShannon threshold must be in (0, 1], but was " + jensenShannon);
        }
        if (!(wasserstein > 0)) {
            throw new IllegalArgumentException("wasserstein threshold must be > 0, but was " + wasserstein);
        }
    }
}
