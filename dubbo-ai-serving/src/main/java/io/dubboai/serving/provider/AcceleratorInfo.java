package io.dubboai.serving.provider;

import io.dubboai.core.contract.Accelerator;
import io.dubboai.core.contract.ModelProviderParams;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The hardware a provider runs its model on, as published in {@link ModelProviderParams}.
 *
 * @param accelerator CPU or GPU
 * @param gpuType GPU product name, e.g. {@code NVIDIA H100 80GB HBM3}; empty on CPU
 * @param gpuCount GPUs usable, {@code >= 0}; 0 on CPU
 * @param gpuMemoryMib memory of one GPU in MiB, {@code >= 0}; 0 on CPU
 */
public record AcceleratorInfo(Accelerator accelerator, Optional<String> gpuType, int gpuCount, long gpuMemoryMib) {

    /** A CPU-only provider. */
    public static final AcceleratorInfo CPU = new AcceleratorInfo(Accelerator.CPU, Optional.empty(), 0, 0);

    /** Validates the numbers and that GPU facts come only with a GPU. */
    public AcceleratorInfo {
        if (gpuCount < 0 || gpuMemoryMib < 0) {
            throw new IllegalArgumentException(
                    "gpuCount and gpuMemoryMib must be >= 0, but were " + gpuCount + " and " + gpuMemoryMib);
        }
        if (accelerator == Accelerator.GPU && gpuCount == 0) {
            throw new IllegalArgumentException("a GPU accelerator needs gpuCount >= 1, but was 0");
        }
        if (accelerator == Accelerator.CPU && (gpuCount > 0 || gpuType.isPresent())) {
            throw new IllegalArgumentException("a CPU accelerator has no GPU facts, but gpuCount was " + gpuCount
                    + " and gpuType " + gpuType.orElse("absent"));
        }
    }

    /** GPUs of one type. */
    public static AcceleratorInfo gpu(String type, int count, long memoryMib) {
        return new AcceleratorInfo(Accelerator.GPU, Optional.of(type), count, memoryMib);
    }

    /** The URL parameters for these facts; GPU keys only for a GPU. */
    public Map<String, String> parameters() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(ModelProviderParams.ACCELERATOR, accelerator.wireName());
        if (accelerator == Accelerator.GPU) {
            gpuType.ifPresent(type -> params.put(ModelProviderParams.GPU_TYPE, type));
            params.put(ModelProviderParams.GPU_COUNT, Integer.toString(gpuCount));
            params.put(ModelProviderParams.GPU_MEMORY_MIB, Long.toString(gpuMemoryMib));
        }
        return params;
    }
}
