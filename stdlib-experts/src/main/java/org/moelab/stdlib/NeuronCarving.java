package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * CMoE-style carving of experts from a dense SwiGLU FFN [Pei et al. 2025]: on calibration tokens,
 * each intermediate neuron j has an activation profile {@code |silu(w1_j·x) · (w3_j·x)|} over the
 * tokens. The {@code shared} × (f/n) neurons with the largest mean profile form shared experts;
 * the rest are split into n routed experts of equal size by balanced k-means on the profiles
 * (k-means++ seeding with SplittableRandom(seed), 25 rounds; each round assigns (neuron, cluster)
 * pairs by ascending distance while clusters have room). Each expert keeps its neurons' rows of w1
 * and w3 and columns of w2, so the sum of all experts equals the dense FFN exactly. Gate row e is
 * the w1 row of the neuron nearest to cluster e's centroid (its representative neuron).
 *
 * @param experts neuron indices of each routed expert
 * @param shared neuron indices of each shared expert
 * @param representatives the representative neuron of each routed expert
 */
record NeuronCarving(List<int[]> experts, List<int[]> shared, int[] representatives) {

  static NeuronCarving carve(double[][] profiles, int routed, int sharedCount, long seed) {
    int f = profiles.length;
    int size = f / (routed + sharedCount);
    Integer[] byMean = new Integer[f];
    for (int i = 0; i < f; i++) {
      byMean[i] = i;
    }
    Arrays.sort(byMean, Comparator.comparingDouble((Integer i) -> -mean(profiles[i])).thenComparingInt(i -> i));
    List<int[]> shared = new ArrayList<>();
    for (int s = 0; s < sharedCount; s++) {
      shared.add(sorted(Arrays.copyOfRange(byMean, s * size, (s + 1) * size)));
    }
    int[] rest = sorted(Arrays.copyOfRange(byMean, sharedCount * size, f));
    double[][] centroids = seeds(profiles, rest, routed, new SplittableRandom(seed));
    int[] assign = new int[rest.length];
    for (int round = 0; round < 25; round++) {
      assign = balancedAssign(profiles, rest, centroids, (rest.length + routed - 1) / routed);
      centroids = centroids(profiles, rest, assign, routed, centroids);
    }
    List<int[]> experts = new ArrayList<>();
    int[] reps = new int[routed];
    for (int c = 0; c < routed; c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < rest.length; i++) {
        if (assign[i] == c) {
          members.add(rest[i]);
        }
      }
      int[] m = members.stream().mapToInt(Integer::intValue).toArray();
      experts.add(m);
      int best = m[0];
      for (int j : m) {
        best = dist(profiles[j], centroids[c]) < dist(profiles[best], centroids[c]) ? j : best;
      }
      reps[c] = best;
    }
    return new NeuronCarving(experts, shared, reps);
  }

  private static int[] sorted(Integer[] xs) {
    return Arrays.stream(xs).mapToInt(Integer::intValue).sorted().toArray();
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(0);
  }

  private static double dist(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return s;
  }

  /** k-means++ seeding over the neurons {@code rest}. */
  private static double[][] seeds(double[][] p, int[] rest, int k, SplittableRandom rng) {
    double[][] c = new double[k][];
    c[0] = p[rest[rng.nextInt(rest.length)]].clone();
    for (int n = 1; n < k; n++) {
      double[] d = new double[rest.length];
      double total = 0;
      for (int i = 0; i < rest.length; i++) {
        d[i] = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          d[i] = Math.min(d[i], dist(p[rest[i]], c[j]));
        }
        total += d[i];
      }
      double pick = rng.nextDouble() * total;
      int chosen = rest.length - 1;
      for (int i = 0; i < rest.length; i++) {
        pick -= d[i];
        if (pick <= 0) {
          chosen = i;
          break;
        }
      }
      c[n] = p[rest[chosen]].clone();
    }
    return c;
  }

  private static int[] balancedAssign(double[][] p, int[] rest, double[][] c, int room) {
    int n = rest.length;
    int k = c.length;
    long[] pairs = new long[n * k];
    double[] d = new double[n * k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        d[i * k + j] = dist(p[rest[i]], c[j]);
        pairs[i * k + j] = i * (long) k + j;
      }
    }
    Long[] order = Arrays.stream(pairs).boxed().toArray(Long[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Long q) -> d[(int) (long) q]).thenComparingLong(q -> q));
    int[] assign = new int[n];
    Arrays.fill(assign, -1);
    int[] fill = new int[k];
    for (Long q : order) {
      int i = (int) (q / k);
      int j = (int) (q % k);
      if (assign[i] < 0 && fill[j] < room) {
        assign[i] = j;
        fill[j]++;
      }
    }
    return assign;
  }

  private static double[][] centroids(double[][] p, int[] rest, int[] assign, int k, double[][] old) {
    int t = p[0].length;
    double[][] c = new double[k][t];
    int[] count = new int[k];
    for (int i = 0; i < rest.length; i++) {
      count[assign[i]]++;
      for (int s = 0; s < t; s++) {
        c[assign[i]][s] += p[rest[i]][s];
      }
    }
    for (int j = 0; j < k; j++) {
      if (count[j] == 0) {
        c[j] = old[j];
        continue;
      }
      for (int s = 0; s < t; s++) {
        c[j][s] /= count[j];
      }
    }
    return c;
  }

  /** Neuron profiles {@code [f][T]} of a SwiGLU expert on tokens x. */
  static double[][] profiles(CallContext ctx, SwigluExpert dense, TensorValue x) {
    TensorOps ops = ctx.ops();
    TensorValue xs = ops.cast(x, DType.F32);
    TensorValue act = ops.binary(org.moelab.ir.Op.MUL,
        ops.unary(org.moelab.ir.Op.SILU, ops.matmul(xs, ops.transpose(ops.cast(dense.w1(), DType.F32)))),
        ops.matmul(xs, ops.transpose(ops.cast(dense.w3(), DType.F32))));
    HostTensor h = ctx.host(ops.unary(org.moelab.ir.Op.ABS, ops.transpose(act))).cast(DType.F64);
    int f = (int) h.shape().dims()[0];
    int t = (int) h.shape().dims()[1];
    double[] v = h.toDoubleArray();
    double[][] out = new double[f][t];
    for (int i = 0; i < f; i++) {
      System.arraycopy(v, i * t, out[i], 0, t);
    }
    return out;
  }

  /** The SwiGLU expert made of neurons {@code idx} of {@code dense}. */
  static SwigluExpert slice(CallContext ctx, SwigluExpert dense, int[] idx) {
    TensorOps ops = ctx.ops();
    long[] ids = Arrays.stream(idx).asLongStream().toArray();
    TensorValue sel = ops.constant(HostTensor.ofLongs(Shape.of(ids.length), ids), "carved neurons");
    return new SwigluExpert(ops.indexSelect(dense.w1(), 0, sel), ops.indexSelect(dense.w2(), 1, sel),
        ops.indexSelect(dense.w3(), 0, sel));
  }
}
