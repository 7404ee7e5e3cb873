package io.dubboai.benchmarks.router;

import java.util.Map;
import org.apache.dubbo.common.config.configcenter.ConfigurationListener;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.jspecify.annotations.Nullable;

/** A config center holding fixed texts, so that the model router reads its rule the way it does in production. */
final class StaticConfiguration implements DynamicConfiguration {

    private final Map<String, String> texts;

    /** @param texts rule key → text, all in group {@code dubbo} */
    StaticConfiguration(Map<String, String> texts) {
        this.texts = Map.copyOf(texts);
    }

    @Override
    public void addListener(String key, String group, ConfigurationListener listener) {}

    @Override
    public void removeListener(String key, String group, ConfigurationListener listener) {}

    @Override
    public @Nullable String getConfig(String key, String group, long timeout) {
        return texts.get(key);
    }

    @Override
    public @Nullable Object getInternalProperty(String key) {
        return texts.get(key);
    }
}
