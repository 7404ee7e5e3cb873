package io.dubboai.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** MLflow's model version stages, kept for compatibility; aliases are the primary way to name a version. */
public enum Stage {
    NONE("None"),
    STAGING("Staging"),
    PRODUCTION("Production"),
    ARCHIVED("Archived");

    private final String mlflowName;

    Stage(String mlflowName) {
        this.mlflowName = mlflowName;
    }

    /** The name MLflow uses, e.g. {@code Production}. */
    public String mlflowName() {
        return mlflowName;
    }

    /**
     * Parses a stage name case-insensitively ({@code production}, {@code Production}, {@code PRODUCTION}).
     *
     * @throws IllegalArgumentException naming the allowed stages
     */
    public static Stage parse(String text) {
        for (Stage stage : values()) {
            if (stage.mlflowName.equalsIgnoreCase(text) || stage.name().equals(text.toUpperCase(Locale.ROOT))) {
                return stage;
            }
        }
        throw new IllegalArgumentException("stage '" + text + "' is unknown; use one of "
                + Arrays.stream(values()).map(Stage::mlflowName).collect(Collectors.joining(", ")));
    }
}
