package org.moelab.backend.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.backend.Backend;
import org.moelab.backend.BackendException;
import org.moelab.backend.DeviceArray;
import org.moelab.ir.Node;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;

/**
 * Executes IR ops with DJL's PyTorch engine on the CPU.
 *
 * <p>Memory: one root {@link NDManager}; every array this backend hands out lives in its own
 * sub-manager (see {@link DjlArray}); the temporaries of one op live in a scope manager that is
 * closed when the op returns, with the op's inputs only temporarily attached to it.
 */
public final class DjlBackend implements Backend {
  private final Engine engine;
  private final NDManager root;

  private DjlBackend(Engine engine, NDManager root) {
    this.engine = engine;
    this.root = root;
  }

  /** Starts the PyTorch engine; call {@link DjlBackendProvider#configureOffline()} first. */
  static DjlBackend start() {
    try {
      Engine engine = Engine.getEngine("PyTorch");
      return new DjlBackend(engine, engine.newBaseManager(Device.cpu()));
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new BackendException("Cannot start DJL's PyTorch engine (" + e.getMessage()
          + "). Check that pytorch-native-cpu and pytorch-jni are on the class path and that "
          + "DJL_CACHE_DIR is writable.", e);
    }
  }

  @Override
  public String name() {
    return DjlBackendProvider.NAME;
  }

  @Override
  public String description() {
    return "DJL " + Engine.getDjlVersion() + ", PyTorch " + engine.getVersion() + ", cpu";
  }

  /**
   * Copies {@code tensor} in. BF16 and I16 are stored widened to F32 and I32 (exact), because DJL
   * 0.36's JNI aborts the JVM on PyTorch arrays of either type; see {@link DjlTypes#storageType}.
   */
  @Override
  public DeviceArray upload(HostTensor tensor) {
    HostTensor stored = tensor.cast(DjlTypes.storageType(tensor.dtype()));
    ByteBuffer direct = ByteBuffer.allocateDirect(Math.toIntExact(stored.byteSize()))
        .order(ByteOrder.LITTLE_ENDIAN);
    direct.put(stored.data()).rewind();
    NDManager owner = root.newSubManager();
    // create() wraps the direct buffer without copying, and views made from the array later (permute,
    // reshape) would not keep the buffer alive: clone into memory that PyTorch owns and refcounts.
    NDArray array;
    try (NDArray wrapped = owner.create(direct, DjlTypes.toDjl(stored.shape()), DjlTypes.toDjl(stored.dtype()))) {
      array = wrapped.duplicate();
    }
    return new DjlArray(owner, array, tensor.dtype());
  }

  @Override
  public HostTensor download(DeviceArray array) {
    DjlArray djl = cast(array);
    ByteBuffer native_ = djl.array().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer heap = ByteBuffer.allocate(native_.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    heap.put(native_).flip();
    DType stored = DjlTypes.fromDjl(djl.array().getDataType());
    return new HostTensor(stored, djl.shape(), heap).cast(djl.dtype());
  }

  @Override
  public DeviceArray execute(Node node, List<DeviceArray> inputs) {
    NDManager owner = root.newSubManager();
    try (NDManager scope = root.newSubManager()) {
      DjlTypes.checkComputable(node, inputs);
      List<NDArray> args = attachInputs(inputs, scope);
      NDArray computed = DjlOps.compute(node, args, scope);
      NDArray result = args.stream().anyMatch(a -> a == computed) ? computed.duplicate() : computed;
      NDArray conformed = conform(node, result);
      conformed.attach(owner);
      return new DjlArray(owner, conformed, node.dtype());
    } catch (RuntimeException e) {
      owner.close();
      if (e instanceof BackendException) {
        throw e;
      }
      throw new BackendException("DJL failed to execute " + node + ": " + e.getMessage(), e);
    }
  }

  private static List<NDArray> attachInputs(List<DeviceArray> inputs, NDManager scope) {
    Map<NDArray, Boolean> attached = new IdentityHashMap<>();
    List<NDArray> args = new ArrayList<>(inputs.size());
    for (DeviceArray in : inputs) {
      NDArray array = cast(in).array();
      if (attached.put(array, Boolean.TRUE) == null) {
        array.tempAttach(scope);
      }
      args.add(array);
    }
    return args;
  }

  private static NDArray conform(Node node, NDArray result) {
    NDArray typed = result;
    DataType stored = DjlTypes.toDjl(DjlTypes.storageType(node.dtype()));
    if (typed.getDataType() != stored) {
      typed = typed.toType(stored, false);
    }
    if (!DjlTypes.fromDjl(typed.getShape()).equals(node.shape())) {
      throw new BackendException("DJL computed shape " + typed.getShape() + " for " + node
          + "; this is a bug in the djl backend or in the node's inferred shape.");
    }
    return typed;
  }

  private static DjlArray cast(DeviceArray array) {
    if (array instanceof DjlArray djl) {
      return djl;
    }
    throw new BackendException("The djl backend was given " + array
        + ", an array from another backend; upload it to djl first.");
  }

  @Override
  public void close() {
    root.close();
  }

  @Override
  public String toString() {
    return description();
  }
}
