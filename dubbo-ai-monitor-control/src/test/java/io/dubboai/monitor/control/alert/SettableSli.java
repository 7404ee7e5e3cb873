package io.dubboai.monitor.control.alert;

import java.time.Duration;
import java.time.Instant;

/** An indicator the test sets: the same bad share over every window (the input the evaluator reads). */
final class SettableSli implements SliSource {

    private volatile double value = Double.NaN;

    void set(double value) {
        this.value = value;
    }

    @Override
    public double value(SloRule rule, Duration window, Instant at) {
        return value;
    }

    @Override
    public String describe() {
        return "test indicator";
    }
}
