package io.dubboai.monitor.control.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether an SLO rule's alert fires. */
public enum AlertStatus {
    /** The objective holds (or there is not enough data to say it does not). */
    INACTIVE,
    /** A burn-rate window pair holds. */
    FIRING;

    @JsonValue
    String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    static AlertStatus of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
