package io.dubboai.registry.artifact;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.dubboai.core.model.ModelSignature;
import io.dubboai.core.model.TensorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the inputs and outputs of an ONNX model from the model file itself (the ONNX protobuf, {@code ModelProto}),
 * without a runtime. Inputs and outputs are reported as ONNX Runtime reports them to a server: graph inputs that
 * are initializers (weights listed as inputs by older exporters) are left out, element types use the KServe v2 names
 * ({@code FLOAT} → {@code FP32}, …), and a dimension without a fixed size ({@code dim_param} or unset) is {@code -1}.
 *
 * <p>The file is read as a stream, one field at a time: weights ({@code initializer} tensors, most of a model's
 * bytes) are skipped, only their names are kept, so a multi-gigabyte model needs no more memory than its graph's
 * input and output descriptions. Models whose weights live in external data files read the same way.
 */
public final class OnnxSignatures {

    private OnnxSignatures() {}

    /**
     * The signature of the ONNX model in {@code model}.
     *
     * @param what the artifact, for messages (e.g. its file name)
     * @throws IllegalArgumentException when the bytes are not an ONNX model with a graph, or a graph input or output
     *     is not a tensor
     * @throws UncheckedIOException when reading fails
     */
    public static ModelSignature read(InputStream model, String what) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(model);
            in.setSizeLimit(Integer.MAX_VALUE);
            Graph graph = null;
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                if (WireFormat.getTagFieldNumber(tag) == OnnxMl.ModelProto.GRAPH_FIELD_NUMBER
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    graph = readGraph(in);
                    in.popLimit(limit);
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
            if (graph == null) {
                throw new IllegalArgumentException(what + " is not an ONNX model: it has no graph; upload the .onnx "
                        + "file written by the exporter (e.g. torch.onnx.export), or set the version's format");
            }
            return graph.signature(what);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    what + " is not an ONNX model (" + e.getMessage() + "); upload the .onnx file written by the "
                            + "exporter, or set the version's format if it is not ONNX",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + what + ": " + e.getMessage(), e);
        }
    }

    private static Graph readGraph(CodedInputStream in) throws IOException {
        Graph graph = new Graph();
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return graph;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                in.skipField(tag);
            } else if (field == OnnxMl.GraphProto.INPUT_FIELD_NUMBER) {
                graph.inputs.add(OnnxMl.ValueInfoProto.parseFrom(in.readBytes()));
            } else if (field == OnnxMl.GraphProto.OUTPUT_FIELD_NUMBER) {
                graph.outputs.add(OnnxMl.ValueInfoProto.parseFrom(in.readBytes()));
            } else if (field == OnnxMl.GraphProto.INITIALIZER_FIELD_NUMBER) {
                int limit = in.pushLimit(in.readRawVarint32());
                graph.initializers.add(tensorName(in));
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
    }

    /** The name of a {@code TensorProto}, skipping its data. */
    private static String tensorName(CodedInputStream in) throws IOException {
        String name = "";
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return name;
            }
            if (WireFormat.getTagFieldNumber(tag) == OnnxMl.TensorProto.NAME_FIELD_NUMBER
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                name = in.readStringRequireUtf8();
            } else {
                in.skipField(tag);
            }
        }
    }

    /** The KServe v2 name of an ONNX element type. */
    static String datatype(int onnxType, String tensor, String what) {
        OnnxMl.TensorProto.DataType type = OnnxMl.TensorProto.DataType.forNumber(onnxType);
        if (type == null) {
            throw new IllegalArgumentException(
                    "tensor '" + tensor + "' of " + what + " has the unknown ONNX element type " + onnxType);
        }
        return switch (type) {
            case FLOAT -> "FP32";
            case DOUBLE -> "FP64";
            case FLOAT16 -> "FP16";
            case BFLOAT16 -> "BF16";
            case INT8 -> "INT8";
            case INT16 -> "INT16";
            case INT32 -> "INT32";
            case INT64 -> "INT64";
            case UINT8 -> "UINT8";
            case UINT16 -> "UINT16";
            case UINT32 -> "UINT32";
            case UINT64 -> "UINT64";
            case BOOL -> "BOOL";
            case STRING -> "BYTES";
            default -> type.name();
        };
    }

    private static final class Graph {
        final List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>();
        final List<OnnxMl.ValueInfoProto> outputs = new ArrayList<>();
        final Set<String> initializers = new HashSet<>();

        ModelSignature signature(String what) {
            List<TensorSpec> in = new ArrayList<>();
            for (OnnxMl.ValueInfoProto input : inputs) {
                if (!initializers.contains(input.getName())) {
                    in.add(spec(input, what));
                }
            }
            List<TensorSpec> out = new ArrayList<>();
            for (OnnxMl.ValueInfoProto output : outputs) {
                out.add(spec(output, what));
            }
            return new ModelSignature(in, out);
        }

        private static TensorSpec spec(OnnxMl.ValueInfoProto value, String what) {
            if (!value.getType().hasTensorType()) {
                throw new IllegalArgumentException("input or output '" + value.getName() + "' of " + what + " is a "
                        + value.getType().getValueCase() + ", not a tensor; only tensor inputs and outputs can be "
                        + "recorded and served");
            }
            OnnxMl.TypeProto.Tensor tensor = value.getType().getTensorType();
            List<Long> shape = new ArrayList<>();
            for (OnnxMl.TensorShapeProto.Dimension dim : tensor.getShape().getDimList()) {
                shape.add(dim.hasDimValue() && dim.getDimValue() >= 0 ? dim.getDimValue() : -1L);
            }
            return new TensorSpec(value.getName(), datatype(tensor.getElemType(), value.getName(), what), shape);
        }
    }
}
