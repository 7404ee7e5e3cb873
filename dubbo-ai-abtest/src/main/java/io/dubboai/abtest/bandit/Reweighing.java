package io.dubboai.abtest.bandit;

/**
 * What {@link BanditService#reweigh} did.
 *
 * @param state the bandit as stored afterwards
 * @param outcome why the weights did or did not move
 */
public record Reweighing(BanditState state, Outcome outcome) {

    /** Why the weights did or did not move. */
    public enum Outcome {
        /** The weights moved (and were written). */
        CHANGED,
        /** The policy asked for the weights as they are. */
        UNCHANGED,
        /** The last move was less than the settings' minimum interval ago. */
        NOT_DUE,
        /** Some arm has fewer units than the settings' minimum: the split stays as it is until it has them. */
        COLLECTING
    }

    /** Whether the weights moved. */
    public boolean changed() {
        return outcome == Outcome.CHANGED;
    }
}
