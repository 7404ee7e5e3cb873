package io.dubboai.abtest.bandit;

/**
 * Turns target shares into route-rule weights (integer percentages summing to 100) that respect a floor per arm and
 * move at a bounded rate.
 *
 * <ol>
 *   <li>Floor: {@code target_i = floor + (100 - k floor) share_i}, so every arm keeps at least the floor and the
 *       targets still sum to 100.
 *   <li>Bounded step: the weights move from the current ones towards the targets along a straight line, by the
 *       fraction {@code lambda = min(1, maxStep / max_i |target_i - current_i|)}: no weight moves more than {@code
 *       maxStep} points, the sum stays 100, and (the set of weights at or above the floor being convex) a split
 *       that respected the floor still does.
 *   <li>Rounding by largest remainder (Hamilton's method): each weight is rounded down and the missing points go to
 *       the largest fractional parts. Rounding stays between the integer bounds of steps 1 and 2.
 * </ol>
 */
public final class WeightLimiter {

    private WeightLimiter() {}

    /**
     * The next weights.
     *
     * @param current the current weights, summing to 100
     * @param shares target shares, non-negative, summing to 1, same order
     * @param floorPercent the least weight of any arm; {@code k * floor <= 100}
     * @param maxStepPercent the most points a weight moves, at least 1
     */
    public static int[] next(int[] current, double[] shares, int floorPercent, int maxStepPercent) {
        int k = current.length;
        if (shares.length != k) {
            throw new IllegalArgumentException("got " + shares.length + " shares for " + k + " weights");
        }
        if ((long) floorPercent * k > 100 || floorPercent < 0) {
            throw new IllegalArgumentException(
                    "a floor of " + floorPercent + " % for " + k + " arms is not possible; at most " + 100 / k);
        }
        double free = 100.0 - (double) floorPercent * k;
        double[] target = new double[k];
        double largestMove = 0;
        for (int i = 0; i < k; i++) {
            target[i] = floorPercent + free * shares[i];
            largestMove = Math.max(largestMove, Math.abs(target[i] - current[i]));
        }
        double lambda = largestMove <= maxStepPercent ? 1 : maxStepPercent / largestMove;
        double[] moved = new double[k];
        for (int i = 0; i < k; i++) {
            moved[i] = current[i] + lambda * (target[i] - current[i]);
        }
        return roundToHundred(moved);
    }

    /** Largest-remainder rounding of values summing to 100 (within rounding error) to integers summing to 100. */
    static int[] roundToHundred(double[] values) {
        int k = values.length;
        int[] rounded = new int[k];
        int sum = 0;
        for (int i = 0; i < k; i++) {
            // a hair of tolerance so that 29.999999999 counts as 30
            rounded[i] = (int) Math.floor(values[i] + 1e-9);
            sum += rounded[i];
        }
        while (sum < 100) {
            int best = -1;
            double bestRemainder = -1;
            for (int i = 0; i < k; i++) {
                double remainder = values[i] - rounded[i];
                if (remainder > bestRemainder) {
                    bestRemainder = remainder;
                    best = i;
                }
            }
            rounded[best]++;
            sum++;
        }
        while (sum > 100) {
            int worst = 0;
            for (int i = 1; i < k; i++) {
                if (values[i] - rounded[i] < values[worst] - rounded[worst]) {
                    worst = i;
                }
            }
            rounded[worst]--;
            sum--;
        }
        return rounded;
    }
}
