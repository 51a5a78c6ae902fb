package org.moelab.merge.peft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.moelab.io.SafetensorsWriter;
import org.moelab.io.TensorFileException;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.merge.MergeException;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Reads and writes PEFT adapter directories: {@code adapter_config.json} ({@code r}, {@code
 * lora_alpha}, {@code rank_pattern}, {@code alpha_pattern}, {@code use_rslora}, {@code
 * target_modules}) and {@code adapter_model.safetensors} with {@code base_model.model.<module>.lora_A.weight}
 * [r, in] and {@code .lora_B.weight} [out, r] (embeddings: {@code lora_embedding_A} / {@code _B}).
 * The layout {@code PeftModel.from_pretrained} reads and the stdlib's {@code peft_lora} reads.
 */
public final class PeftAdapterDir {
  private static final String PREFIX = "base_model.model.";
  private static final String CONFIG = "adapter_config.json";
  private static final String WEIGHTS = "adapter_model.safetensors";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PeftAdapterDir() {}

  /** Reads the adapter in {@code dir}; fails with a {@link MergeException} naming the file and the fix. */
  public static LoraAdapter read(Path dir) {
    Path config = dir.resolve(CONFIG);
    Path weights = dir.resolve(WEIGHTS);
    if (!Files.isRegularFile(config) || !Files.isRegularFile(weights)) {
      throw new MergeException("'" + dir + "' is not a PEFT adapter directory: it needs " + CONFIG + " and " + WEIGHTS
          + " (adapter_model.bin is not read; convert it with safetensors).");
    }
    JsonNode json;
    try {
      json = JSON.readTree(config.toFile());
    } catch (IOException e) {
      throw new MergeException("Cannot read " + config + ": " + e.getMessage(), e);
    }
    checkType(json, config);
    try (TensorSource source = TensorFiles.load(weights)) {
      List<LoraModule> modules = new ArrayList<>();
      for (String name : source.names()) {
        String module = moduleOf(name, ".lora_A.weight", ".lora_embedding_A");
        if (module != null) {
          modules.add(module(source, json, name, module, weights));
        }
      }
      if (modules.isEmpty()) {
        throw new MergeException(weights + " holds no LoRA factors (no '*.lora_A.weight' tensors).");
      }
      return new LoraAdapter(modules, configRank(json), json);
    } catch (TensorFileException e) {
      throw new MergeException("Cannot read " + weights + ": " + e.getMessage(), e);
    }
  }

  private static void checkType(JsonNode json, Path config) {
    String type = json.path("peft_type").asText("LORA");
    if (!type.equalsIgnoreCase("LORA")) {
      throw new MergeException(config + " describes a " + type + " adapter; only LoRA adapters can be merged.");
    }
    if (json.path("use_dora").asBoolean(false)) {
      throw new MergeException(config + " is a DoRA adapter (use_dora); its magnitude vectors cannot be merged "
          + "by add_weighted_adapter, as in PEFT.");
    }
  }

  private static String moduleOf(String tensor, String linearSuffix, String embeddingSuffix) {
    String rest = tensor.startsWith(PREFIX) ? tensor.substring(PREFIX.length()) : tensor;
    if (rest.endsWith(linearSuffix)) {
      return rest.substring(0, rest.length() - linearSuffix.length());
    }
    if (rest.endsWith(embeddingSuffix)) {
      return rest.substring(0, rest.length() - embeddingSuffix.length());
    }
    return null;
  }

  private static LoraModule module(TensorSource source, JsonNode json, String nameA, String module, Path file) {
    boolean embedding = nameA.endsWith(".lora_embedding_A");
    String nameB = embedding ? nameA.replace(".lora_embedding_A", ".lora_embedding_B")
        : nameA.replace(".lora_A.weight", ".lora_B.weight");
    if (!source.contains(nameB)) {
      throw new MergeException(file + " has " + nameA + " but no " + nameB + ".");
    }
    HostTensor a = source.read(nameA);
    HostTensor b = source.read(nameB);
    long[] da = a.shape().dims();
    long[] db = b.shape().dims();
    if (da.length != 2 || db.length != 2 || db[1] != da[0]) {
      throw new MergeException("LoRA module " + module + " in " + file + " has A " + a.shape() + " and B " + b.shape()
          + "; only 2-D factors A [r, in] and B [out, r] (linear and embedding layers) can be merged.");
    }
    int rank = (int) da[0];
    double alpha = pattern(json.path("alpha_pattern"), module, json.path("lora_alpha").asDouble(8));
    double scaling = json.path("use_rslora").asBoolean(false) ? alpha / Math.sqrt(rank) : alpha / rank;
    return new LoraModule(module, a.toFloatArray(), b.toFloatArray(), rank, (int) da[1], (int) db[0], scaling,
        embedding);
  }

