package io.dubboai.controlplane.fleet;

import org.jspecify.annotations.Nullable;

/**
 * What a host can hold.
 *
 * @param memoryBytes memory budget for loaded models
 * @param accelerator the execution provider it serves on ({@code cpu} or {@code cuda}), as actually loaded
 * @param gpuType the GPU's product name (e.g. {@code NVIDIA H100 80GB HBM3}), or null without a GPU
 * @param gpuMemoryBytes the GPU's memory, 0 without a GPU
 */
public record HostCapacity(
        long memoryBytes, String accelerator, @Nullable String gpuType, long gpuMemoryBytes) {}
