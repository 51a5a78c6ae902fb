package org.moelab.stdlib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.moelab.io.TensorFileException;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.types.SymShape;

/**
 * PEFT adapter directories as LoRA experts: {@code adapter_config.json} gives r and
 * {@code lora_alpha}; {@code adapter_model.safetensors} holds
 * {@code base_model.model.<module>.lora_A.weight} and {@code .lora_B.weight}.
 */
final class PeftAdapters {
  private PeftAdapters() {}

  static Value load(CallContext ctx, BoundArgs a) {
    String given = a.string("path");
    String module = a.string("module");
    if (given == null || module == null) {
      return UnknownValue.ANY;
    }
    Path dir = ctx.resolvePath(given);
    Path config = dir.resolve("adapter_config.json");
    Path weights = dir.resolve("adapter_model.safetensors");
    if (!Files.isRegularFile(config) || !Files.isRegularFile(weights)) {
      if (ctx.isChecking()) {
        return UnknownValue.ANY;
      }
      throw ctx.error("E0301", "'" + given + "' is not a PEFT adapter directory (it needs adapter_config.json and "
          + "adapter_model.safetensors).", a.span("path"), "Point at the directory save_pretrained wrote.");
    }
    double alpha;
    try {
      JsonNode json = new ObjectMapper().readTree(config.toFile());
      alpha = json.path("lora_alpha").asDouble(json.path("r").asDouble(8));
    } catch (IOException e) {
      throw ctx.error("E0301", "Cannot read " + config + ": " + e.getMessage(), a.span("path"));
    }
    try (TensorSource source = TensorFiles.load(weights)) {
      String nameA = find(ctx, a, source, module);
      String nameB = nameA.replace(".lora_A.", ".lora_B.");
      TensorValue down = read(ctx, source, nameA);
      TensorValue up = read(ctx, source, nameB);
      return new LoraExpert(down, up, alpha, a.string("card") == null ? "" : a.string("card"));
    } catch (TensorFileException e) {
      throw ctx.error("E0301", "Cannot read '" + weights + "': " + e.getMessage(), a.span("path"));
    }
  }

  private static String find(CallContext ctx, BoundArgs a, TensorSource source, String module) {
    for (String name : source.names()) {
      if (name.endsWith(".lora_A.weight") && name.contains(module + ".lora_A.")) {
        return name;
      }
    }
    String modules = source.names().stream().filter(n -> n.endsWith(".lora_A.weight"))
        .map(n -> n.substring(0, n.length() - ".lora_A.weight".length())).limit(4).reduce((x, y) -> x + ", " + y)
        .orElse("none");
    throw ctx.error("E0111", "The adapter has no LoRA module matching \"" + module + "\".", a.span("module"),
        "Its modules include: " + modules + ".");
  }

  private static TensorValue read(CallContext ctx, TensorSource source, String name) {
    if (ctx.isChecking()) {
      return TensorOps.abstractTensor(SymShape.of(source.info(name).shape()), source.info(name).dtype());
    }
    return ctx.ops().constant(source.read(name), name);
  }
}
