package io.dubboai.serving.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.core.contract.ModelProviderParams;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcceleratorDetectorTest {

    /** Captured from {@code nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader,nounits}. */
    private static final String TWO_KINDS = "0, NVIDIA A100-SXM4-40GB, 40960\n1, NVIDIA H100 80GB HBM3, 81559\n";

    @Test
    void detectShouldReportTheConfiguredDeviceNotTheFirstGpu() {
        AcceleratorDetector detector = new AcceleratorDetector(command -> Optional.of(TWO_KINDS));

        assertThat(detector.detect(1).orElseThrow().parameters())
                .containsEntry(ModelProviderParams.ACCELERATOR, "gpu")
                .containsEntry(ModelProviderParams.GPU_TYPE, "NVIDIA H100 80GB HBM3")
                .containsEntry(ModelProviderParams.GPU_COUNT, "1")
                .containsEntry(ModelProviderParams.GPU_MEMORY_MIB, "81559");
        assertThat(detector.detect(0).orElseThrow().parameters())
                .containsEntry(ModelProviderParams.GPU_TYPE, "NVIDIA A100-SXM4-40GB")
                .containsEntry(ModelProviderParams.GPU_MEMORY_MIB, "40960");
        assertThat(detector.detect(2)).as("no such device").isEmpty();
    }

    @Test
    void detectShouldRunTheIndexedQuery() {
        List<List<String>> commands = new java.util.ArrayList<>();
        new AcceleratorDetector(command -> {
                    commands.add(command);
                    return Optional.empty();
                })
                .detect(0);
        assertThat(commands)
                .containsExactly(
                        List.of("nvidia-smi", "--query-gpu=index,name,memory.total", "--format=csv,noheader,nounits"));
    }

    @Test
    void detectWhenNvidiaSmiMissingOrUnreadableShouldReportNothing() {
        assertThat(new AcceleratorDetector(command -> Optional.empty()).detect(0))
                .isEmpty();
        assertThat(AcceleratorDetector.parse("garbage without comma", 0)).isEmpty();
        assertThat(AcceleratorDetector.parse("0, GPU, lots", 0)).isEmpty();
        assertThat(AcceleratorDetector.parse("x, GPU, 1024\n0, Tesla T4, 15360", 0))
                .as("an unreadable line is skipped")
                .hasValueSatisfying(info -> assertThat(info.gpuMemoryMib()).isEqualTo(15360));
        assertThat(AcceleratorInfo.CPU.parameters()).containsOnlyKeys(ModelProviderParams.ACCELERATOR);
    }

    @Test
    void runShouldKillACommandThatOutlivesItsTimeout() {
        // a stand-in for an nvidia-smi that hangs (driver stuck): it would run for a minute
        assertThat(AcceleratorDetector.run(List.of("sleep", "60"), Duration.ofMillis(200)))
                .isEmpty();
        assertThat(ProcessHandle.current()
                        .children()
                        .filter(p -> p.info().command().orElse("").endsWith("sleep")))
                .as("the command was killed")
                .isEmpty();
    }

    @Test
    void runShouldReturnTheOutputOfASuccessfulCommandOnly() {
        assertThat(AcceleratorDetector.run(List.of("sh", "-c", "echo '0, Tesla T4, 15360'"), Duration.ofSeconds(30)))
                .contains("0, Tesla T4, 15360\n");
        assertThat(AcceleratorDetector.run(List.of("sh", "-c", "echo oops >&2; exit 3"), Duration.ofSeconds(30)))
                .isEmpty();
        assertThat(AcceleratorDetector.run(List.of("no-such-command-dubbo-ai"), Duration.ofSeconds(30)))
                .isEmpty();
    }
}
