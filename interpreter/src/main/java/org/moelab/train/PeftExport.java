package org.moelab.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.moelab.io.SafetensorsWriter;
import org.moelab.io.TensorFileException;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.HasAttributes;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.HostTensor;

/**
 * {@code save_peft(adapters, path)}: writes trained LoRA experts as a PEFT adapter directory, the
 * layout {@code PeftModel.from_pretrained} and the stdlib's {@code peft_lora} read:
 * {@code adapter_config.json} ({@code peft_type LORA}, {@code r}, {@code lora_alpha},
 * {@code target_modules}; {@code rank_pattern}/{@code alpha_pattern} for modules that differ from
 * the first) and {@code adapter_model.safetensors} with {@code base_model.model.<module>.lora_A.weight}
 * [r, d_in] and {@code .lora_B.weight} [d_out, r]. It returns the path, unknown while checking, so a
 * program can read the adapter back before it exists.
 */
final class PeftExport {
  private static final String PREFIX = "base_model.model.";

  private PeftExport() {}

  /** One module's adapter: its factors and scaling numerator. */
  private record Module(String name, TensorValue a, TensorValue b, double alpha) {
    long rank() {
      return a.node().shape().dims()[0];
    }
  }

  static SimpleBuiltin builtin() {
    return SimpleBuiltin.of("save_peft", "Saves LoRA experts as a PEFT adapter directory (adapter_config.json + "
            + "adapter_model.safetensors with base_model.model.<module>.lora_A.weight / lora_B.weight); returns the "
            + "directory, so peft_lora(save_peft(...), module) reads it back.", "str",
        PeftExport::save,
        Param.required("adapters", ParamKind.ANY, "A dict module name → LoRA expert, or one expert with `module`."),
        Param.required("path", ParamKind.STR, "The directory to write (created if needed)."),
        Param.optional("module", ParamKind.OPTIONAL, Value.NoneValue.NONE,
            "The module name of a single expert, such as \"model.layers.0.self_attn.q_proj\"."),
        Param.optional("base_model", ParamKind.STR, Value.of(""), "base_model_name_or_path in the config."));
  }

  private static Value save(CallContext ctx, BoundArgs a) {
    if (ctx.isChecking() || a.string("path") == null) {
      return new UnknownValue(UnknownValue.Kind.STR);
    }
    Map<String, Value> experts = experts(ctx, a);
    if (experts == null) {
      return new UnknownValue(UnknownValue.Kind.STR);
    }
    List<Module> modules = experts.entrySet().stream().map(e -> module(ctx, a, e.getKey(), e.getValue())).toList();
    Path dir = ctx.resolvePath(a.string("path"));
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (Module m : modules) {
      tensors.put(PREFIX + m.name() + ".lora_A.weight", ctx.host(m.a()));
      tensors.put(PREFIX + m.name() + ".lora_B.weight", ctx.host(m.b()));
    }
    try {
      Files.createDirectories(dir);
      SafetensorsWriter.write(dir.resolve("adapter_model.safetensors"), tensors, Map.of("format", "pt"));
      Files.writeString(dir.resolve("adapter_config.json"), config(modules, a.string("base_model")));
    } catch (IOException | TensorFileException e) {
      throw ctx.error("E0301", "Cannot write the PEFT adapter to '" + a.string("path") + "': " + e.getMessage(),
          a.span("path"), "Check that the directory is writable.");
    }
    return Value.of(a.string("path"));
  }

  private static Map<String, Value> experts(CallContext ctx, BoundArgs a) {
    Value v = a.get("adapters");
    if (v instanceof UnknownValue) {
      return null;
    }
    if (v instanceof Value.DictValue d) {
      if (d.entries().isEmpty()) {
        throw ctx.error("E0111", "adapters must not be empty.", a.span("adapters"));
      }
      return d.entries();
    }
    if (a.isNone("module") || a.string("module") == null) {
      throw ctx.error("E0111", "A single adapter needs its module name.", a.span("adapters"),
          "Write save_peft(expert, path, module = \"model.layers.0.self_attn.q_proj\"), or pass a dict of them.");
    }
    return Map.of(a.string("module"), v);
  }

  private static Module module(CallContext ctx, BoundArgs a, String name, Value v) {
    if (v instanceof HasAttributes h && h.attribute("lora_A").orElse(null) instanceof TensorValue down
        && h.attribute("lora_B").orElse(null) instanceof TensorValue up
        && h.attribute("alpha").orElse(null) instanceof Value.FloatValue alpha) {
      if (name.isEmpty() || name.startsWith(".") || name.endsWith(".")) {
        throw ctx.error("E0111", "'" + name + "' is not a module name.", a.span("adapters"),
            "Use the module's dotted path in the base model, such as \"model.layers.0.self_attn.q_proj\".");
      }
      return new Module(name, down, up, alpha.value());
    }
    throw ctx.error("E0104", "'" + name + "' is a " + v.typeName() + ", not a LoRA expert.", a.span("adapters"),
        "Build one with lora_from(report.params[\"lora_A\"], report.params[\"lora_B\"], alpha = ...).");
  }

  private static String config(List<Module> modules, String baseModel) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Module first = modules.get(0);
    ObjectNode c = json.createObjectNode();
    c.put("peft_type", "LORA");
    c.put("task_type", (String) null);
    c.put("base_model_name_or_path", baseModel == null ? "" : baseModel);
    c.put("r", first.rank());
    c.put("lora_alpha", first.alpha());
    c.put("lora_dropout", 0.0);
    c.put("bias", "none");
    c.put("fan_in_fan_out", false);
    c.put("inference_mode", true);
    ArrayNode targets = c.putArray("target_modules");
    new TreeSet<>(modules.stream().map(m -> m.name().substring(m.name().lastIndexOf('.') + 1)).toList())
        .forEach(targets::add);
    ObjectNode ranks = c.putObject("rank_pattern");
    ObjectNode alphas = c.putObject("alpha_pattern");
    for (Module m : modules) {
      if (m.rank() != first.rank()) {
        ranks.put(m.name(), m.rank());
      }
      if (m.alpha() != first.alpha()) {
        alphas.put(m.name(), m.alpha());
      }
    }
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(c) + "\n";
  }
}
