package io.dubboai.serving.provider;

import io.dubboai.serving.batch.BatchObserver;
import io.dubboai.serving.engine.ModelConfig;
import java.util.Map;
import org.apache.dubbo.common.extension.ExtensionScope;
import org.apache.dubbo.common.extension.SPI;

/**
 * Told when a {@link ModelServer} loads and closes its model, so that other modules (monitoring) can watch it without
 * the server knowing them. A Dubbo SPI of application scope: every extension registered in
 * {@code META-INF/dubbo/io.dubboai.serving.provider.ModelServingListener} is created once per server application (its
 * constructor may take the {@code ApplicationModel}) and called by the server; nothing registered, nothing called.
 *
 * <p>Calls come from the thread starting or closing the server. A listener that throws fails the load; keep them
 * simple.
 */
@SPI(scope = ExtensionScope.APPLICATION)
public interface ModelServingListener {

    /**
     * The model is about to be loaded.
     *
     * @param model what is loaded
     * @param providerParameters the URL parameters the server publishes (model, version, runtime, accelerator facts)
     * @return the observer of the model's batcher; {@link BatchObserver#NONE} for none. Warm-up requests go through
     *     the batcher too and are observed like any other
     */
    BatchObserver loading(ModelConfig model, Map<String, String> providerParameters);

    /** The server closed: the model is unloaded. The default does nothing. */
    default void closed(ModelConfig model, Map<String, String> providerParameters) {}
}
