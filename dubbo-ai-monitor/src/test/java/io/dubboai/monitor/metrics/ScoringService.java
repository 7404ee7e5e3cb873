package io.dubboai.monitor.metrics;

import io.dubboai.serving.ServingException;

/** A typed model service for the tests: what it does depends on {@code mode}. */
public interface ScoringService {

    /**
     * {@code ok} answers, {@code invalid}/{@code overloaded} fail with that serving error, {@code block} waits. The
     * declared {@link ServingException} reaches the consumer as itself: Dubbo's {@code ExceptionFilter} wraps only
     * undeclared exceptions from other jars.
     */
    double score(String mode) throws ServingException;
}
