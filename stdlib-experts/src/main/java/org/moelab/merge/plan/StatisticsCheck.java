package org.moelab.merge.plan;

import java.util.ArrayList;
import java.util.List;
import org.moelab.io.TensorInfo;
import org.moelab.io.TensorSource;
import org.moelab.merge.data.DataMethod;
import org.moelab.tensor.Shape;

/**
 * Checks the statistics checkpoints of a data-aware merge from their headers, one model tensor at
 * a time: each Fisher has every model tensor with its shape; a weight with a Gram in one model's
 * Gram checkpoint has one in every model's, is 2-D [out, in], and its Grams are [in, in]; every Gram
 * is keyed by a model tensor's name. Statistics must be floating point.
 */
final class StatisticsCheck {
  private static final long MAX_GRAM_IN = 46_340;
  private final DataMergePlanner planner;
  private final DataMethod method;
  private final DataMergePlanner.Opened firstModel;
  private final List<DataMergePlanner.Opened> stats;

  StatisticsCheck(DataMergePlanner planner, DataMethod method, DataMergePlanner.Opened firstModel,
      List<DataMergePlanner.Opened> stats) {
    this.planner = planner;
    this.method = method;
    this.firstModel = firstModel;
    this.stats = stats;
  }

  /**
   * The statistics tensors of model tensor {@code name} (one per model); empty when it has none
   * (RegMean averages it); null after recording why it cannot be merged.
   */
  List<TensorRef> statisticsOf(String name, TensorInfo model) {
    return method == DataMethod.FISHER ? fishers(name, model) : grams(name, model);
  }

  private List<TensorRef> fishers(String name, TensorInfo model) {
    List<TensorRef> out = new ArrayList<>();
    boolean ok = true;
    for (DataMergePlanner.Opened f : stats) {
      TensorSource s = planner.source(f);
      if (s == null) {
        ok = false;
      } else if (!s.contains(name)) {
        planner.problem("missing Fisher", "Fisher checkpoint " + f.given() + " has no tensor '" + name + "'; a Fisher "
            + "has every tensor of its model: compute it for the whole model (fisher_from_grads of full gradients) "
            + "and save all of it.");
        ok = false;
      } else {
        ok &= checkTensor(f, s.info(name), model.shape(), "the model's shape " + model.shape()
            + "; a Fisher is shaped like its model.");
        out.add(new TensorRef(f.source(), name));
      }
    }
    return ok ? out : null;
  }

  private List<TensorRef> grams(String name, TensorInfo model) {
    List<DataMergePlanner.Opened> with = new ArrayList<>();
    for (DataMergePlanner.Opened g : stats) {
      TensorSource s = planner.source(g);
      if (s != null && s.contains(name)) {
        with.add(g);
      }
    }
    if (with.isEmpty()) {
      return List.of();
    }
    long[] dims = model.shape().dims();
    if (dims.length != 2) {
      planner.problem("Gram shape", "Gram checkpoint " + with.get(0).given() + " has a Gram for '" + name
          + "', but that tensor is " + model.shape() + " in model " + firstModel.given() + ", not a linear weight "
          + "[out, in]; drop this Gram (the tensor is then averaged).");
      return null;
    }
    if (dims[1] > MAX_GRAM_IN) {
      planner.problem("size", "'" + name + "' has " + dims[1] + " input features; its Gram [in, in] would exceed "
          + "one merge buffer (2^31 elements); merge this layer another way.");
      return null;
    }
    Shape gram = Shape.of(dims[1], dims[1]);
    List<TensorRef> out = new ArrayList<>();
    boolean ok = true;
    for (DataMergePlanner.Opened g : stats) {
      TensorSource s = planner.source(g);
      if (s == null) {
        ok = false;
      } else if (!s.contains(name)) {
        planner.problem("missing Gram", "Gram checkpoint " + g.given() + " has no Gram for '" + name + "', which "
            + with.get(0).given() + " has; give every model's Gram " + gram + " for a weight (regmean_gram of that "
            + "layer's inputs), or none (then it is averaged).");
        ok = false;
      } else {
        ok &= checkTensor(g, s.info(name), gram, gram + ", [in, in] for the weight '" + name + "' " + model.shape()
            + " [out, in]; compute it with regmean_gram on that layer's inputs X [..., " + dims[1] + "].");
        out.add(new TensorRef(g.source(), name));
      }
    }
    return ok ? out : null;
  }

  /** Checks a statistics tensor's shape and dtype; {@code fix} ends the shape message. */
  private boolean checkTensor(DataMergePlanner.Opened file, TensorInfo info, Shape want, String fix) {
    String what = method.statistic() + " '" + info.name() + "' in " + file.given();
    if (!info.shape().equals(want)) {
      planner.problem(method.statistic() + " shape", what + " is " + info.shape() + ", but it must be " + fix);
      return false;
    }
    if (!info.dtype().isFloating()) {
      planner.problem(method.statistic() + " dtype", what + " is " + info.dtype() + "; " + method.statistic()
          + "s must be floating point (f32, bf16, f16 or f64).");
      return false;
    }
    return true;
  }

  /** RegMean: records every Gram whose name is no tensor of the models (Grams are keyed by weight name). */
  void unknownGrams(TensorSource models) {
    if (method != DataMethod.REGMEAN) {
      return;
    }
    for (DataMergePlanner.Opened g : stats) {
      TensorSource s = planner.source(g);
      if (s == null) {
        continue;
      }
      for (String name : s.names()) {
        if (!models.contains(name)) {
          String guess = models.contains(name + ".weight") ? " (did you mean '" + name + ".weight'?)" : "";
          planner.problem("unknown Gram", "Gram checkpoint " + g.given() + " has a Gram '" + name + "', which is no "
              + "tensor of the models" + guess + "; key each Gram by the name of the weight it belongs to.");
        }
      }
    }
  }
}
