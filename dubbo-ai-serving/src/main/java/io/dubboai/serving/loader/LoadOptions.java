package io.dubboai.serving.loader;

/**
 * How a runtime should load a model.
 *
 * @param executionProvider where to run: {@link ExecutionProvider#CPU} (default) or {@link ExecutionProvider#CUDA}
 * @param deviceId GPU index for CUDA, {@code >= 0}; ignored on CPU
 * @param intraOpThreads threads the runtime may use inside one operator; 0 lets the runtime choose
 * @param spinWait whether the runtime's idle worker threads busy-wait for the next piece of work (ONNX Runtime's
 *     {@code session.intra_op.allow_spinning}). Off by default: in a provider the runtime shares the cores with the
 *     RPC threads that decode requests and form batches, and spinning threads take that CPU away; turn it on only
 *     for a host whose cores are reserved for the model
 */
public record LoadOptions(ExecutionProvider executionProvider, int deviceId, int intraOpThreads, boolean spinWait) {

    /** CPU, device 0, runtime-chosen threads, no spinning. */
    public static final LoadOptions DEFAULTS = new LoadOptions(ExecutionProvider.CPU, 0, 0, false);

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

    /** A copy with another intra-op thread count (0 = runtime default). */
    public LoadOptions withIntraOpThreads(int threads) {
        return new LoadOptions(executionProvider, deviceId, threads, spinWait);
    }

    /** A copy with another execution provider and device. */
    public LoadOptions withExecutionProvider(ExecutionProvider provider, int device) {
        return new LoadOptions(provider, device, intraOpThreads, spinWait);
    }

    /** A copy with spin-waiting on or off. */
    public LoadOptions withSpinWait(boolean spin) {
        return new LoadOptions(executionProvider, deviceId, intraOpThreads, spin);
    }

    /** Where a model runs. */
    public enum ExecutionProvider {
        /** The CPU; always available. */
        CPU,
        /** An NVIDIA GPU through CUDA; used only when configured and the runtime reports it available. */
        CUDA
    }
}
