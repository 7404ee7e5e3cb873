package io.dubboai.serving.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.serving.TestModels;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.engine.WarmupConfig;
import io.dubboai.serving.loader.LoadOptions;
import io.dubboai.serving.loader.OnnxModelLoader;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.dubbo.common.utils.NetUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a provider advertises is where its model runs: the execution provider actually loaded, on its own device. */
class ModelServerAcceleratorTest {

    /** Captured from {@code nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader,nounits}. */
    private static final String TWO_KINDS = "0, NVIDIA A100-SXM4-40GB, 40960\n1, NVIDIA H100 80GB HBM3, 81559\n";

    private static final LoadOptions CUDA_DEVICE_1 =
            LoadOptions.DEFAULTS.withExecutionProvider(LoadOptions.ExecutionProvider.CUDA, 1);

    @TempDir
    Path dir;

    private ModelServerConfig config(TestModels.ModelFile file) {
        ModelConfig model = ModelConfig.onnx("gpu-model", "1", file.uri(), file.sha256())
                .withLoadOptions(CUDA_DEVICE_1)
                .withWarmup(new WarmupConfig(1, 1, 1));
        return ModelServerConfig.of(model, "N/A", "127.0.0.1", NetUtils.getAvailablePort());
    }

    @Test
    void cudaRequestTheRuntimeCannotServeRunsOnTheCpuAndAdvertisesTheCpu() {
        // this build's ONNX Runtime is the CPU one: CUDA falls back, whatever nvidia-smi says about the machine
        assertThat(new OnnxModelLoader()
                        .effectiveOptions("gpu-model", CUDA_DEVICE_1)
                        .executionProvider())
                .isEqualTo(LoadOptions.ExecutionProvider.CPU);
        TestModels.ModelFile file = TestModels.logisticRegression(dir, 41);
        try (ModelServer server = new ModelServer(
                        config(file), new AcceleratorDetector(command -> Optional.of(TWO_KINDS)), rows -> {})
                .start()) {
            assertThat(server.engine().executionProvider()).isEqualTo("CPU");
            assertThat(server.providerParameters())
                    .containsEntry(ModelProviderParams.ACCELERATOR, "cpu")
                    .doesNotContainKeys(ModelProviderParams.GPU_TYPE, ModelProviderParams.GPU_MEMORY_MIB);
        }
    }

    @Test
    void cudaFactsAreThoseOfTheConfiguredDevice() {
        // before export the configured options apply: CUDA on device 1, described by nvidia-smi's line for index 1
        ModelServer server = new ModelServer(
                config(TestModels.logisticRegression(dir, 42)),
                new AcceleratorDetector(command -> Optional.of(TWO_KINDS)),
                rows -> {});

        assertThat(server.providerParameters())
                .containsEntry(ModelProviderParams.ACCELERATOR, "gpu")
                .containsEntry(ModelProviderParams.GPU_TYPE, "NVIDIA H100 80GB HBM3")
                .containsEntry(ModelProviderParams.GPU_COUNT, "1")
                .containsEntry(ModelProviderParams.GPU_MEMORY_MIB, "81559");
    }

    @Test
    void cudaWithUnknownFactsAdvertisesAGpuOfUnknownType() {
        ModelServer server = new ModelServer(
                config(TestModels.logisticRegression(dir, 43)),
                new AcceleratorDetector(command -> Optional.empty()),
                rows -> {});

        assertThat(server.providerParameters())
                .containsEntry(ModelProviderParams.ACCELERATOR, "gpu")
                .containsEntry(ModelProviderParams.GPU_COUNT, "1")
                .doesNotContainKey(ModelProviderParams.GPU_TYPE);
    }
}
