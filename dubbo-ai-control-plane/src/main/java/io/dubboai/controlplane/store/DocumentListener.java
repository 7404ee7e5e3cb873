package io.dubboai.controlplane.store;

import org.jspecify.annotations.Nullable;

/** Hears that a watched document changed. Called on the backend's notification thread; must not block long. */
@FunctionalInterface
public interface DocumentListener {

    /**
     * The document {@code key} now holds {@code content}, or was deleted ({@code content} null).
     * Notifications may arrive late or repeated; receivers compare revisions.
     */
    void changed(String key, @Nullable String content);
}
