package org.moelab.merge.peft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.moelab.merge.MergeException;
import org.moelab.merge.linalg.LinearMap;
import org.moelab.merge.linalg.Matrix;
import org.moelab.merge.linalg.TruncatedSvd;

/**
 * PEFT's {@code add_weighted_adapter}: merges LoRA adapters module by module into a new adapter
 * whose α equals its rank (scaling 1). With s_i = α_i/r_i of adapter i for the module:
 *
 * <ul>
 *   <li>{@code linear, ties, dare_*, magnitude_prune}: A = combine(A_i, sign(w_i s_i)·√|w_i s_i|),
 *       B = combine(B_i, √|w_i s_i|) (the sign on A only, as PEFT does); all ranks equal.
 *   <li>{@code cat}: A = [w_1 s_1 A_1; w_2 s_2 A_2; …] stacked by rows, B = [B_1 | B_2 | …] by
 *       columns; rank Σ r_i (zero rows where a module is missing from an adapter).
 *   <li>{@code *_svd}: ΔW = combine(s_i B_i A_i, w_i s_i), then B = U_k diag(S_k), A = Vh_k for
 *       k = svd_rank (default the largest r), optionally clamped to the {@code svd_clamp} quantile.
 * </ul>
 *
 * One adapter always merges as {@code linear} (PEFT does the same). Modules missing from an adapter
 * are merged from the adapters that have them.
 */
public final class WeightedAdapter {
  private WeightedAdapter() {}

  /** The merge of {@code adapters} with {@code weights} (one per adapter). */
  public static LoraAdapter merge(List<LoraAdapter> adapters, double[] weights, AdapterMergeOptions options) {
    if (adapters.isEmpty()) {
      throw new MergeException("add_weighted_adapter needs at least one adapter.");
    }
    if (weights.length != adapters.size()) {
      throw new MergeException("add_weighted_adapter got " + weights.length + " weights for " + adapters.size()
          + " adapters; give one weight per adapter.");
    }
    AdapterMergeOptions opts = adapters.size() == 1 ? options.withType(CombinationType.LINEAR) : options;
    int newRank = newRank(adapters, opts);
    List<LoraModule> out = new ArrayList<>();
    for (String name : moduleNames(adapters)) {
      List<Integer> present = new ArrayList<>();
      for (int i = 0; i < adapters.size(); i++) {
        if (adapters.get(i).module(name) != null) {
          present.add(i);
        }
      }
      out.add(module(name, adapters, present, weights, opts, newRank));
    }
    return new LoraAdapter(out, newRank, adapters.get(0).config());
  }

  private static int newRank(List<LoraAdapter> adapters, AdapterMergeOptions opts) {
    int[] ranks = adapters.stream().mapToInt(LoraAdapter::r).toArray();
    return switch (opts.type().form()) {
      case FACTORS -> {
        if (Arrays.stream(ranks).distinct().count() != 1) {
          throw new MergeException(opts.type().configName() + " combines A and B separately, so every adapter "
              + "needs the same r; got " + Arrays.toString(ranks) + ". Use cat or an *_svd type for mixed ranks.");
        }
        yield ranks[0];
      }
      case CONCAT -> Arrays.stream(ranks).sum();
      case SVD -> opts.svdRank() > 0 ? opts.svdRank() : Arrays.stream(ranks).max().orElseThrow();
    };
  }

  private static Set<String> moduleNames(List<LoraAdapter> adapters) {
    Set<String> names = new LinkedHashSet<>();
    adapters.forEach(a -> a.modules().forEach(m -> names.add(m.name())));
    return names;
  }

  private static LoraModule module(String name, List<LoraAdapter> adapters, List<Integer> present, double[] weights,
      AdapterMergeOptions opts, int newRank) {
    LoraModule first = adapters.get(present.get(0)).module(name);
    for (int i : present) {
      LoraModule m = adapters.get(i).module(name);
      if (m.in() != first.in() || m.out() != first.out()) {
        throw new MergeException("Module " + name + " is [" + first.out() + ", " + first.in() + "] in adapter "
            + (present.get(0) + 1) + " but [" + m.out() + ", " + m.in() + "] in adapter " + (i + 1)
            + "; adapters of different base models cannot be merged.");
      }
    }
    return switch (opts.type().form()) {
      case FACTORS -> factors(name, adapters, present, weights, opts);
      case CONCAT -> concat(name, adapters, present, weights, newRank);
      case SVD -> svd(name, adapters, present, weights, opts, newRank);
    };
  }

  private static LoraModule factors(String name, List<LoraAdapter> adapters, List<Integer> present,
      double[] weights, AdapterMergeOptions opts) {
    LoraModule first = adapters.get(present.get(0)).module(name);
    List<float[]> as = new ArrayList<>();
    List<float[]> bs = new ArrayList<>();
    double[] va = new double[present.size()];
    double[] vb = new double[present.size()];
    int[] models = new int[present.size()];
    for (int k = 0; k < present.size(); k++) {
      LoraModule m = adapters.get(present.get(k)).module(name);
      if (m.rank() != first.rank()) {
        throw new MergeException("Module " + name + " has rank " + first.rank() + " in one adapter and " + m.rank()
            + " in another; " + opts.type().configName() + " needs equal ranks. Use cat or an *_svd type.");
      }
      double ws = weights[present.get(k)] * m.scaling();
      vb[k] = Math.sqrt(Math.abs(ws));
      va[k] = ws >= 0 ? vb[k] : -vb[k];
      models[k] = present.get(k);
      as.add(m.a());
      bs.add(m.b());
    }
    float[] a = PeftCombine.combine(opts.type(), as, va, models, name + ".lora_A", opts);
    float[] b = PeftCombine.combine(opts.type(), bs, vb, models, name + ".lora_B", opts);
    return new LoraModule(name, a, b, first.rank(), first.in(), first.out(), 1.0, first.embedding());
  }

