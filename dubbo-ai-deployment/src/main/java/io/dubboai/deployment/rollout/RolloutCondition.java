package io.dubboai.deployment.rollout;

import java.time.Instant;

/**
 * A Kubernetes-style condition of a rollout.
 *
 * @param type {@code CandidateReady}, {@code Progressing} or {@code Healthy}
 * @param status whether it holds
 * @param reason one CamelCase word
 * @param message a sentence for people
 * @param since when it last changed
 */
public record RolloutCondition(String type, boolean status, String reason, String message, Instant since) {

    /** The candidate's providers are up. */
    public static final String CANDIDATE_READY = "CandidateReady";

    /** The rollout is moving (false once it is final or paused). */
    public static final String PROGRESSING = "Progressing";

    /** The last gate check passed. */
    public static final String HEALTHY = "Healthy";
}
