package io.dubboai.samples.provider;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * The sample model, generated in code so that no binary file is kept in the repository: a logistic regression
 * {@code probability = sigmoid(x · W + b)} with input {@code x} FP32 [batch, 4] and output {@code probability} FP32
 * [batch, 1]. Different seeds give different weights, which is how the quickstart makes two "versions".
 */
public final class DemoModel {

    /** Name of the input tensor. */
    public static final String INPUT = "x";

    /** Name of the output tensor. */
    public static final String OUTPUT = "probability";

    /** Features per row. */
    public static final int FEATURES = 4;

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();

    private DemoModel() {}

    /** The serialized ONNX model for {@code seed}. */
    public static byte[] onnx(long seed) {
        Random random = new Random(seed);
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("risk")
                .addInitializer(weights("W", random, FEATURES, 1))
                .addInitializer(weights("b", random, 1))
                .addNode(node("MatMul", "z0", INPUT, "W"))
                .addNode(node("Add", "z", "z0", "b"))
                .addNode(node("Sigmoid", OUTPUT, "z"))
                .addInput(tensor(INPUT, FEATURES))
                .addOutput(tensor(OUTPUT, 1))
                .build();
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("dubbo-ai-samples")
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    /** Writes the model for {@code seed} to {@code file}; returns its SHA-256 in hex. */
    public static String write(Path file, long seed) {
        byte[] bytes = onnx(seed);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the sample model to " + file, e);
        }
        return sha256(bytes);
    }

    /** SHA-256 of {@code bytes} in lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static OnnxMl.NodeProto node(String op, String output, String... inputs) {
        OnnxMl.NodeProto.Builder node =
                OnnxMl.NodeProto.newBuilder().setOpType(op).addOutput(output);
        for (String input : inputs) {
            node.addInput(input);
        }
        return node.build();
    }

    private static OnnxMl.TensorProto weights(String name, Random random, int... dims) {
        OnnxMl.TensorProto.Builder tensor =
                OnnxMl.TensorProto.newBuilder().setName(name).setDataType(FLOAT);
        int count = 1;
        for (int dim : dims) {
            tensor.addDims(dim);
            count *= dim;
        }
        for (int i = 0; i < count; i++) {
            tensor.addFloatData((float) random.nextGaussian());
        }
        return tensor.build();
    }

    private static OnnxMl.ValueInfoProto tensor(String name, int columns) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(columns))
                .build();
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(FLOAT)
                                .setShape(shape)))
                .build();
    }
}
