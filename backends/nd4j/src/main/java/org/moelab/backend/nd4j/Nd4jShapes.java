package org.moelab.backend.nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.moelab.ir.Attrs;
import org.moelab.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Movement ops (reshape, permute, expand, slice, concat) and numpy-style broadcasting. */
final class Nd4jShapes {
  private Nd4jShapes() {}

  /** One MOVEMENT-family op. */
  static INDArray compute(Node node, List<INDArray> in) {
    INDArray x = in.get(0);
    long[] dims = node.shape().dims();
    Attrs attrs = node.attrs();
    if (node.shape().size() == 0) {
      return Nd4j.create(x.dataType(), dims);
    }
    return switch (node.op()) {
      case RESHAPE -> x.reshape('c', dims);
      case PERMUTE -> x.permute(attrs.getInts("axes"));
      case EXPAND -> broadcastTo(x, dims);
      case SLICE -> slice(x, attrs);
      case CONCAT -> concat(in, attrs.getInt("axis"));
      default -> throw Nd4jOps.unsupported(node);
    };
  }

  /**
   * {@code x} broadcast numpy-style to {@code dims}: missing leading axes are added as 1, then
   * unit axes are repeated. Returns {@code x} itself when the shape already matches.
   */
  static INDArray broadcastTo(INDArray x, long[] dims) {
    if (Arrays.equals(x.shape(), dims)) {
      return x;
    }
    long[] padded = new long[dims.length];
    Arrays.fill(padded, 1);
    long[] own = x.shape();
    System.arraycopy(own, 0, padded, dims.length - own.length, own.length);
    INDArray ranked = Arrays.equals(own, padded) ? x : x.reshape('c', padded);
    return Arrays.equals(padded, dims) ? ranked : ranked.broadcast(dims);
  }

  private static INDArray slice(INDArray x, Attrs attrs) {
    long[] starts = attrs.getLongs("starts");
    long[] stops = attrs.getLongs("stops");
    long[] steps = attrs.getLongs("steps");
    INDArrayIndex[] index = new INDArrayIndex[starts.length];
    for (int axis = 0; axis < starts.length; axis++) {
      index[axis] = NDArrayIndex.interval(starts[axis], steps[axis], stops[axis]);
    }
    return x.get(index);
  }

  private static INDArray concat(List<INDArray> in, int axis) {
    List<INDArray> nonEmpty = new ArrayList<>();
    for (INDArray x : in) {
      if (x.length() > 0) {
        nonEmpty.add(x);
      }
    }
    return nonEmpty.size() == 1 ? nonEmpty.get(0) : Nd4j.concat(axis, nonEmpty.toArray(INDArray[]::new));
  }
}
