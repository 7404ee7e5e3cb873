package io.dubboai.serving.loader;

/**
 * How a runtime should load a model.
 *
 * @param executionProvider where to run: {@link ExecutionProvider#CPU} (default) or {@link ExecutionProvider#CUDA}
 * @param deviceId GPU index for CUDA, {@code >= 0}; ignored on CPU
 * @param intraOpThreads threads the runtime may use inside one operator; 0 lets the runtime choose
 */
public record LoadOptions(ExecutionProvider executionProvider, int deviceId, int intraOpThreads) {

    /** CPU, device 0, runtime-chosen threads. */
    public static final LoadOptions DEFAULTS = new LoadOptions(ExecutionProvider.CPU, 0, 0);

    /** Validates the numbers. */
    public LoadOptions {
        if (deviceId < 0) {
            throw new IllegalArgumentException("deviceId must be >= 0, but was " + deviceId);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException(
                    "intraOpThreads must be >= 0 (0 = runtime default), but was " + intraOpThreads);
        }
    }

    /** Where a model runs. */
    public enum ExecutionProvider {
        /** The CPU; always available. */
        CPU,
        /** An NVIDIA GPU through CUDA; used only when configured and the runtime reports it available. */
        CUDA
    }
}