  /** The pattern value for {@code module}: PEFT matches a key when the module path is it or ends in ".key". */
  static double pattern(JsonNode patterns, String module, double fallback) {
    Iterator<Map.Entry<String, JsonNode>> it = patterns.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (Pattern.compile("(.*\\.)?" + e.getKey()).matcher(module).matches()) {
        return e.getValue().asDouble();
      }
    }
    return fallback;
  }

  private static int configRank(JsonNode json) {
    int r = json.path("r").asInt(8);
    Iterator<JsonNode> ranks = json.path("rank_pattern").elements();
    while (ranks.hasNext()) {
      r = Math.max(r, ranks.next().asInt());
    }
    return r;
  }

  /**
   * Writes {@code adapter} into {@code dir} (created if needed): the factors, and a config copied from
   * {@code adapter.config()} (or a minimal LoRA config) with {@code r} and {@code lora_alpha} set to
   * {@code adapter.r()}, {@code rank_pattern} for modules of another rank, no {@code alpha_pattern}
   * and {@code use_rslora} off, so every module's scaling is α/r of the config, 1 for merges.
   */
  public static void write(LoraAdapter adapter, Path dir, JsonNode targetModules) {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (LoraModule m : adapter.modules()) {
      String a = m.embedding() ? ".lora_embedding_A" : ".lora_A.weight";
      String b = m.embedding() ? ".lora_embedding_B" : ".lora_B.weight";
      tensors.put(PREFIX + m.name() + a, HostTensor.ofFloats(Shape.of(m.rank(), m.in()), m.a()));
      tensors.put(PREFIX + m.name() + b, HostTensor.ofFloats(Shape.of(m.out(), m.rank()), m.b()));
    }
    try {
      Files.createDirectories(dir);
      SafetensorsWriter.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
      Files.writeString(dir.resolve(CONFIG), config(adapter, targetModules));
    } catch (IOException | TensorFileException e) {
      throw new MergeException("Cannot write the adapter to '" + dir + "': " + e.getMessage()
          + " Check that the directory is writable.", e);
    }
  }

  private static String config(LoraAdapter adapter, JsonNode targetModules) throws IOException {
    ObjectNode c = adapter.config() instanceof ObjectNode o ? o.deepCopy() : minimalConfig();
    c.put("r", adapter.r());
    c.put("lora_alpha", adapter.r());
    c.put("use_rslora", false);
    c.putObject("alpha_pattern");
    ObjectNode ranks = c.putObject("rank_pattern");
    for (LoraModule m : adapter.modules()) {
      if (m.rank() != adapter.r()) {
        ranks.put(m.name(), m.rank());
      }
    }
    if (targetModules != null) {
      c.set("target_modules", targetModules);
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c) + "\n";
  }

  private static ObjectNode minimalConfig() {
    ObjectNode c = JSON.createObjectNode();
    c.put("peft_type", "LORA");
    c.putNull("task_type");
    c.put("base_model_name_or_path", "");
    c.put("lora_dropout", 0.0);
    c.put("bias", "none");
    c.put("fan_in_fan_out", false);
    c.put("inference_mode", true);
    return c;
  }

  /**
   * The merged adapter's {@code target_modules}, as PEFT forms it: the union of the inputs' lists, or
   * {@code "(a)|(b)"} when they are regular expressions; an input without a config contributes the
   * last path component of each module.
   */
  public static JsonNode targetModules(List<LoraAdapter> adapters) {
    List<String> patterns = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>();
    for (LoraAdapter a : adapters) {
      JsonNode t = a.config() == null ? null : a.config().get("target_modules");
      if (t != null && t.isTextual()) {
        patterns.add("(" + t.asText() + ")");
      } else if (t != null && t.isArray()) {
        t.forEach(x -> names.add(x.asText()));
      } else {
        a.modules().forEach(m -> names.add(m.name().substring(m.name().lastIndexOf('.') + 1)));
      }
    }
    if (!patterns.isEmpty()) {
      return JSON.getNodeFactory().textNode(String.join("|", patterns));
    }
    ArrayNode out = JSON.createArrayNode();
    names.forEach(out::add);
    return out;
  }
}
