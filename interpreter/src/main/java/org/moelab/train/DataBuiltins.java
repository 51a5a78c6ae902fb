package org.moelab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;

/**
 * Data sets: CSV and JSON Lines loaders, {@code dataset(x, y)} for tensors (from npy files via
 * {@code load}), seeded shuffling, train/validation splits and standardisation.
 */
final class DataBuiltins {
  private DataBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("load_csv", "Loads numeric CSV (.csv or .csv.gz) as a dataset: x f32 [n, features], "
                + "y i64 [n] from the label column; skips a header line (scikit-learn's keeps its class names).",
            "dataset", DataBuiltins::loadCsv, Param.required("path", ParamKind.STR, "The file."),
            Param.optional("label", ParamKind.OPTIONAL, Value.of(-1L), "Label column (negative from the end); none for no labels.")),
        SimpleBuiltin.of("load_jsonl", "Loads JSON Lines as a dataset: x from an array field, y from an integer field.",
            "dataset", DataBuiltins::loadJsonl, Param.required("path", ParamKind.STR, "The file."),
            Param.optional("x", ParamKind.STR, Value.of("x"), "The input field."),
            Param.optional("y", ParamKind.STR, Value.of("y"), "The label field.")),
        SimpleBuiltin.of("dataset", "A dataset from tensors x [n, ...] and y [n, ...] (from load(\"x.npy\"), say).",
            "dataset", DataBuiltins::fromTensors, Param.required("x", ParamKind.TENSOR, "Inputs."),
            Param.required("y", ParamKind.TENSOR, "Targets.")),
        SimpleBuiltin.of("shuffle", "The examples in a seeded random order.", "dataset",
            (ctx, a) -> transform(ctx, a, d -> d.rows(Dataset.permutation(d.size(), a.integer("seed", 0)))),
            Param.required("data", ParamKind.ANY, "A dataset."), Param.optional("seed", ParamKind.INT, Value.of(0L), "Seed.")),
        SimpleBuiltin.of("split", "Shuffles (seeded) and splits a dataset into .train and .val.", "struct", DataBuiltins::split,
            Param.required("data", ParamKind.ANY, "A dataset."),
            Param.optional("val", ParamKind.FLOAT, Value.of(0.2), "Fraction held out for validation."),
            Param.optional("seed", ParamKind.INT, Value.of(0L), "Shuffle seed.")),
        SimpleBuiltin.of("standardize", "x standardised per feature: (x − mean) / std, with the statistics of `like` "
                + "(default: the data itself; pass the training set to transform validation data).", "dataset",
            DataBuiltins::standardize, Param.required("data", ParamKind.ANY, "A dataset."),
            Param.optional("like", ParamKind.OPTIONAL, Value.NoneValue.NONE, "The dataset whose statistics to use.")),
        SimpleBuiltin.of("subset", "The examples whose label is one of `labels` (in their order), at most `first` of them: "
                + "tasks made from a labelled set, few-shot samples.", "dataset", DataBuiltins::subset,
            Param.required("data", ParamKind.ANY, "A dataset."),
            Param.optional("labels", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Labels to keep (none: all)."),
            Param.optional("first", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Keep at most this many examples.")));
  }

  private static Value loadCsv(CallContext ctx, BoundArgs a) {
    Integer label = a.isNone("label") ? null : (int) a.integer("label", -1);
    return load(ctx, a, p -> CsvLoader.load(p, label));
  }

  private static Value loadJsonl(CallContext ctx, BoundArgs a) {
    return load(ctx, a, p -> JsonLinesLoader.load(p, a.string("x"), a.string("y")));
  }

  private interface Reader {
    Dataset read(Path path) throws IOException;
  }

  private static Value load(CallContext ctx, BoundArgs a, Reader reader) {
    String given = a.string("path");
    Path path = given == null ? null : ctx.resolvePath(given);
    if (path == null || ctx.isChecking() && !Files.exists(path)) {
      return new UnknownValue(UnknownValue.Kind.ANY);
    }
    try {
      return DataValues.toValue(ctx, reader.read(path));
    } catch (IOException | RuntimeException e) {
      throw ctx.error("E0302", "Cannot load " + given + ": " + e.getMessage() + ".", a.span("path"));
    }
  }

  private static Value fromTensors(CallContext ctx, BoundArgs a) {
    if (ctx.isChecking()) {
      return new Value.StructValue("dataset", java.util.Map.of("x", a.tensor("x"), "y", a.tensor("y")));
    }
    return DataValues.toValue(ctx, DataValues.of(ctx, new Value.DictValue(java.util.Map.of("x", a.tensor("x"),
        "y", a.tensor("y"))), a.callSpan()));
  }

  private static Value transform(CallContext ctx, BoundArgs a, java.util.function.UnaryOperator<Dataset> f) {
    Value data = a.get("data");
    if (ctx.isChecking() || data instanceof UnknownValue) {
      return data;
    }
    return DataValues.toValue(ctx, f.apply(DataValues.of(ctx, data, a.span("data"))));
  }

  private static Value split(CallContext ctx, BoundArgs a) {
    double val = a.real("val");
    if (!(val > 0 && val < 1)) {
      throw ctx.error("E0111", "val must be a fraction between 0 and 1, got " + val + ".", a.span("val"));
    }
    Value data = a.get("data");
    if (ctx.isChecking() || data instanceof UnknownValue) {
      return TrainValues.struct("split", "train", data, "val", data);
    }
    Dataset d = DataValues.of(ctx, data, a.span("data"));
    Dataset shuffled = d.rows(Dataset.permutation(d.size(), a.integer("seed", 0)));
    int nVal = (int) Math.round(d.size() * val);
    return TrainValues.struct("split", "train", DataValues.toValue(ctx, shuffled.range(nVal, d.size())),
        "val", DataValues.toValue(ctx, shuffled.range(0, nVal)));
  }

  private static Value standardize(CallContext ctx, BoundArgs a) {
    Value like = a.get("like");
    return transform(ctx, a, d -> {
      double[][] stats = (a.isNone("like") ? d : DataValues.of(ctx, like, a.span("like"))).columnStats();
      return d.standardized(stats[0], stats[1]);
    });
  }

  private static Value subset(CallContext ctx, BoundArgs a) {
    java.util.Set<Long> keep = new java.util.HashSet<>();
    if (!a.isNone("labels")) {
      for (Value v : a.list("labels")) {
        if (!(v instanceof Value.IntValue i)) {
          throw ctx.error("E0104", "labels must be a list of integers, found " + v.typeName() + ".", a.span("labels"));
        }
        keep.add(i.value());
      }
    }
    long first = a.isNone("first") ? Long.MAX_VALUE : a.integer("first");
    return transform(ctx, a, d -> {
      double[] y = d.y().toDoubleArray();
      int[] rows = java.util.stream.IntStream.range(0, d.size())
          .filter(i -> keep.isEmpty() || keep.contains((long) y[i])).limit(first).toArray();
      if (rows.length == 0) {
        throw ctx.error("E0111", "No example has a label in " + keep + ".", a.span("labels"));
      }
      return d.rows(rows);
    });
  }
}
