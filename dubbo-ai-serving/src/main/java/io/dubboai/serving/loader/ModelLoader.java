package io.dubboai.serving.loader;

import java.nio.file.Path;
import org.apache.dubbo.common.extension.ExtensionScope;
import org.apache.dubbo.common.extension.SPI;

/**
 * Loads a model artifact into a runtime. An SPI: implementations are registered in {@code
 * META-INF/dubbo/io.dubboai.serving.loader.ModelLoader} as {@code name=class} and picked by the model's runtime name
 * (the default is {@code onnxruntime}). Implementations need a public no-argument constructor.
 */
@SPI(value = OnnxModelLoader.RUNTIME, scope = ExtensionScope.FRAMEWORK)
public interface ModelLoader {

    /** The runtime name, e.g. {@code onnxruntime}; published as the provider's runtime parameter. */
    String runtime();

    /**
     * The options {@link #load} will actually use on this machine: a requested accelerator this runtime cannot use
     * here is replaced by the CPU, and the replacement is logged. The server asks before it publishes its accelerator
     * facts and loads with the answer, so what it advertises is what runs. The default keeps the options as given.
     */
    default LoadOptions effectiveOptions(String modelName, LoadOptions options) {
        return options;
    }

    /**
     * Loads the artifact at {@code artifact}, which has been fetched and checksum-verified.
     *
     * @throws io.dubboai.serving.ServingException of kind {@code ARTIFACT} when the file is not a loadable model
     */
    LoadedModel load(String modelName, Path artifact, LoadOptions options);
}
