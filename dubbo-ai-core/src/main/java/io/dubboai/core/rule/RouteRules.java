package io.dubboai.core.rule;

import io.dubboai.core.model.ModelNames;
import java.util.Optional;

/** Where model route rules live in the Dubbo config center. */
public final class RouteRules {

    /** Config-center group of every model route rule (Dubbo's own rules use the same group). */
    public static final String GROUP = "dubbo";

    /** Suffix of a rule key: the key of model {@code m} is {@code m.model-route}. */
    public static final String KEY_SUFFIX = ".model-route";

    private RouteRules() {}

    /** The config-center key of the rule of {@code model}. */
    public static String ruleKey(String model) {
        return ModelNames.requireModelName(model) + KEY_SUFFIX;
    }

    /** The model a config-center key belongs to, or empty if the key is not a model route rule key. */
    public static Optional<String> modelOf(String key) {
        if (!key.endsWith(KEY_SUFFIX)) {
            return Optional.empty();
        }
        String model = key.substring(0, key.length() - KEY_SUFFIX.length());
        return ModelNames.checkModelName(model).isPresent() ? Optional.empty() : Optional.of(model);
    }
}
