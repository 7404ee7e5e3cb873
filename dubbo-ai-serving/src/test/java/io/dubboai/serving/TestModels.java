package io.dubboai.serving;

import ai.onnx.proto.OnnxMl;
import io.dubboai.serving.artifact.ArtifactResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * ONNX test models built in code with the ONNX protobuf classes (no binary files in the repository): a logistic
 * regression and a small MLP with seeded weights, each with a variable batch dimension, and a logistic regression with
 * a fixed first dimension of 1.
 */
public final class TestModels {

    /** Features per row of every test model. */
    public static final int FEATURES = 4;

    /** Classes of the MLP. */
    public static final int CLASSES = 3;

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();

    private TestModels() {}

    /** A written model file and its SHA-256. */
    public record ModelFile(Path path, String sha256) {
        /** The file URI. */
        public String uri() {
            return path.toUri().toString();
        }
    }

    /** {@code probability = sigmoid(x · W + b)}: input {@code x} FP32 [-1, 4], output {@code probability} [-1, 1]. */
    public static ModelFile logisticRegression(Path dir, long seed) {
        return write(dir.resolve("logreg.onnx"), logisticRegressionGraph(seed, true));
    }

    /** The logistic regression with a fixed first dimension: input [1, 4], output [1, 1]. */
    public static ModelFile fixedBatchLogisticRegression(Path dir, long seed) {
        return write(dir.resolve("logreg-fixed.onnx"), logisticRegressionGraph(seed, false));
    }

    /**
     * {@code probabilities = softmax(relu(x · W1 + b1) · W2 + b2)}: input {@code features} FP32 [-1, 4], hidden 8,
     * output {@code probabilities} [-1, 3].
     */
    public static ModelFile mlp(Path dir, long seed) {
        return mlp(dir, seed, FEATURES, 8, CLASSES);
    }

    /** The MLP with other sizes: input {@code features} FP32 [-1, features], output {@code probabilities} [-1, classes]. */
    public static ModelFile mlp(Path dir, long seed, int features, int hidden, int classes) {
        Random random = new Random(seed);
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("mlp")
                .addInitializer(weights("W1", random, features, hidden))
                .addInitializer(weights("b1", random, hidden))
                .addInitializer(weights("W2", random, hidden, classes))
                .addInitializer(weights("b2", random, classes))
                .addNode(node("MatMul", "features", "W1", "h1"))
                .addNode(node("Add", "h1", "b1", "h2"))
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Relu")
                        .addInput("h2")
                        .addOutput("h3"))
                .addNode(node("MatMul", "h3", "W2", "logits0"))
                .addNode(node("Add", "logits0", "b2", "logits"))
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Softmax")
                        .addInput("logits")
                        .addOutput("probabilities")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder()
                                .setName("axis")
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                                .setI(1)))
                .addInput(value("features", true, features))
                .addOutput(value("probabilities", true, classes))
                .build();
        return write(dir.resolve("mlp.onnx"), model(graph));
    }

    /** A file that is not an ONNX model. */
    public static ModelFile corrupt(Path dir) {
        Path path = dir.resolve("corrupt.onnx");
        try {
            Files.write(path, new byte[] {0x08, 0x07, 0x12, 0x7f, 0x01, 0x02, 0x03});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelFile(path, ArtifactResolver.sha256("corrupt", path));
    }

    private static OnnxMl.ModelProto logisticRegressionGraph(long seed, boolean variableBatch) {
        Random random = new Random(seed);
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("logreg")
                .addInitializer(weights("W", random, FEATURES, 1))
                .addInitializer(weights("b", random, 1))
                .addNode(node("MatMul", "x", "W", "z0"))
                .addNode(node("Add", "z0", "b", "z"))
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Sigmoid")
                        .addInput("z")
                        .addOutput("probability"))
                .addInput(value("x", variableBatch, FEATURES))
                .addOutput(value("probability", variableBatch, 1))
                .build();
        return model(graph);
    }

    private static OnnxMl.ModelProto model(OnnxMl.GraphProto graph) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("dubbo-ai-serving-tests")
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build();
    }

    private static OnnxMl.NodeProto node(String op, String a, String b, String out) {
        return OnnxMl.NodeProto.newBuilder()
                .setOpType(op)
                .addInput(a)
                .addInput(b)
                .addOutput(out)
                .build();
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

    private static OnnxMl.ValueInfoProto value(String name, boolean variableBatch, int columns) {
        OnnxMl.TensorShapeProto.Dimension first = variableBatch
                ? OnnxMl.TensorShapeProto.Dimension.newBuilder()
                        .setDimParam("batch")
                        .build()
                : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(1).build();
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(FLOAT)
                                .setShape(OnnxMl.TensorShapeProto.newBuilder()
                                        .addDim(first)
                                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                                .setDimValue(columns)))))
                .build();
    }

    private static ModelFile write(Path path, OnnxMl.ModelProto model) {
        try {
            Files.createDirectories(path.getParent());
            Files.write(path, model.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelFile(path, ArtifactResolver.sha256("test", path));
    }

    /** {@code rows} rows of seeded features in [-1, 1). */
    public static float[][] features(int rows, long seed) {
        Random random = new Random(seed);
        float[][] values = new float[rows][FEATURES];
        for (float[] row : values) {
            for (int c = 0; c < FEATURES; c++) {
                row[c] = random.nextFloat() * 2 - 1;
            }
        }
        return values;
    }
}
