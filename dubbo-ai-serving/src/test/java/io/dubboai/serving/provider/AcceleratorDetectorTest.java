package io.dubboai.serving.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.core.contract.ModelProviderParams;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcceleratorDetectorTest {

    @Test
    void detectWhenNvidiaSmiListsGpusShouldReportTypeCountAndMemory() {
        AcceleratorDetector detector = new AcceleratorDetector(
                command -> Optional.of("NVIDIA H100 80GB HBM3, 81559\nNVIDIA H100 80GB HBM3, 81559\n"));

        AcceleratorInfo info = detector.detect().orElseThrow();

        assertThat(info.parameters())
                .containsEntry(ModelProviderParams.ACCELERATOR, "gpu")
                .containsEntry(ModelProviderParams.GPU_TYPE, "NVIDIA H100 80GB HBM3")
                .containsEntry(ModelProviderParams.GPU_COUNT, "2")
                .containsEntry(ModelProviderParams.GPU_MEMORY_MIB, "81559");
    }

    @Test
    void detectWhenNvidiaSmiMissingOrUnreadableShouldReportNothing() {
        assertThat(new AcceleratorDetector(command -> Optional.empty()).detect())
                .isEmpty();
        assertThat(AcceleratorDetector.parse("garbage without comma")).isEmpty();
        assertThat(AcceleratorDetector.parse("GPU, lots")).isEmpty();
        assertThat(AcceleratorInfo.CPU.parameters()).containsOnlyKeys(ModelProviderParams.ACCELERATOR);
    }
}
