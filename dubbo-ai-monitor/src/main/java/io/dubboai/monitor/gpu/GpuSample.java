package io.dubboai.monitor.gpu;

/**
 * One GPU as {@code nvidia-smi} reported it at one moment.
 *
 * @param index the GPU's index, {@code >= 0}
 * @param name product name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param utilization busy time over the driver's last sample period, ratio 0..1; {@code NaN} when not reported
 * @param memoryUsedBytes memory in use, bytes; {@code -1} when not reported
 * @param memoryTotalBytes memory in total, bytes; {@code -1} when not reported
 */
public record GpuSample(int index, String name, double utilization, long memoryUsedBytes, long memoryTotalBytes) {}
