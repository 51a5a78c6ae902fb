package org.moelab.builtins;

import static org.moelab.builtins.Params.optInt;
import static org.moelab.builtins.Params.optNone;
import static org.moelab.builtins.Params.req;
import static org.moelab.builtins.Params.tensor;

import java.util.ArrayList;
import java.util.List;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/** Shape changes: reshape, transpose/permute, concat/stack, squeeze/unsqueeze, flatten. */
final class ShapeBuiltins {
  private ShapeBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("reshape", "Row-major reshape; one dimension may be -1.", "tensor",
            (ctx, a) -> ctx.ops().reshape(a.tensor("x"), a.shape("shape")),
            tensor("x", "Input."), req("shape", ParamKind.SHAPE, "The new shape.")),
        SimpleBuiltin.of("transpose", "Permutes axes; without axes, swaps the last two.", "tensor",
            ShapeBuiltins::transpose, tensor("x", "Input."), optNone("axes", "A permutation of the axes.")),
        SimpleBuiltin.of("concat", "Concatenates a list of tensors along an axis.", "tensor",
            (ctx, a) -> ctx.ops().concat(tensors(ctx, a), (int) a.integer("axis", 0)),
            req("tensors", ParamKind.LIST, "The tensors."), optInt("axis", 0, "The axis to join along.")),
        SimpleBuiltin.of("stack", "Stacks equal-shaped tensors along a new axis.", "tensor",
            (ctx, a) -> ctx.ops().stack(tensors(ctx, a), (int) a.integer("axis", 0)),
            req("tensors", ParamKind.LIST, "The tensors."), optInt("axis", 0, "Where the new axis goes.")),
        SimpleBuiltin.of("squeeze", "Removes a size-1 axis.", "tensor",
            (ctx, a) -> ctx.ops().squeeze(a.tensor("x"), (int) a.integer("axis", 0)),
            tensor("x", "Input."), req("axis", ParamKind.INT, "The axis to remove; it must have size 1.")),
        SimpleBuiltin.of("unsqueeze", "Inserts a size-1 axis.", "tensor",
            (ctx, a) -> ctx.ops().unsqueeze(a.tensor("x"), (int) a.integer("axis", 0)),
            tensor("x", "Input."), req("axis", ParamKind.INT, "Where the new axis goes.")),
        SimpleBuiltin.of("flatten", "Merges all axes from start_axis on into one.", "tensor",
            ShapeBuiltins::flatten, tensor("x", "Input."), optInt("start_axis", 0, "First axis to merge.")));
  }

  private static Value transpose(CallContext ctx, BoundArgs a) {
    TensorValue x = a.tensor("x");
    if (a.isNone("axes")) {
      return ctx.ops().transpose(x);
    }
    List<Value> items = a.list("axes");
    int[] axes = new int[items.size()];
    for (int i = 0; i < axes.length; i++) {
      if (!(items.get(i) instanceof Value.IntValue n)) {
        throw ctx.error("E0104", "axes must be a list of ints.", a.span("axes"));
      }
      axes[i] = (int) n.value();
    }
    return ctx.ops().permute(x, axes);
  }

  private static Value flatten(CallContext ctx, BoundArgs a) {
    TensorValue x = a.tensor("x");
    if (!x.shape().hasRank()) {
      return x;
    }
    int start = (int) a.integer("start_axis", 0);
    start = start < 0 ? start + x.shape().rank() : start;
    List<Dim> dims = new ArrayList<>(x.shape().dims().subList(0, start));
    Dim rest = Dim.of(1);
    for (int i = start; i < x.shape().rank(); i++) {
      rest = Dim.times(rest, x.shape().dim(i));
    }
    dims.add(rest);
    return ctx.ops().reshape(x, dims);
  }

  static List<TensorValue> tensors(CallContext ctx, BoundArgs a) {
    List<TensorValue> out = new ArrayList<>();
    for (Value v : a.list("tensors")) {
      if (v instanceof UnknownValue) {
        continue;
      }
      out.add(ctx.toTensor(v, a.span("tensors")));
    }
    if (out.isEmpty()) {
      throw ctx.error("E0111", "Need at least one tensor.", a.span("tensors"));
    }
    return out;
  }
}
