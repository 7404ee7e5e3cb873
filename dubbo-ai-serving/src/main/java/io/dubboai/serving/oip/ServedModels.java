package io.dubboai.serving.oip;

import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.engine.ModelEngine;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link OipInferenceService} serves: one model version (a {@code ModelServer}) or every version a model host
 * has loaded.
 */
public interface ServedModels {

    /**
     * The loaded and ready version that should run a request for {@code name}; {@code version} is the request's
     * {@code model_version}, empty when it names none.
     *
     * @throws ServingException {@link ErrorKind#MODEL_NOT_FOUND} when nothing here serves it, {@link ErrorKind#NOT_READY}
     *     while it loads or drains
     */
    ServedModel require(String name, String version);

    /** Whether at least one served version is ready ({@code ServerReady}). */
    boolean anyReady();

    /**
     * One served version.
     *
     * @param name the model
     * @param version its version
     * @param engine the engine running it
     */
    record ServedModel(String name, String version, ModelEngine engine) {}

    /** Exactly one model version, whose engine is {@code null} until loaded. */
    static ServedModels single(Supplier<@Nullable ModelEngine> engine, String modelName, String modelVersion) {
        return new ServedModels() {
            @Override
            public ServedModel require(String name, String version) {
                if (!modelName.equals(name) || !(version.isEmpty() || modelVersion.equals(version))) {
                    throw new ServingException(
                            ErrorKind.MODEL_NOT_FOUND,
                            name,
                            "model '" + name + "'" + (version.isEmpty() ? "" : " version '" + version + "'")
                                    + " is not served by this provider; it serves model '" + modelName
                                    + "' version '" + modelVersion + "'");
                }
                ModelEngine current = engine.get();
                if (current == null || !current.ready()) {
                    throw new ServingException(
                            ErrorKind.NOT_READY,
                            name,
                            "model '" + modelName + "' version '" + modelVersion + "' is not ready (loading, "
                                    + "warming up or draining); retry on another provider");
                }
                return new ServedModel(modelName, modelVersion, current);
            }

            @Override
            public boolean anyReady() {
                ModelEngine current = engine.get();
                return current != null && current.ready();
            }
        };
    }
}
