package org.moelab.backend;

import java.util.List;
import org.moelab.ir.Node;
import org.moelab.tensor.HostTensor;

/**
 * A tensor engine that executes IR ops. Backends implement ops only: graph walking, caching and
 * memory lifetimes belong to {@link org.moelab.runtime.Executor}.
 *
 * <p>Contract for {@link #execute}: compute {@code node.op()} on {@code inputs} (already evaluated,
 * in the node's input order, never closed by the backend) with {@code node.attrs()}, returning a
 * new array of exactly {@code node.shape()} and {@code node.dtype()}. The semantics of each op are
 * in {@link org.moelab.ir.Op}'s Javadoc. {@code CONSTANT} and {@code RANDOM_*} nodes never reach a
 * backend: the executor uploads their host tensors.
 *
 * <p>A backend is used from one thread at a time.
 */
public interface Backend extends AutoCloseable {
  /** The name users select it by ({@code djl}, {@code nd4j}). */
  String name();

  /** A one-line description: engine, version, device. */
  String description();

  /** Copies a host tensor into backend memory. */
  DeviceArray upload(HostTensor tensor);

  /** Copies an array back to host memory. */
  HostTensor download(DeviceArray array);

  /** Executes one op; see the class comment. */
  DeviceArray execute(Node node, List<DeviceArray> inputs);

  /** Frees everything this backend still holds. */
  @Override
  void close();
}
