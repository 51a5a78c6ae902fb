package org.moelab.builtins;

import static org.moelab.builtins.Params.axis;
import static org.moelab.builtins.Params.optBool;
import static org.moelab.builtins.Params.req;
import static org.moelab.builtins.Params.tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.DType;

/** Top-k, sorting, gathers, scatters and one-hot. */
final class IndexBuiltins {
  private IndexBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("top_k", "The k largest (or smallest) entries along the last axis, sorted; ties go to the lower index. "
            + "Returns a struct with .values and .indices.", "struct", IndexBuiltins::topK,
            tensor("x", "Input."), req("k", ParamKind.INT, "How many to keep."),
            optBool("largest", true, "Largest (true) or smallest (false).")),
        SimpleBuiltin.of("argsort", "Indices that sort the last axis (stable).", "tensor i64",
            (ctx, a) -> ctx.ops().argsort(a.tensor("x"), a.bool("descending", false)),
            tensor("x", "Input."), optBool("descending", false, "Sort descending.")),
        SimpleBuiltin.of("sort", "Sorted values along the last axis (stable). Returns .values and .indices.", "struct",
            IndexBuiltins::sort, tensor("x", "Input."), optBool("descending", false, "Sort descending.")),
        SimpleBuiltin.of("gather", "torch.gather: out[..i..] = x[..index[..i..]..] along an axis.", "tensor",
            (ctx, a) -> ctx.ops().gather(a.tensor("x"), (int) a.integer("axis", -1), a.tensor("index")),
            tensor("x", "Input."), axis(), tensor("index", "Integer index of the same rank as x.")),
        SimpleBuiltin.of("index_select", "Selects entries along an axis by a 1-D integer index.", "tensor",
            (ctx, a) -> ctx.ops().indexSelect(a.tensor("x"), (int) a.integer("axis", 0), a.tensor("index")),
            tensor("x", "Input."), Params.optInt("axis", 0, "The axis."), tensor("index", "1-D integer index.")),
        SimpleBuiltin.of("index_add", "Adds the rows of src into base at positions index along an axis (duplicates accumulate).",
            "tensor", (ctx, a) -> ctx.ops().indexAdd(a.tensor("base"), (int) a.integer("axis", 0), a.tensor("index"), a.tensor("src")),
            tensor("base", "Destination."), Params.optInt("axis", 0, "The axis."), tensor("index", "1-D integer index."),
            tensor("src", "Rows to add.")),
        SimpleBuiltin.of("one_hot", "One-hot encoding along a new last axis.", "tensor",
            (ctx, a) -> ctx.ops().oneHot(a.tensor("x"), positive(ctx, a, "depth"), DType.F32),
            tensor("x", "Integer classes."), req("depth", ParamKind.INT, "Number of classes.")),
        SimpleBuiltin.of("bincount", "How often each value 0..length-1 occurs in a 1-D integer tensor.", "tensor i64",
            (ctx, a) -> ctx.ops().bincount(a.tensor("x"), positive(ctx, a, "length")),
            tensor("x", "1-D integer tensor."), req("length", ParamKind.INT, "Number of bins.")));
  }

  private static long positive(CallContext ctx, BoundArgs a, String name) {
    long n = a.integer(name, 1);
    if (n < 1) {
      throw ctx.error("E0111", name + " must be at least 1, got " + n + ".", a.span(name));
    }
    return n;
  }

  private static Value topK(CallContext ctx, BoundArgs a) {
    TensorValue x = a.tensor("x");
    long k = a.integer("k", 1);
    if (k < 1) {
      throw ctx.error("E0111", "k must be at least 1, got " + k + ".", a.span("k"));
    }
    TensorValue idx = ctx.ops().topkIndices(x, k, a.bool("largest", true));
    TensorValue values = ctx.ops().gather(x, -1, idx);
    return pair(values, idx, "top_k");
  }

  private static Value sort(CallContext ctx, BoundArgs a) {
    TensorValue x = a.tensor("x");
    TensorValue idx = ctx.ops().argsort(x, a.bool("descending", false));
    return pair(ctx.ops().gather(x, -1, idx), idx, "sorted");
  }

  private static Value pair(TensorValue values, TensorValue indices, String kind) {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("values", values);
    fields.put("indices", indices);
    return new Value.StructValue(kind, fields);
  }
}
