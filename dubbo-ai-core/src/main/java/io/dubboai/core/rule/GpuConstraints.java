package io.dubboai.core.rule;

import io.dubboai.core.contract.Accelerator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Hardware a provider must have to receive calls for a model.
 *
 * @param accelerator required accelerator kind; {@code null} accepts any
 * @param gpuTypes accepted GPU types; a provider matches when its GPU type contains one of them, ignoring case
 *     (so {@code H100} matches {@code NVIDIA H100 80GB HBM3}); empty accepts any type
 * @param minGpuMemoryMiB least memory of one GPU in MiB; 0 for no minimum
 */
public record GpuConstraints(@Nullable Accelerator accelerator, List<String> gpuTypes, long minGpuMemoryMiB) {

    /** No constraint: every provider matches. */
    public static final GpuConstraints NONE = new GpuConstraints(null, List.of(), 0);

    public GpuConstraints {
        gpuTypes = List.copyOf(gpuTypes);
        if (minGpuMemoryMiB < 0) {
            throw new IllegalArgumentException(minGpuMemoryMiB + " is negative; use 0 for no minimum or a size in MiB");
        }
        for (String type : gpuTypes) {
            if (type.isBlank()) {
                throw new IllegalArgumentException("a GPU type is blank; write a product name such as 'H100'");
            }
        }
        if (accelerator == Accelerator.CPU && requiresGpuFacts(gpuTypes, minGpuMemoryMiB)) {
            throw new IllegalArgumentException(
                    "accelerator 'cpu' contradicts gpuTypes/minGpuMemoryMiB; use accelerator 'gpu' or drop them");
        }
    }

    /** Whether these constraints accept every provider. */
    public boolean isNone() {
        return accelerator == null && gpuTypes.isEmpty() && minGpuMemoryMiB == 0;
    }

    /**
     * Whether a provider with these facts satisfies the constraints. GPU types or a memory minimum imply a GPU.
     *
     * @param providerAccelerator the provider's accelerator, {@code null} when it did not say (treated as CPU)
     * @param providerGpuType the provider's GPU type, {@code null} when absent
     * @param providerGpuMemoryMiB memory of one GPU in MiB, 0 when unknown
     */
    public boolean matches(
            @Nullable Accelerator providerAccelerator, @Nullable String providerGpuType, long providerGpuMemoryMiB) {
        Accelerator actual = providerAccelerator == null ? Accelerator.CPU : providerAccelerator;
        if (accelerator != null && accelerator != actual) {
            return false;
        }
        if (requiresGpuFacts(gpuTypes, minGpuMemoryMiB) && actual != Accelerator.GPU) {
            return false;
        }
        if (providerGpuMemoryMiB < minGpuMemoryMiB) {
            return false;
        }
        if (gpuTypes.isEmpty()) {
            return true;
        }
        if (providerGpuType == null) {
            return false;
        }
        String actualType = providerGpuType.toLowerCase(Locale.ROOT);
        for (String wanted : gpuTypes) {
            if (actualType.contains(wanted.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean requiresGpuFacts(List<String> gpuTypes, long minGpuMemoryMiB) {
        return !gpuTypes.isEmpty() || minGpuMemoryMiB > 0;
    }
}
