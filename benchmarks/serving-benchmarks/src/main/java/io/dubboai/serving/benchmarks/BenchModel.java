package io.dubboai.serving.benchmarks;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The benchmark model, built in code: an MLP {@code softmax(relu(x·W1+b1)·W2+b2)} with {@link #FEATURES} features, {@link #HIDDEN}
 * hidden units and 8 classes, seeded weights, input {@code features} [-1, FEATURES], output {@code probabilities} [-1,
 * 8].
 */
final class BenchModel {

    /** Input width; system property {@code bench.features}, default 512. */
    static final int FEATURES = Integer.getInteger("bench.features", 512);
    /** Hidden units; system property {@code bench.hidden}, default 8192 (16 MiB of first-layer weights, beyond the
     * caches, so one row costs a full pass over the weights and a batch shares it). */
    static final int HIDDEN = Integer.getInteger("bench.hidden", 8192);

    static final int CLASSES = 8;
    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();

    private BenchModel() {}

    static Path write(Path dir) throws IOException {
        Random random = new Random(7);
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("bench-mlp")
                .addInitializer(weights("W1", random, FEATURES, HIDDEN))
                .addInitializer(weights("b1", random, HIDDEN))
                .addInitializer(weights("W2", random, HIDDEN, CLASSES))
                .addInitializer(weights("b2", random, CLASSES))
                .addNode(node("MatMul", "features", "W1", "h1"))
                .addNode(node("Add", "h1", "b1", "h2"))
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Relu")
                        .addInput("h2")
                        .addOutput("h3"))
                .addNode(node("MatMul", "h3", "W2", "l0"))
                .addNode(node("Add", "l0", "b2", "logits"))
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Softmax")
                        .addInput("logits")
                        .addOutput("probabilities")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder()
                                .setName("axis")
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                                .setI(1)))
                .addInput(value("features", FEATURES))
                .addOutput(value("probabilities", CLASSES))
                .build();
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build();
        Path path = dir.resolve("bench-mlp.onnx");
        Files.write(path, model.toByteArray());
        return path;
    }

    static float[][] rows(int count, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[count][FEATURES];
        for (float[] row : rows) {
            for (int i = 0; i < FEATURES; i++) {
                row[i] = random.nextFloat();
            }
        }
        return rows;
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
            tensor.addFloatData((float) (random.nextGaussian() * 0.1));
        }
        return tensor.build();
    }

    private static OnnxMl.ValueInfoProto value(String name, int columns) {
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(FLOAT)
                                .setShape(OnnxMl.TensorShapeProto.newBuilder()
                                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                                .setDimParam("batch"))
                                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                                .setDimValue(columns)))))
                .build();
    }
}
