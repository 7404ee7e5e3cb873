package io.dubboai.abtest.bandit;

/**
 * A batch of rewards for one arm: {@code units} units whose rewards add up to {@code sum}, their squares to {@code
 * sumOfSquares}. For conversions {@code sum = sumOfSquares = conversions}.
 *
 * @param units units in the batch, at least 1
 * @param sum sum of the rewards
 * @param sumOfSquares sum of the squared rewards
 */
public record Reward(long units, double sum, double sumOfSquares) {

    public Reward {
        if (units < 1) {
            throw new IllegalArgumentException("a reward batch needs at least 1 unit, got " + units);
        }
        if (!Double.isFinite(sum) || !(sumOfSquares >= 0) || Double.isInfinite(sumOfSquares)) {
            throw new IllegalArgumentException(
                    "reward sums must be finite (sum of squares not negative): " + sum + ", " + sumOfSquares);
        }
    }

    /** {@code conversions} of {@code units} units converted. */
    public static Reward conversions(long units, long conversions) {
        if (conversions < 0 || conversions > units) {
            throw new IllegalArgumentException(
                    "conversions must be between 0 and units (" + units + "), was " + conversions);
        }
        return new Reward(units, conversions, conversions);
    }

    /** One unit per value. */
    public static Reward values(double... values) {
        double sum = 0;
        double squares = 0;
        for (double value : values) {
            sum += value;
            squares += value * value;
        }
        return new Reward(values.length, sum, squares);
    }
}