  private static LoraModule concat(String name, List<LoraAdapter> adapters, List<Integer> present,
      double[] weights, int newRank) {
    LoraModule first = adapters.get(present.get(0)).module(name);
    int in = first.in();
    int out = first.out();
    float[] a = new float[newRank * in];
    float[] b = new float[out * newRank];
    int row = 0;
    for (int i : present) {
      LoraModule m = adapters.get(i).module(name);
      float w = (float) weights[i];
      float s = (float) m.scaling();
      for (int r = 0; r < m.rank(); r++) {
        for (int j = 0; j < in; j++) {
          a[(row + r) * in + j] = m.a()[r * in + j] * w * s;
        }
        for (int o = 0; o < out; o++) {
          b[o * newRank + row + r] = m.b()[o * m.rank() + r];
        }
      }
      row += m.rank();
    }
    return new LoraModule(name, a, b, newRank, in, out, 1.0, first.embedding());
  }

  private static LoraModule svd(String name, List<LoraAdapter> adapters, List<Integer> present, double[] weights,
      AdapterMergeOptions opts, int newRank) {
    LoraModule first = adapters.get(present.get(0)).module(name);
    LinearMap delta = opts.type() == CombinationType.SVD ? factoredSum(name, adapters, present, weights, opts)
        : LinearMap.dense(Matrix.ofFloats(first.out(), first.in(), combinedDelta(name, adapters, present, weights,
            opts)));
    int k = Math.min(newRank, Math.min(first.out(), first.in()));
    TruncatedSvd svd = TruncatedSvd.of(delta, k);
    double[] b = new double[first.out() * k];
    for (int o = 0; o < first.out(); o++) {
      for (int c = 0; c < k; c++) {
        b[o * k + c] = svd.u().get(o, c) * svd.s()[c];
      }
    }
    double[] a = svd.vh().v().clone();
    if (!Double.isNaN(opts.svdClamp())) {
      SvdClamp.apply(b, a, opts.svdClamp());
    }
    return pad(name, first, a, b, k, newRank);
  }

  /** Σ v_i c_i B_i A_i as one product [v_1 c_1 B_1 | …] · [A_1; …], with v_i = w_i s_i, c_i = s_i (PEFT) or 1. */
  private static LinearMap factoredSum(String name, List<LoraAdapter> adapters, List<Integer> present,
      double[] weights, AdapterMergeOptions opts) {
    LoraModule first = adapters.get(present.get(0)).module(name);
    int total = present.stream().mapToInt(i -> adapters.get(i).module(name).rank()).sum();
    Matrix left = Matrix.zeros(first.out(), total);
    Matrix right = Matrix.zeros(total, first.in());
    int offset = 0;
    for (int i : present) {
      LoraModule m = adapters.get(i).module(name);
      float c = (float) (weights[i] * m.scaling() * (opts.svdScaling() == SvdScaling.PEFT ? m.scaling() : 1.0));
      for (int r = 0; r < m.rank(); r++) {
        for (int o = 0; o < m.out(); o++) {
          left.v()[o * total + offset + r] = m.b()[o * m.rank() + r] * (double) c;
        }
        for (int j = 0; j < m.in(); j++) {
          right.v()[(offset + r) * m.in() + j] = m.a()[r * m.in() + j];
        }
      }
      offset += m.rank();
    }
    return LinearMap.product(left, right);
  }

  private static float[] combinedDelta(String name, List<LoraAdapter> adapters, List<Integer> present,
      double[] weights, AdapterMergeOptions opts) {
    List<float[]> deltas = new ArrayList<>();
    double[] v = new double[present.size()];
    int[] models = new int[present.size()];
    for (int k = 0; k < present.size(); k++) {
      LoraModule m = adapters.get(present.get(k)).module(name);
      double c = opts.svdScaling() == SvdScaling.PEFT ? m.scaling() : 1.0;
      deltas.add(product(m, c));
      v[k] = weights[present.get(k)] * m.scaling();
      models[k] = present.get(k);
    }
    return PeftCombine.combine(opts.type(), deltas, v, models, name + ".delta", opts);
  }

  /** c · B A in f32, [out, in]. */
  private static float[] product(LoraModule m, double c) {
    float[] out = new float[m.out() * m.in()];
    for (int o = 0; o < m.out(); o++) {
      for (int j = 0; j < m.in(); j++) {
        double s = 0;
        for (int r = 0; r < m.rank(); r++) {
          s += (double) m.b()[o * m.rank() + r] * m.a()[r * m.in() + j];
        }
        out[o * m.in() + j] = (float) ((float) s * c);
      }
    }
    return out;
  }

  /** Zero rows of A and columns of B up to {@code newRank} when the matrix has lower rank than asked. */
  private static LoraModule pad(String name, LoraModule first, double[] a, double[] b, int k, int newRank) {
    float[] pa = new float[newRank * first.in()];
    float[] pb = new float[first.out() * newRank];
    for (int i = 0; i < a.length; i++) {
      pa[i] = (float) a[i];
    }
    for (int o = 0; o < first.out(); o++) {
      for (int c = 0; c < k; c++) {
        pb[o * newRank + c] = (float) b[o * k + c];
      }
    }
    return new LoraModule(name, pa, pb, newRank, first.in(), first.out(), 1.0, first.embedding());
  }
}
