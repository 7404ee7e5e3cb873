package io.dubboai.server.config;

import io.dubboai.core.secret.Secrets;
import org.jspecify.annotations.Nullable;

/**
 * A server setting is wrong or conflicts with the deploy mode; {@link ServerFailureAnalyzer} turns it into a
 * startup report. Values are addresses more often than not, so the message and {@link #value()} carry them with their
 * credentials masked ({@link Secrets#maskAddress}).
 */
public final class InvalidServerConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final @Nullable String value;
    private final String action;

    /**
     * @param property the full property name
     * @param value its value, {@code null} when unset; credentials in it are masked
     * @param problem what is wrong (credentials in it are masked)
     * @param action what to do about it
     */
    public InvalidServerConfigurationException(String property, @Nullable String value, String problem, String action) {
        super("Invalid " + property + "=" + (value == null ? "(unset)" : Secrets.maskAddress(value)) + ": "
                + Secrets.maskAddress(problem) + "; " + Secrets.maskAddress(action));
        this.property = property;
        this.value = value == null ? null : Secrets.maskAddress(value);
        this.action = Secrets.maskAddress(action);
    }

    /** The full property name. */
    public String property() {
        return property;
    }

    /** The rejected value with its credentials masked, or {@code null} when the property was unset. */
    public @Nullable String value() {
        return value;
    }

    /** What the operator should do. */
    public String action() {
        return action;
    }
}
