package org.moelab.backend.nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.moelab.backend.Backend;
import org.moelab.backend.BackendException;
import org.moelab.backend.DeviceArray;
import org.moelab.ir.Node;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Executes IR ops with ND4J on the CPU.
 *
 * <p>Arrays it hands out own their buffers (results that ND4J made as views of an input are
 * copied), so closing one never invalidates another. Matrix products are written column-major,
 * which OpenBLAS fills faster; {@link #download} always returns row-major bytes.
 */
public final class Nd4jBackend implements Backend {
  private Nd4jBackend() {}

  /** Loads ND4J's natives; call through {@link Nd4jBackendProvider#create()}. */
  static Nd4jBackend start() {
    try {
      Nd4j.getBackend();
      return new Nd4jBackend();
    } catch (RuntimeException | LinkageError e) {
      throw new BackendException("Cannot start ND4J (" + e.getMessage() + "). Check that the "
          + "nd4j-native natives for this CPU and org.bytedeco:openblas are on the class path.", e);
    }
  }

  @Override
  public String name() {
    return Nd4jBackendProvider.NAME;
  }

  @Override
  public String description() {
    return "ND4J nd4j-native (" + Nd4j.getBackend().getClass().getSimpleName() + "), cpu";
  }

  /**
   * Copies a tensor in. BOOL and BF16 travel as UBYTE and F32 (ND4J misreads raw buffers of
   * either) and are converted by ND4J, exactly.
   */
  @Override
  public DeviceArray upload(HostTensor tensor) {
    DataType type = Nd4jTypes.toNd4j(tensor.dtype());
    long[] dims = tensor.shape().dims();
    if (tensor.shape().size() == 0) {
      return new Nd4jArray(Nd4j.create(type, dims));
    }
    DType wire = wireType(tensor.dtype());
    HostTensor sent = tensor.cast(wire);
    ByteBuffer direct = ByteBuffer.allocateDirect(Math.toIntExact(sent.byteSize()))
        .order(ByteOrder.nativeOrder());
    direct.put(sent.data()).rewind();
    DataType wireType = Nd4jTypes.toNd4j(wire);
    DataBuffer buffer = Nd4j.createBuffer(direct, wireType, Math.toIntExact(sent.shape().size()));
    // The buffer wraps Java-allocated memory; duplicate into memory ND4J allocates and owns, so no
    // view of this array can outlive the Java buffer (as a DJL view once did).
    INDArray wrapped = Nd4j.create(buffer, dims, sent.shape().strides(), 0, 'c', wireType);
    return new Nd4jArray(wireType == type ? wrapped.dup('c') : wrapped.castTo(type));
  }

  /** Copies an array out as row-major little-endian bytes (see {@link #upload} for BOOL, BF16). */
  @Override
  public HostTensor download(DeviceArray array) {
    Nd4jArray nd = cast(array);
    DType wire = wireType(nd.dtype());
    long count = nd.shape().size();
    ByteBuffer heap = ByteBuffer.allocate(Math.toIntExact(count * wire.byteSize()))
        .order(ByteOrder.LITTLE_ENDIAN);
    if (count > 0) {
      INDArray rowMajor = nd.array().dup('c');
      INDArray sent = wire == nd.dtype() ? rowMajor : rowMajor.castTo(Nd4jTypes.toNd4j(wire));
      ByteBuffer bytes = sent.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
      bytes.limit(heap.capacity());
      heap.put(bytes).flip();
      rowMajor.close();
    }
    return new HostTensor(wire, nd.shape(), heap).cast(nd.dtype());
  }

  private static DType wireType(DType dtype) {
    return switch (dtype) {
      case BOOL -> DType.U8;
      case BF16 -> DType.F32;
      default -> dtype;
    };
  }

  @Override
  public DeviceArray execute(Node node, List<DeviceArray> inputs) {
    List<INDArray> args = inputs.stream().map(a -> cast(a).array()).toList();
    try {
      INDArray result = Nd4jOps.compute(node, args);
      return new Nd4jArray(conform(node, result, args));
    } catch (RuntimeException e) {
      if (e instanceof BackendException) {
        throw e;
      }
      throw new BackendException("ND4J failed to execute " + node + ": " + e.getMessage(), e);
    }
  }

  /**
   * Gives {@code result} the node's dtype and shape and its own buffer. ND4J reductions may drop or
   * add unit axes, so a result with the node's element count is reshaped to the node's shape.
   */
  private static INDArray conform(Node node, INDArray result, List<INDArray> args) {
    INDArray out = result;
    DataType type = Nd4jTypes.toNd4j(node.dtype());
    if (out.dataType() != type) {
      out = out.castTo(type);
    }
    long[] dims = node.shape().dims();
    if (!Arrays.equals(out.shape(), dims)) {
      if (out.length() != node.shape().size()) {
          throw new BackendException("ND4J computed shape " + Arrays.toString(out.shape())
            + " for " + node + "; this is a bug in the nd4j backend or in the node's inferred shape.");
      }
      out = out.length() == 0 ? Nd4j.create(type, dims) : out.reshape('c', dims);
    }
    if (out.isView() || sharesBuffer(out, args)) {
      out = out.dup(out.ordering());
    }
    return out;
  }

  private static boolean sharesBuffer(INDArray out, List<INDArray> args) {
    for (INDArray in : args) {
      if (in == out || in.data() == out.data()) {
        return true;
      }
    }
    return false;
  }

  private static Nd4jArray cast(DeviceArray array) {
    if (array instanceof Nd4jArray nd) {
      return nd;
    }
    throw new BackendException("The nd4j backend was given " + array
        + ", an array from another backend; upload it to nd4j first.");
  }

  /** Nothing to free: every array is owned and closed by its holder. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return description();
  }
}
