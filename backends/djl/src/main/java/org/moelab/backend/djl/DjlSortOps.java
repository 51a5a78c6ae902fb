package org.moelab.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.moelab.ir.Node;
import org.moelab.ir.Op;

/**
 * Stable ARGSORT and TOPK_INDICES along the last axis.
 *
 * <p>PyTorch's sort is not stable by contract and DJL does not expose {@code stable=True}, so ties
 * are ordered exactly by a second sort on unique integer keys: after one (possibly unstable)
 * argsort, equal neighbours share a group number g (a prefix count of value changes), and {@code
 * g * L + index} orders groups by value and ties by index. Sorting those keys and taking them
 * modulo L gives the stable order. Cost: two sorts of the last axis.
 */
final class DjlSortOps {
  private DjlSortOps() {}

  /** ARGSORT or TOPK_INDICES. */
  static NDArray compute(Node node, NDArray x, NDManager scope) {
    if (node.op() == Op.ARGSORT) {
      return stableArgsort(x, node.attrs().getBool("descending"), scope);
    }
    NDArray order = stableArgsort(x, node.attrs().getBool("largest"), scope);
    return order.get(new NDIndex().addEllipseDim().addSliceDim(0, node.attrs().getLong("k")));
  }

  private static NDArray stableArgsort(NDArray x, boolean descending, NDManager scope) {
    Shape shape = x.getShape();
    int axis = shape.dimension() - 1;
    long length = shape.get(axis);
    if (shape.size() == 0 || length == 1) {
      return scope.zeros(shape, DataType.INT64);
    }
    NDArray order = x.argSort(axis, !descending);
    NDArray sorted = x.gather(order, axis);
    NDArray changed = sorted.get(lastAxis(1, length)).neq(sorted.get(lastAxis(0, length - 1)));
    NDArray first = scope.zeros(shape.slice(0, axis).add(1), DataType.INT64);
    NDArray groups = NDArrays.concat(new NDList(first, changed.toType(DataType.INT64, false)
        .cumSum(axis)), axis);
    NDArray keys = groups.mul(length).add(order);
    return keys.sort(axis).mod(length);
  }

  private static NDIndex lastAxis(long from, long to) {
    return new NDIndex().addEllipseDim().addSliceDim(from, to);
  }
}
