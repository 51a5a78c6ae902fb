package org.moelab.backend.nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Node;
import org.moelab.tensor.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterAdd;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Index-driven reads and writes. Index tensors are small (routing decisions), so index arithmetic
 * is done on the host and the data moves with libnd4j's {@code gather} and {@code scatter_add}.
 */
final class Nd4jIndexOps {
  private Nd4jIndexOps() {}

  /** One INDEX-family op. */
  static INDArray compute(Node node, List<INDArray> in) {
    if (node.shape().size() == 0) {
      return Nd4j.create(Nd4jTypes.toNd4j(node.dtype()), node.shape().dims());
    }
    INDArray x = in.get(0);
    return switch (node.op()) {
      case GATHER -> gather(x, in.get(1), node.attrs().getInt("axis"));
      case INDEX_SELECT -> take(x, in.get(1), node.attrs().getInt("axis"));
      case INDEX_ADD -> indexAdd(x, in.get(1), in.get(2), node.attrs().getInt("axis"));
      case BINCOUNT -> bincount(x, node.attrs().getInt("length"));
      case ONE_HOT -> Nd4j.exec(new OneHot(x, node.attrs().getInt("depth"), -1, 1.0, 0.0,
          DataType.FLOAT))[0];
      default -> throw Nd4jOps.unsupported(node);
    };
  }

  /** The values of an integer array, row-major, on the host. */
  static long[] hostLongs(INDArray x) {
    return x.length() == 0 ? new long[0] : x.reshape('c', new long[] {x.length()}).toLongVector();
  }

  /**
   * {@code x.index_select(axis, index)}: libnd4j's {@code gather} (numpy {@code take}), which
   * rejects BOOL, so booleans move as UBYTE.
   */
  private static INDArray take(INDArray x, INDArray index, int axis) {
    if (x.dataType() == DataType.BOOL) {
      return take(x.castTo(DataType.UBYTE), index, axis).castTo(DataType.BOOL);
    }
    return Nd4j.exec(new Gather(x, index, axis))[0];
  }

  /**
   * {@code torch.gather}: each output element's flat position in {@code x} is computed on the host
   * from its own coordinates with the axis coordinate replaced by the index value, then one flat
   * gather moves the data.
   */
  private static INDArray gather(INDArray x, INDArray index, int axis) {
    long[] values = hostLongs(index);
    long[] indexDims = index.shape();
    long[] outStrides = Shape.of(indexDims).strides();
    long[] xStrides = Shape.of(x.shape()).strides();
    long[] flat = new long[values.length];
    for (int p = 0; p < values.length; p++) {
      long rest = p;
      long pos = 0;
      for (int d = 0; d < indexDims.length; d++) {
        long coord = rest / outStrides[d];
        rest %= outStrides[d];
        pos += (d == axis ? values[p] : coord) * xStrides[d];
      }
      flat[p] = pos;
    }
    INDArray flatX = x.reshape('c', new long[] {x.length()});
    return take(flatX, Nd4j.createFromArray(flat), 0).reshape('c', indexDims);
  }

  /**
   * {@code base.index_add(axis, index, src)} in PyTorch's summation order. libnd4j's {@code
   * scatter_add} may race on repeated targets, so entries are split into rounds in which every
   * target appears once (round r holds each target's r-th occurrence, in index order).
   */
  private static INDArray indexAdd(INDArray base, INDArray indexArray, INDArray src, int axis) {
    int[] front = axisFirst(base.rank(), axis);
    INDArray out = base.permute(front).dup('c');
    INDArray rows = src.permute(front).dup('c');
    long[] index = hostLongs(indexArray);
    for (long[] round : rounds(index)) {
      INDArray updates = round.length == index.length
          ? rows
          : take(rows, Nd4j.createFromArray(round), 0);
      out = Nd4j.exec(new ScatterAdd(out, Nd4j.createFromArray(targetsOf(round, index)), updates))[0];
    }
    return out.permute(inverse(front));
  }

  private static INDArray bincount(INDArray x, int length) {
    long[] counts = new long[length];
    for (long v : hostLongs(x)) {
      counts[Math.toIntExact(v)]++;
    }
    return Nd4j.createFromArray(counts);
  }

  /** Positions into {@code index}, grouped so no target repeats within a group; rounds in order. */
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
    return rounds.stream().map(r -> r.stream().mapToLong(Long::longValue).toArray()).toList();
  }

  private static long[] targetsOf(long[] positions, long[] index) {
    long[] targets = new long[positions.length];
    for (int i = 0; i < positions.length; i++) {
      targets[i] = index[Math.toIntExact(positions[i])];
    }
    return targets;
  }

  private static int[] axisFirst(int rank, int axis) {
    int[] perm = new int[rank];
    perm[0] = axis;
    for (int d = 0, k = 1; d < rank; d++) {
      if (d != axis) {
        perm[k++] = d;
      }
    }
    return perm;
  }

  private static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inv[perm[i]] = i;
    }
    return inv;
  }
}
