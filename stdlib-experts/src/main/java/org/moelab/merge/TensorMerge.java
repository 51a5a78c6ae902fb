package org.moelab.merge;

import java.util.List;

/** Merges the values of one parameter by any {@link MergeMethod}: the entry point of the method core. */
public final class TensorMerge {
  private TensorMerge() {}

  /**
   * Merges {@code in} by {@code method}. {@code params.get(i)} holds model {@code i}'s parameters;
   * the base, when the method has one, is {@code in.base()} and has no parameters (mergekit
   * ignores them). Fails with a {@link MergeException} naming the tensor and the fix.
   */
  public static float[] merge(MergeMethod method, TensorInputs in, List<ModelParams> params, MergeOptions options) {
    if (params.size() != in.models().size()) {
      throw new IllegalArgumentException(params.size() + " parameter sets for " + in.models().size() + " models");
    }
    checkBase(method, in);
    if (method.isTaskArithmetic()) {
      return TaskArithmetic.merge(method, in, params, options);
    }
    if (GramMerge.handles(method)) {
      return GramMerge.of(method, in.name(), in.shape(), params, options, in.base() != null).merge(in);
    }
    return switch (method) {
      case LINEAR -> linear(in, params, options.normalize());
      case PASSTHROUGH -> passthrough(in, params);
      default -> throw new IllegalStateException("unhandled method " + method);
    };
  }

  private static void checkBase(MergeMethod method, TensorInputs in) {
    if (method.base() == MergeMethod.Base.REQUIRED && in.base() == null) {
      throw new MergeException(method.configName() + " needs a base model for '" + in.name() + "'; set base_model.");
    }
    if (method.base() == MergeMethod.Base.NONE && in.base() != null) {
      throw new MergeException(method.configName() + " takes no base model; list it among the models instead.");
    }
  }

  /** Σ w_i θ_i, divided by Σ w_i when normalising; Σ w = 0 is refused (mergekit gives NaN). */
  private static float[] linear(TensorInputs in, List<ModelParams> params, boolean normalize) {
    double total = params.stream().mapToDouble(ModelParams::weight).sum();
    if (normalize && total == 0) {
      throw new MergeException("linear merge of '" + in.name() + "': the weights sum to 0, so normalising divides "
          + "by zero; change the weights or set normalize: false.");
    }
    float[] out = new float[in.size()];
    for (int m = 0; m < in.models().size(); m++) {
      float w = (float) params.get(m).weight();
      float[] x = in.models().get(m);
      for (int i = 0; i < out.length; i++) {
        out[i] += w * x[i];
      }
    }
    if (normalize) {
      float divisor = (float) total;
      for (int i = 0; i < out.length; i++) {
        out[i] /= divisor;
      }
    }
    return out;
  }

  private static float[] passthrough(TensorInputs in, List<ModelParams> params) {
    if (in.models().size() != 1) {
      throw new MergeException("passthrough copies exactly one model per tensor, got " + in.models().size()
          + " for '" + in.name() + "'; use slices to stack layers from several models.");
    }
    float[] x = in.models().get(0).clone();
    float scale = (float) params.get(0).scale();
    if (scale != 1f) {
      for (int i = 0; i < x.length; i++) {
        x[i] *= scale;
      }
    }
    return x;
  }
}
