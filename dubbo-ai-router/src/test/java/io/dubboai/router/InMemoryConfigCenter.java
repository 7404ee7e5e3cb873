package io.dubboai.router;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.dubbo.common.config.configcenter.ConfigChangeType;
import org.apache.dubbo.common.config.configcenter.ConfigChangedEvent;
import org.apache.dubbo.common.config.configcenter.ConfigurationListener;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * A config center in memory for unit tests of the rule manager: texts by group/key, and listeners called in the
 * caller's thread. The end-to-end tests use a real ZooKeeper.
 */
final class InMemoryConfigCenter implements DynamicConfiguration {

    private final Map<String, String> texts = new ConcurrentHashMap<>();
    private final Map<String, List<ConfigurationListener>> listeners = new ConcurrentHashMap<>();

    @Override
    public void addListener(String key, String group, ConfigurationListener listener) {
        listeners
                .computeIfAbsent(group + "/" + key, k -> new CopyOnWriteArrayList<>())
                .add(listener);
    }

    @Override
    public void removeListener(String key, String group, ConfigurationListener listener) {
        listeners.getOrDefault(group + "/" + key, List.of()).remove(listener);
    }

    @Override
    public @Nullable String getConfig(String key, String group, long timeout) {
        return texts.get(group + "/" + key);
    }

    @Override
    public @Nullable Object getInternalProperty(String key) {
        return null;
    }

    @Override
    public boolean publishConfig(String key, String group, String content) {
        ConfigChangeType type =
                texts.put(group + "/" + key, content) == null ? ConfigChangeType.ADDED : ConfigChangeType.MODIFIED;
        fire(new ConfigChangedEvent(key, group, content, type));
        return true;
    }

    @Override
    public boolean removeConfig(String key, String group) {
        texts.remove(group + "/" + key);
        fire(new ConfigChangedEvent(key, group, null, ConfigChangeType.DELETED));
        return true;
    }

    int listenerCount(String key, String group) {
        return listeners.getOrDefault(group + "/" + key, List.of()).size();
    }

    private void fire(ConfigChangedEvent event) {
        listeners
                .getOrDefault(event.getGroup() + "/" + event.getKey(), List.of())
                .forEach(listener -> listener.process(event));
    }
}
