package io.dubboai.serving.tensor;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A named, typed, dense tensor: a shape and a flat row-major Java array of matching length. The array is held, not
 * copied (tensors are on the hot path); callers must not change it after handing it over.
 */
public final class Tensor {

    private final String name;
    private final DataType type;
    private final long[] shape;
    private final Object data;

    private Tensor(String name, DataType type, long[] shape, Object data) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.shape = shape.clone();
        this.data = Objects.requireNonNull(data, "data");
        if (!type.arrayType().isInstance(data)) {
            throw new IllegalArgumentException("tensor '" + name + "' of type " + type + " needs a "
                    + type.arrayType().getSimpleName() + " but got a "
                    + data.getClass().getSimpleName());
        }
        long expected = elementCount(shape);
        int actual = Array.getLength(data);
        if (expected != actual) {
            throw new IllegalArgumentException(
                    "tensor '" + name + "' has shape " + Arrays.toString(shape) + " (" + expected + " elements) but "
                            + actual + " values; send exactly as many values as the shape's product");
        }
    }

    /** A tensor of any type; {@code data} must be {@code type.arrayType()} with the shape's element count. */
    public static Tensor of(String name, DataType type, long[] shape, Object data) {
        return new Tensor(name, type, shape, data);
    }

    /** An {@link DataType#FP32} tensor. */
    public static Tensor ofFloats(String name, long[] shape, float[] data) {
        return new Tensor(name, DataType.FP32, shape, data);
    }

    /** An {@link DataType#FP64} tensor. */
    public static Tensor ofDoubles(String name, long[] shape, double[] data) {
        return new Tensor(name, DataType.FP64, shape, data);
    }

    /** An {@link DataType#INT64} tensor. */
    public static Tensor ofLongs(String name, long[] shape, long[] data) {
        return new Tensor(name, DataType.INT64, shape, data);
    }

    /** An {@link DataType#INT32} tensor. */
    public static Tensor ofInts(String name, long[] shape, int[] data) {
        return new Tensor(name, DataType.INT32, shape, data);
    }

    /** Stacks rows given as a 2-D float array into one {@code [rows, columns]} FP32 tensor. */
    public static Tensor ofMatrix(String name, float[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != columns) {
                throw new IllegalArgumentException("row " + r + " of tensor '" + name + "' has " + rows[r].length
                        + " values but row 0 has " + columns + "; all rows must have the same length");
            }
            System.arraycopy(rows[r], 0, flat, r * columns, columns);
        }
        return ofFloats(name, new long[] {rows.length, columns}, flat);
    }

    /** Product of the dimensions; 1 for a scalar. */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException(
                        "a tensor shape has no negative dimensions, but was " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** The tensor name. */
    public String name() {
        return name;
    }

    /** The element type. */
    public DataType type() {
        return type;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}. */
    public long dim(int i) {
        return shape[i];
    }

    /** Number of elements. */
    public int size() {
        return Array.getLength(data);
    }

    /** The flat element array, of type {@code type().arrayType()}; not copied. */
    public Object data() {
        return data;
    }

    /** The elements of an FP32 tensor; not copied. */
    public float[] floats() {
        return (float[]) requireType(DataType.FP32);
    }

    /** The elements of an FP64 tensor; not copied. */
    public double[] doubles() {
        return (double[]) requireType(DataType.FP64);
    }

    /** The elements of an INT64 tensor; not copied. */
    public long[] longs() {
        return (long[]) requireType(DataType.INT64);
    }

    /** The elements of an INT32 tensor; not copied. */
    public int[] ints() {
        return (int[]) requireType(DataType.INT32);
    }

    private Object requireType(DataType expected) {
        if (type != expected) {
            throw new IllegalStateException(
                    "tensor '" + name + "' holds " + type + " values, not " + expected + "; read it as " + type);
        }
        return data;
    }

    /** Row {@code row} of a rank-2 FP32 tensor. */
    public float[] floatRow(int row) {
        int columns = (int) shape[1];
        return Arrays.copyOfRange(floats(), row * columns, (row + 1) * columns);
    }

    /** The same data under another name. */
    public Tensor rename(String newName) {
        return new Tensor(newName, type, shape, data);
    }

    /** Rows {@code [from, from + count)} along the first dimension, copied. */
    public Tensor slice(int from, int count) {
        if (shape.length == 0 || from < 0 || count < 0 || from + count > shape[0]) {
            throw new IllegalArgumentException("cannot take rows [" + from + ", " + (from + count) + ") of tensor '"
                    + name + "' with shape " + Arrays.toString(shape));
        }
        int rowSize = (int) (shape[0] == 0 ? 0 : size() / shape[0]);
        Object part = type.newArray(count * rowSize);
        System.arraycopy(data, from * rowSize, part, 0, count * rowSize);
        long[] partShape = shape.clone();
        partShape[0] = count;
        return new Tensor(name, type, partShape, part);
    }

    /**
     * Stacks tensors along the first dimension. All parts must share name, type and the trailing dimensions.
     *
     * @throws IllegalArgumentException naming the first part that does not fit
     */
    public static Tensor concat(List<Tensor> parts) {
        Tensor first = parts.get(0);
        long rows = 0;
        int total = 0;
        for (Tensor part : parts) {
            if (part.type != first.type
                    || part.rank() != first.rank()
                    || part.rank() == 0
                    || !Arrays.equals(part.shape, 1, part.rank(), first.shape, 1, first.rank())) {
                throw new IllegalArgumentException("cannot stack tensor '" + part.name + "' " + part.type
                        + Arrays.toString(part.shape) + " onto " + first.type + Arrays.toString(first.shape)
                        + "; stacked tensors must share type and all but the first dimension");
            }
            rows += part.shape[0];
            total += part.size();
        }
        Object data = first.type.newArray(total);
        int offset = 0;
        for (Tensor part : parts) {
            System.arraycopy(part.data, 0, data, offset, part.size());
            offset += part.size();
        }
        long[] shape = first.shape.clone();
        shape[0] = rows;
        return new Tensor(first.name, first.type, shape, data);
    }

    @Override
    public String toString() {
        return "Tensor[" + name + " " + type + Arrays.toString(shape) + "]";
    }
}
