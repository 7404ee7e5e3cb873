package io.dubboai.core.rule;

import io.dubboai.core.model.ModelNames;
import java.util.Optional;

/**
 * The shadow step of a route rule: mirror a share of the model's calls to one version and discard its answers.
 *
 * <p>The consumer's router sends the caller's call as the weighted split decides and, with probability
 * {@code percent / 100}, a copy of it to {@code version}'s providers; the copy's answer and failure never reach the
 * caller. The version is usually listed with weight 0, so it gets only copies.
 *
 * @param version the version that receives the copies; the rule lists it in {@code traffic}
 * @param percent share of the calls copied, in percent, greater than 0 and at most 100; decimals are allowed
 *     ({@code 0.5} copies one call in two hundred)
 */
public record ShadowTraffic(String version, double percent) {

    /** Largest share: every call is copied. */
    public static final double MAX_PERCENT = 100;

    public ShadowTraffic {
        ModelNames.requireVersion(version);
        checkPercent(percent).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** What is wrong with {@code percent} as a shadow share, if anything. */
    static Optional<String> checkPercent(double percent) {
        if (!Double.isFinite(percent)) {
            return Optional.of(percent + " is not a number; shadow percent is greater than 0 and at most 100");
        }
        if (percent <= 0) {
            return Optional.of(format(percent) + " is not greater than 0; to stop mirroring remove 'shadow'");
        }
        if (percent > MAX_PERCENT) {
            return Optional.of(format(percent) + " is above 100; shadow percent is greater than 0 and at most 100");
        }
        return Optional.empty();
    }

    /** The share as a probability, 0 (exclusive) to 1. */
    public double probability() {
        return percent / MAX_PERCENT;
    }

    /** {@code percent} as written in rules: a whole number without a decimal point, else the decimal. */
    static Number wirePercent(double percent) {
        boolean whole = percent == Math.rint(percent) && Math.abs(percent) < 1e15;
        return whole ? (Number) (long) percent : (Number) percent;
    }

    private static String format(double percent) {
        return String.valueOf(wirePercent(percent));
    }
}
