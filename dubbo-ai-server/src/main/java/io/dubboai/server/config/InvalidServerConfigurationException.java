package io.dubboai.server.config;

import org.jspecify.annotations.Nullable;

/**
 * A server setting is wrong or conflicts with the deploy mode; {@link ServerFailureAnalyzer} turns it into a
 * startup report.
 */
public final class InvalidServerConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final @Nullable String value;
    private final String action;

    /**
     * @param property the full property name
     * @param value its value, {@code null} when unset
     * @param problem what is wrong
     * @param action what to do about it
     */
    public InvalidServerConfigurationException(String property, @Nullable String value, String problem, String action) {
        super("Invalid " + property + "=" + (value == null ? "(unset)" : value) + ": " + problem + "; " + action);
        this.property = property;
        this.value = value;
        this.action = action;
    }

    /** The full property name. */
    public String property() {
        return property;
    }

    /** The rejected value, or {@code null} when the property was unset. */
    public @Nullable String value() {
        return value;
    }

    /** What the operator should do. */
    public String action() {
        return action;
    }
}
