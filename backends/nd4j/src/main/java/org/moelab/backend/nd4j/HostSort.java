package org.moelab.backend.nd4j;

import java.util.Arrays;
import java.util.Comparator;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stable ARGSORT and TOPK_INDICES along the last axis, computed on the host.
 *
 * <p>ND4J's sorts give no stability guarantee and have no index tie-break, so this backend copies
 * the input to the host, sorts each row of the last axis with Java's stable merge sort (ties keep
 * index order, which is "lower index first" for top-k as well) and uploads the I64 indices. The
 * inputs are routing scores ({@code [tokens, experts]}), so the copy is small.
 */
final class HostSort {
  private HostSort() {}

  /** ARGSORT or TOPK_INDICES. */
  static INDArray compute(Node node, INDArray x) {
    boolean descending = node.op() == Op.ARGSORT
        ? node.attrs().getBool("descending")
        : node.attrs().getBool("largest");
    int keep = node.op() == Op.ARGSORT ? (int) x.size(x.rank() - 1) : node.attrs().getInt("k");
    return sortRows(x, descending, keep, node.shape().dims());
  }

  private static INDArray sortRows(INDArray x, boolean descending, int keep, long[] outDims) {
    int length = (int) x.size(x.rank() - 1);
    double[] values = x.length() == 0 ? new double[0] : x.reshape('c', new long[] {x.length()}).toDoubleVector();
    int rows = length == 0 ? 0 : values.length / length;
    long[] out = new long[rows * keep];
    Integer[] order = new Integer[length];
    for (int r = 0; r < rows; r++) {
      int base = r * length;
      for (int i = 0; i < length; i++) {
        order[i] = i;
      }
      Comparator<Integer> byValue = (i, j) -> compare(values[base + i], values[base + j]);
      Arrays.sort(order, descending ? byValue.reversed() : byValue);
      for (int i = 0; i < keep; i++) {
        out[r * keep + i] = order[i];
      }
    }
    return Nd4j.createFromArray(out).reshape('c', outDims);
  }

  /** Numeric order in which -0.0 equals 0.0, as in PyTorch (unlike {@link Double#compare}). */
  private static int compare(double a, double b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
