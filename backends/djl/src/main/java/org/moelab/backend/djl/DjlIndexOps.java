package org.moelab.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Node;

/** Index-driven reads and writes: gather, index_select, index_add, bincount, one-hot. */
final class DjlIndexOps {
  private DjlIndexOps() {}

  /** One INDEX-family op. */
  static NDArray compute(Node node, List<NDArray> in, NDManager scope) {
    NDArray x = in.get(0);
    return switch (node.op()) {
      case GATHER -> x.gather(in.get(1), node.attrs().getInt("axis"));
      case INDEX_SELECT -> indexSelect(x, in.get(1), node.attrs().getInt("axis"));
      case INDEX_ADD -> indexAdd(x, in.get(1), in.get(2), node.attrs().getInt("axis"), scope);
      case BINCOUNT -> x.oneHot(node.attrs().getInt("length"), DataType.INT64).sum(new int[] {0});
      case ONE_HOT -> x.oneHot(node.attrs().getInt("depth"), DataType.INT64);
      default -> throw DjlOps.unsupported(node);
    };
  }

  /** {@code x[:, ..., index]} with {@code index} at position {@code axis}: PyTorch advanced indexing. */
  private static NDArray indexSelect(NDArray x, NDArray index, int axis) {
    return x.get(alongAxis(axis, index));
  }

  private static NDIndex alongAxis(int axis, NDArray index) {
    NDIndex selector = new NDIndex();
    if (axis > 0) {
      selector.addAllDim(axis);
    }
    return selector.addIndices("{}", index);
  }

  /**
   * {@code base.index_add(axis, index, src)}, exactly as PyTorch's CPU kernel orders the sums.
   *
   * <p>DJL has no accumulating scatter, so the entries are split into rounds in which every target
   * appears once (round r holds each target's r-th occurrence, in index order); each round is a
   * gather, an add and an index put. There are as many rounds as the largest multiplicity (top-k
   * in MoE combine), and the work stays proportional to the size of {@code src}.
   */
  private static NDArray indexAdd(NDArray base, NDArray indexArray, NDArray src, int axis,
      NDManager scope) {
    NDArray out = base.swapAxes(0, axis).duplicate();
    NDArray rows = src.swapAxes(0, axis);
    long[] index = indexArray.toLongArray();
    for (long[] round : rounds(index)) {
      NDArray targets = scope.create(targetsOf(round, index));
      NDArray added = round.length == index.length && isIdentity(round)
          ? rows
          : rows.get(new NDIndex().addIndices("{}", scope.create(round)));
      NDIndex at = new NDIndex().addIndices("{}", targets);
      out.set(at, out.get(at).add(added));
    }
    return out.swapAxes(0, axis);
  }

  /** Positions into {@code index}, grouped so that no target repeats within a group. */
  private static List<long[]> rounds(long[] index) {
    Map<Long, Integer> seen = new HashMap<>();
    List<List<Long>> rounds = new ArrayList<>();
    for (int i = 0; i < index.length; i++) {
      int round = seen.merge(index[i], 1, Integer::sum) - 1;
      if (round == rounds.size()) {
        rounds.add(new ArrayList<>());
      }
      rounds.get(round).add((long) i);
    }
    List<long[]> out = new ArrayList<>(rounds.size());
    for (List<Long> r : rounds) {
      out.add(r.stream().mapToLong(Long::longValue).toArray());
    }
    return out;
  }

  private static long[] targetsOf(long[] positions, long[] index) {
    long[] targets = new long[positions.length];
    for (int i = 0; i < positions.length; i++) {
      targets[i] = index[Math.toIntExact(positions[i])];
    }
    return targets;
  }

  private static boolean isIdentity(long[] positions) {
    for (int i = 0; i < positions.length; i++) {
      if (positions[i] != i) {
        return false;
      }
    }
    return true;
  }
}
