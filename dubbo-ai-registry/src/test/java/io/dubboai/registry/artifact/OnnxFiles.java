package io.dubboai.registry.artifact;

import ai.onnx.proto.OnnxMl;
import java.util.List;

/** ONNX model files built in code for the registry's tests (no binary files in the repository). */
public final class OnnxFiles {

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
    private static final int INT64 = OnnxMl.TensorProto.DataType.INT64.getNumber();

    private OnnxFiles() {}

    /**
     * {@code probability = sigmoid(x · W + b)} with a second, unused input {@code ids}: inputs {@code x} FP32
     * [N, features] and {@code ids} INT64 [N, ?], output {@code probability} FP32 [N, 1]; with
     * {@code weightsAsInputs} the weights are also listed as graph inputs, as older exporters did.
     *
     * @param weightBytes bytes of padding weights stored as an extra initializer, to make a large file
     */
    public static byte[] logisticRegression(int features, boolean weightsAsInputs, int weightBytes) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder()
                .setName("logreg")
                .addInitializer(floats("W", List.of((long) features, 1L), features))
                .addInitializer(floats("b", List.of(1L), 1))
                .addInitializer(OnnxMl.TensorProto.newBuilder()
                        .setName("padding")
                        .setDataType(OnnxMl.TensorProto.DataType.UINT8.getNumber())
                        .addDims(weightBytes)
                        .setRawData(com.google.protobuf.ByteString.copyFrom(new byte[weightBytes])))
                .addNode(node("MatMul", List.of("x", "W"), "xw"))
                .addNode(node("Add", List.of("xw", "b"), "z"))
                .addNode(node("Sigmoid", List.of("z"), "probability"))
                .addInput(value("x", FLOAT, dim("N"), fixed(features)))
                .addInput(value("ids", INT64, dim("N"), OnnxMl.TensorShapeProto.Dimension.getDefaultInstance()))
                .addOutput(value("probability", FLOAT, dim("N"), fixed(1)));
        if (weightsAsInputs) {
            graph.addInput(value("W", FLOAT, fixed(features), fixed(1))).addInput(value("b", FLOAT, fixed(1)));
        }
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("dubbo-ai-registry-tests")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    /** A model whose only output is a sequence of tensors, not a tensor. */
    public static byte[] sequenceOutput() {
        OnnxMl.TypeProto sequence = OnnxMl.TypeProto.newBuilder()
                .setSequenceType(OnnxMl.TypeProto.Sequence.newBuilder()
                        .setElemType(OnnxMl.TypeProto.newBuilder()
                                .setTensorType(
                                        OnnxMl.TypeProto.Tensor.newBuilder().setElemType(FLOAT))))
                .build();
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setGraph(OnnxMl.GraphProto.newBuilder()
                        .setName("seq")
                        .addInput(value("x", FLOAT, fixed(1)))
                        .addOutput(OnnxMl.ValueInfoProto.newBuilder()
                                .setName("items")
                                .setType(sequence)))
                .build()
                .toByteArray();
    }

    private static OnnxMl.TensorProto floats(String name, List<Long> dims, int count) {
        OnnxMl.TensorProto.Builder tensor =
                OnnxMl.TensorProto.newBuilder().setName(name).setDataType(FLOAT).addAllDims(dims);
        for (int i = 0; i < count; i++) {
            tensor.addFloatData(0.5f);
        }
        return tensor.build();
    }

    private static OnnxMl.NodeProto node(String op, List<String> inputs, String output) {
        return OnnxMl.NodeProto.newBuilder()
                .setOpType(op)
                .addAllInput(inputs)
                .addOutput(output)
                .build();
    }

    private static OnnxMl.TensorShapeProto.Dimension dim(String param) {
        return OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(param).build();
    }

    private static OnnxMl.TensorShapeProto.Dimension fixed(long size) {
        return OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(size).build();
    }

    private static OnnxMl.ValueInfoProto value(String name, int type, OnnxMl.TensorShapeProto.Dimension... dims) {
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(type)
                                .setShape(OnnxMl.TensorShapeProto.newBuilder().addAllDim(List.of(dims)))))
                .build();
    }
}
