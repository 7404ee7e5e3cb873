package io.dubboai.abtest.experiment;

import org.jspecify.annotations.Nullable;

/**
 * How the experiment component acts on an experiment's results.
 *
 * @param automatic whether a decision is carried out (alias moved, experiment stopped) or only recorded as a
 *     recommendation for an operator; default false
 * @param promoteAlias the alias of the model's route rule moved to the winner's version when it is promoted; null:
 *     promoting only stops the experiment. Default {@value #DEFAULT_ALIAS}
 * @param minUnitsPerVariant units every variant needs before any decision (the tests are asymptotic); default
 *     {@value #DEFAULT_MIN_UNITS}
 */
public record DecisionPolicy(boolean automatic, @Nullable String promoteAlias, long minUnitsPerVariant) {

    /** The alias promoted by default. */
    public static final String DEFAULT_ALIAS = "champion";

    /** Units per variant before a decision, by default. */
    public static final long DEFAULT_MIN_UNITS = 100;

    /** Recommendations only, alias {@value #DEFAULT_ALIAS}, {@value #DEFAULT_MIN_UNITS} units per variant. */
    public static DecisionPolicy recommendOnly() {
        return new DecisionPolicy(false, DEFAULT_ALIAS, DEFAULT_MIN_UNITS);
    }

    /** Decisions carried out, promoting {@code alias}. */
    public static DecisionPolicy automatic(@Nullable String alias) {
        return new DecisionPolicy(true, alias, DEFAULT_MIN_UNITS);
    }
}
