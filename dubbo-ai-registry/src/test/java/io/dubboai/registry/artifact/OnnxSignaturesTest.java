package io.dubboai.registry.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.core.model.TensorSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxSignaturesTest {

    private static final ModelSignature LOGREG = new ModelSignature(
            List.of(new TensorSpec("x", "FP32", List.of(-1L, 4L)), new TensorSpec("ids", "INT64", List.of(-1L, -1L))),
            List.of(new TensorSpec("probability", "FP32", List.of(-1L, 1L))));

    @Test
    void readShouldReportGraphInputsAndOutputsWithKserveTypesAndVariableDimensions() {
        ModelSignature read =
                OnnxSignatures.read(new ByteArrayInputStream(OnnxFiles.logisticRegression(4, false, 16)), "m.onnx");

        assertThat(read).isEqualTo(LOGREG);
    }

    @Test
    void readShouldLeaveOutWeightsListedAsInputs() {
        ModelSignature read =
                OnnxSignatures.read(new ByteArrayInputStream(OnnxFiles.logisticRegression(4, true, 16)), "m.onnx");

        assertThat(read.inputNames()).containsExactly("x", "ids");
    }

    @Test
    void readShouldStreamPastLargeWeights() {
        // 80 MiB of weights: more than protobuf's default 64 MiB message limit
        byte[] large = OnnxFiles.logisticRegression(4, false, 80 * 1024 * 1024);

        assertThat(OnnxSignatures.read(new ByteArrayInputStream(large), "large.onnx"))
                .isEqualTo(LOGREG);
    }

    @Test
    void readShouldRefuseWhatIsNotAnOnnxTensorModel() {
        assertThatThrownBy(() -> OnnxSignatures.read(
                        new ByteArrayInputStream("not a model at all".getBytes(StandardCharsets.UTF_8)), "x.onnx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("x.onnx is not an ONNX model");
        assertThatThrownBy(() -> OnnxSignatures.read(new ByteArrayInputStream(new byte[0]), "empty.onnx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty.onnx is not an ONNX model: it has no graph");
        assertThatThrownBy(() -> OnnxSignatures.read(new ByteArrayInputStream(OnnxFiles.sequenceOutput()), "s.onnx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'items' of s.onnx is a SEQUENCE_TYPE, not a tensor");
    }

    @Test
    void signaturesShouldCompareByTensorsInAnyOrderAndDescribeThemselves() {
        ModelSignature reordered = new ModelSignature(
                List.of(LOGREG.inputs().get(1), LOGREG.inputs().get(0)), LOGREG.outputs());
        assertThat(reordered.sameTensors(LOGREG)).isTrue();
        ModelSignature otherShape = new ModelSignature(
                List.of(
                        new TensorSpec("x", "FP32", List.of(-1L, 5L)),
                        LOGREG.inputs().get(1)),
                LOGREG.outputs());
        assertThat(otherShape.sameTensors(LOGREG)).isFalse();
        assertThat(LOGREG.describe())
                .isEqualTo("inputs [x FP32 [-1, 4], ids INT64 [-1, -1]], outputs [probability FP32 [-1, 1]]");
    }
}
