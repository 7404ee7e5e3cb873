package io.dubboai.core.contract;

import java.util.Locale;
import java.util.Optional;

/** Kind of hardware a provider runs its model on; written in lower case as {@link ModelProviderParams#ACCELERATOR}. */
public enum Accelerator {
    CPU,
    GPU;

    /** The value as written in URL parameters and rules: {@code cpu} or {@code gpu}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively; empty for anything else. */
    public static Optional<Accelerator> fromWireName(String value) {
        for (Accelerator accelerator : values()) {
            if (accelerator.wireName().equalsIgnoreCase(value.trim())) {
                return Optional.of(accelerator);
            }
        }
        return Optional.empty();
    }
}
