package io.dubboai.serving.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.core.model.TensorSpec;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.TestModels;
import io.dubboai.serving.artifact.ArtifactPolicy;
import io.dubboai.serving.artifact.ArtifactResolver;
import io.dubboai.serving.artifact.FileArtifactFetcher;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.engine.ModelEngine;
import io.dubboai.serving.loader.OnnxModelLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serving refuses an artifact whose signature differs from the one registered for its version. */
class RegisteredSignatureTest {

    @TempDir
    Path dir;

    private ModelEngine load(TestModels.ModelFile file, ModelSignature registered) {
        return ModelServer.loadEngine(
                ModelConfig.onnx("fraud", "3", file.uri(), file.sha256()).withExpectedSignature(registered),
                new ArtifactResolver(ArtifactPolicy.ANY_FILE, scheme -> new FileArtifactFetcher(), dir),
                runtime -> new OnnxModelLoader(),
                rows -> {});
    }

    @Test
    void loadWhenTheArtifactMatchesTheRegisteredSignatureShouldServe() {
        ModelSignature registered = new ModelSignature(
                List.of(new TensorSpec("x", "FP32", List.of(-1L, 4L))),
                List.of(new TensorSpec("probability", "FP32", List.of(-1L, 1L))));
        try (ModelEngine engine = load(TestModels.logisticRegression(dir, 51), registered)) {
            assertThat(engine.ready()).isTrue();
        }
    }

    @Test
    void loadWhenTheArtifactDiffersFromTheRegisteredSignatureShouldFailShowingBoth() {
        ModelSignature registered = new ModelSignature(
                List.of(new TensorSpec("x", "FP32", List.of(-1L, 5L))),
                List.of(new TensorSpec("probability", "FP32", List.of(-1L, 1L))));

        assertThatThrownBy(() -> load(TestModels.logisticRegression(dir, 52), registered))
                .isInstanceOfSatisfying(
                        ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ARTIFACT))
                .hasMessageContaining("the artifact of model 'fraud' version 3 has inputs [x FP32 [-1, 4]], outputs "
                        + "[probability FP32 [-1, 1]], but the registered signature is inputs [x FP32 [-1, 5]], "
                        + "outputs [probability FP32 [-1, 1]]; the model was not loaded");
    }
}
