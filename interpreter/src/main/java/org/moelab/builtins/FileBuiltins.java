package org.moelab.builtins;

import static org.moelab.builtins.Params.req;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.io.TensorFileException;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorInfo;
import org.moelab.io.TensorSource;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.HostTensor;
import org.moelab.types.SymShape;

/**
 * {@code load} and {@code save}: tensor files in real formats. While checking, {@code load} reads
 * only the headers, so shapes from checkpoints are checked before anything runs.
 */
final class FileBuiltins {
  private FileBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("load", "Loads a name → tensor map from .safetensors, a sharded checkpoint directory "
            + "(model.safetensors.index.json), .npy or .npz. Tensor data is memory-mapped and read lazily.", "dict",
            FileBuiltins::load, req("path", ParamKind.STR, "The file or directory.")),
        SimpleBuiltin.of("save", "Saves a tensor or a name → tensor map atomically as .safetensors, .npy or .npz.",
            "none", FileBuiltins::save, req("value", ParamKind.ANY, "A tensor or a dict of tensors."),
            req("path", ParamKind.STR, "The output file.")));
  }

  private static Value load(CallContext ctx, BoundArgs a) {
    String given = a.string("path");
    if (given == null) {
      return new UnknownValue(UnknownValue.Kind.DICT);
    }
    Path path = ctx.resolvePath(given);
    if (ctx.isChecking() && !Files.exists(path)) {
      return new UnknownValue(UnknownValue.Kind.DICT);
    }
    try (TensorSource source = TensorFiles.load(path)) {
      Map<String, Value> tensors = new LinkedHashMap<>();
      for (String name : source.names()) {
        tensors.put(name, ctx.isChecking() ? abstractTensor(source.info(name)) : ctx.ops().constant(source.read(name), name));
      }
      return new Value.DictValue(tensors);
    } catch (TensorFileException e) {
      if (ctx.isChecking()) {
        return new UnknownValue(UnknownValue.Kind.DICT);
      }
      throw ctx.error("E0301", "Cannot load '" + given + "': " + e.getMessage(), a.callSpan(),
          "Check the path; load reads .safetensors, .npy, .npz and checkpoint directories.");
    }
  }

  private static TensorValue abstractTensor(TensorInfo info) {
    return TensorOps.abstractTensor(SymShape.of(info.shape()), info.dtype());
  }

  private static Value save(CallContext ctx, BoundArgs a) {
    Map<String, TensorValue> tensors = tensors(ctx, a);
    if (ctx.isChecking() || a.string("path") == null) {
      return Value.NoneValue.NONE;
    }
    Map<String, HostTensor> host = new LinkedHashMap<>();
    tensors.forEach((name, t) -> host.put(name, ctx.host(t)));
    try {
      TensorFiles.save(host, ctx.resolvePath(a.string("path")));
    } catch (TensorFileException e) {
      throw ctx.error("E0301", "Cannot save to '" + a.string("path") + "': " + e.getMessage(), a.callSpan());
    }
    return Value.NoneValue.NONE;
  }

  private static Map<String, TensorValue> tensors(CallContext ctx, BoundArgs a) {
    Value v = a.get("value");
    Map<String, TensorValue> out = new LinkedHashMap<>();
    if (v instanceof TensorValue t) {
      out.put("tensor", t);
      return out;
    }
    if (v instanceof Value.DictValue d) {
      for (Map.Entry<String, Value> e : d.entries().entrySet()) {
        if (!(e.getValue() instanceof TensorValue t)) {
          throw ctx.error("E0104", "save() writes tensors only; entry \"" + e.getKey() + "\" is a "
              + e.getValue().typeName() + ".", a.span("value"));
        }
        out.put(e.getKey(), t);
      }
      return out;
    }
    if (v instanceof UnknownValue) {
      return out;
    }
    throw ctx.error("E0104", "save() takes a tensor or a dict of tensors, got " + v.typeName() + ".", a.span("value"),
        "For a layer or expert, save its parameters: save(parameters(block), \"block.safetensors\").");
  }
}
