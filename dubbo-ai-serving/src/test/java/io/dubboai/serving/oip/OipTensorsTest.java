package io.dubboai.serving.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.dubboai.serving.oip.grpc.ModelInferResponse;
import io.dubboai.serving.tensor.DataType;
import io.dubboai.serving.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OipTensorsTest {

    @Test
    void inputsWhenRawContentsShouldReadLittleEndianValues() {
        ByteBuffer raw = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        raw.putFloat(1.5f).putFloat(-2f).putFloat(3.25f).putFloat(0f).flip();
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName("m")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("x")
                        .setDatatype("FP32")
                        .addShape(1)
                        .addShape(4))
                .addRawInputContents(ByteString.copyFrom(raw))
                .build();

        List<Tensor> inputs = OipTensors.inputs("m", request);

        assertThat(inputs).singleElement().satisfies(t -> {
            assertThat(t.type()).isEqualTo(DataType.FP32);
            assertThat(t.shape()).containsExactly(1, 4);
            assertThat(t.floats()).containsExactly(1.5f, -2f, 3.25f, 0f);
        });
    }

    @Test
    void inputsWhenRawContentsMissForSomeInputsOrDatatypeUnknownShouldSayWhat() {
        ModelInferRequest twoInputsOneRaw = ModelInferRequest.newBuilder()
                .setModelName("m")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("a")
                        .setDatatype("FP32"))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("b")
                        .setDatatype("FP32"))
                .addRawInputContents(ByteString.copyFrom(new byte[4]))
                .build();
        assertThatThrownBy(() -> OipTensors.inputs("m", twoInputsOneRaw))
                .isInstanceOfSatisfying(
                        ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessageContaining("has 2 inputs but 1 raw_input_contents");

        ModelInferRequest fp16 = ModelInferRequest.newBuilder()
                .setModelName("m")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("a")
                        .setDatatype("FP16"))
                .build();
        assertThatThrownBy(() -> OipTensors.inputs("m", fp16))
                .hasMessageContaining("input 'a' of model 'm' has data type 'FP16', which is unknown or not supported");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void outputAndInputConversionsRoundTripEveryType(boolean raw) {
        List<Tensor> tensors = List.of(
                Tensor.ofFloats("f", new long[] {2}, new float[] {1f, 2f}),
                Tensor.ofDoubles("d", new long[] {1}, new double[] {2.5}),
                Tensor.ofInts("i", new long[] {2}, new int[] {-1, 7}),
                Tensor.ofLongs("l", new long[] {1}, new long[] {1L << 40}),
                Tensor.of("u", DataType.UINT8, new long[] {2}, new byte[] {(byte) 200, 3}),
                Tensor.of("b", DataType.BOOL, new long[] {2}, new boolean[] {true, false}));
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder();
        InferRequests request = InferRequests.forModel("m");
        if (!raw) {
            request.typedContents();
        }
        tensors.forEach(t -> {
            response.addOutputs(OipTensors.output(t, raw));
            if (raw) {
                response.addRawOutputContents(OipTensors.raw(t));
            }
            request.input(t);
        });

        for (int i = 0; i < tensors.size(); i++) {
            Tensor back = OipTensors.output(response.build(), i);
            assertThat(back.type()).isEqualTo(tensors.get(i).type());
            assertThat(back.data()).isEqualTo(tensors.get(i).data());
        }
        ModelInferRequest built = request.build();
        assertThat(OipTensors.usesRawContents(built)).isEqualTo(raw);
        assertThat(built.getInputs(0).hasContents()).isEqualTo(!raw);
        List<Tensor> inputs = OipTensors.inputs("m", built);
        assertThat(inputs).extracting(Tensor::name).containsExactly("f", "d", "i", "l", "u", "b");
        for (int i = 0; i < tensors.size(); i++) {
            assertThat(inputs.get(i).data()).isEqualTo(tensors.get(i).data());
        }
    }

    @Test
    void rawContentsAreLittleEndian() {
        Tensor one = Tensor.ofFloats("f", new long[] {1}, new float[] {1f});

        assertThat(OipTensors.raw(one).toByteArray()).containsExactly(0, 0, (byte) 0x80, 0x3f);
    }
}
