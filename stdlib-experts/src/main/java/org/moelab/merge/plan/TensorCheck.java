package org.moelab.merge.plan;

import java.util.ArrayList;
import java.util.List;
import org.moelab.io.TensorInfo;
import org.moelab.io.TensorSource;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.ModelParams;

/** Checks one output tensor's inputs from their headers and resolves its parameters. */
final class TensorCheck {
  private TensorCheck() {}

  /** The planned tensor, or null after recording why it cannot be merged. */
  static PlannedTensor plan(Planner planner, Planner.Group g, String out, Planner.Input.Naming naming) {
    List<Planner.Input> all = Planner.allInputs(g.base(), g.inputs());
    List<ModelParams> params = new ArrayList<>();
    for (Planner.Input in : g.inputs()) {
      params.add(planner.params(in, out, naming.t()));
    }
    TensorInfo reference = null;
    boolean ok = true;
    for (int i = 0; i < all.size(); i++) {
      Planner.Input in = all.get(i);
      String name = naming.names().get(i);
      TensorSource src = planner.source(in);
      if (!src.contains(name)) {
        planner.problem("missing tensor", "model " + in.model() + " has no tensor '" + name + "' (needed for '" + out
            + "'); merge models of the same architecture, or drop this model.", in.at());
        ok = false;
        continue;
      }
      TensorInfo info = src.info(name);
      if (reference == null) {
        reference = info;
      } else if (!info.shape().equals(reference.shape())) {
        planner.problem("shape", "tensor '" + name + "' is " + info.shape() + " in model " + in.model() + " but "
            + reference.shape() + " in model " + all.get(0).model() + "; only tensors of equal shape can be merged.",
            in.at());
        ok = false;
      }
      if (info.shape().size() > Integer.MAX_VALUE - 8) {
        planner.problem("size", "tensor '" + name + "' has " + info.shape().size()
            + " elements, more than one merge buffer holds (2^31); split the tensor.", in.at());
        ok = false;
      }
    }
    if (!ok || reference == null) {
      return null;
    }
    if (!reference.dtype().isFloating()) {
      planner.note("'" + out + "' is " + reference.dtype() + ", not floating point; copied from " + all.get(0).model() + ".");
      return new PlannedTensor(out, reference.shape(), reference.dtype(), MergeMethod.PASSTHROUGH, null,
          List.of(new TensorRef(all.get(0).source(), naming.names().get(0))), List.of(ModelParams.DEFAULT),
          planner.resolver().options(out, naming.t()));
    }
    int offset = g.base() == null ? 0 : 1;
    List<TensorRef> models = new ArrayList<>();
    for (int i = 0; i < g.inputs().size(); i++) {
      models.add(new TensorRef(g.inputs().get(i).source(), naming.names().get(i + offset)));
    }
    TensorRef base = g.base() == null ? null : new TensorRef(g.base().source(), naming.names().get(0));
    return new PlannedTensor(out, reference.shape(), planner.chosenOutDtype(reference), g.method(), base, models,
        params, planner.resolver().options(out, naming.t()));
  }
}
