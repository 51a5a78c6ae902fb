package org.moelab.merge.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.plan.MergeSpec;
import org.moelab.merge.plan.ModelRef;
import org.moelab.merge.plan.ParamSetting;
import org.moelab.merge.plan.PlanException;
import org.moelab.merge.plan.PlanProblem;
import org.moelab.merge.plan.SliceSource;
import org.moelab.merge.plan.SpecSpans;
import org.moelab.runtime.Suggest;
import org.moelab.source.SourceSpan;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads a mergekit configuration: {@code merge_method}, {@code base_model}, {@code models} (each
 * with {@code parameters}) or {@code slices} of {@code sources} with {@code layer_range}, global
 * {@code parameters} (scalars, gradients, {@code [{filter, value}]} lists), {@code dtype} and
 * {@code out_dtype}. Unsupported and unknown keys ({@code modules}, tokenizer merging, typos) are
 * reported, with every other problem, in one {@link PlanException}; each problem points at the
 * offending key or value ({@code file:line:col}), and every value read keeps its place so the
 * planner's problems can point there too.
 */
public final class MergekitYaml {
  private static final List<String> TOP_KEYS = List.of("merge_method", "base_model", "models", "slices",
      "parameters", "dtype", "out_dtype", "tokenizer_source", "chat_template", "name");
  private static final List<String> MODEL_KEYS = List.of("model", "parameters");
  private static final List<String> METHODS = Arrays.stream(MergeMethod.values()).map(MergeMethod::configName).toList();

  private final YamlDocument doc;
  private final SettingReader settings;

  private MergekitYaml(YamlDocument doc) {
    this.doc = doc;
    this.settings = new SettingReader(doc);
  }

  /**
   * Parses {@code text}; {@code where} names the file in spans and messages.
   *
   * @throws PlanException with every problem found, each at its key or value where it has one
   */
  public static MergeSpec parse(String text, String where) {
    return new MergekitYaml(YamlDocument.parse(text, where)).read();
  }

  private MergeSpec read() {
    Map<String, NodeTuple> top = topLevel();
    checkTopKeys(top);
    MergeMethod method = method(top);
    List<ModelRef> models = models(YamlDocument.value(top, "models"));
    SliceReader sliceReader = new SliceReader(doc, settings);
    List<List<SliceSource>> slices = sliceReader.read(YamlDocument.value(top, "slices"));
    Map<String, ParamSetting> parameters = settings.read(YamlDocument.value(top, "parameters"), "the merge");
    String baseModel = scalarText(top, "base_model");
    String dtype = scalarText(top, "dtype");
    String outDtype = scalarText(top, "out_dtype");
    if (!doc.problems().isEmpty()) {
      throw new PlanException(doc.problems());
    }
    SpecSpans spans = new SpecSpans(valueAt(top, "merge_method"), valueAt(top, "base_model"), valueAt(top, "dtype"),
        valueAt(top, "out_dtype"), keyAt(top, "models"), keyAt(top, "slices"), sliceReader.sourcesAt());
    return new MergeSpec(method, baseModel, models, slices, parameters, dtype, outDtype, spans);
  }

  /** The root mapping's entries; a document of anything else stops here. */
  private Map<String, NodeTuple> topLevel() {
    Node root = doc.root();
    if (root instanceof MappingNode map) {
      return doc.entries(map);
    }
    String message = "the config must be a mapping with merge_method and models or slices"
        + (root == null ? "; the file is empty." : ", got " + YamlDocument.describe(root) + ".");
    throw new PlanException(List.of(root == null ? PlanProblem.inFile(PlanProblem.STRUCTURE, message, doc.name())
        : new PlanProblem(PlanProblem.STRUCTURE, message, doc.span(root))));
  }

  private void checkTopKeys(Map<String, NodeTuple> top) {
    top.forEach((key, t) -> {
      if (key.equals("modules")) {
        doc.problem(PlanProblem.NAME, "'modules' (per-module merges) is not supported; use models or slices.",
            t.getKeyNode());
      } else if (key.equals("tokenizer")) {
        doc.problem(PlanProblem.NAME, tokenizerMessage(key), t.getKeyNode());
      } else if (key.equals("tokenizer_source") && !"base".equals(doc.text(t.getValueNode()))) {
        doc.problem(PlanProblem.NAME, tokenizerMessage(key), t.getValueNode());
      } else if (!TOP_KEYS.contains(key)) {
        String guess = Suggest.closest(key, TOP_KEYS).map(k -> " Did you mean '" + k + "'?").orElse("");
        doc.problem(PlanProblem.NAME, "unknown key '" + key + "'; mergekit configs use " + String.join(", ", TOP_KEYS)
            + "." + guess, t.getKeyNode());
      }
    });
  }

  private static String tokenizerMessage(String key) {
    return "tokenizer merging ('" + key + "') is not supported; the base model's tokenizer files are copied. "
        + "Remove the key.";
  }

  private MergeMethod method(Map<String, NodeTuple> top) {
    Node value = YamlDocument.value(top, "merge_method");
    String name = doc.text(value);
    if (name == null) {
      missingMethod(top, value);
      return MergeMethod.LINEAR;
    }
    return MergeMethod.fromName(name).orElseGet(() -> {
      String guess = Suggest.closest(name, METHODS).map(k -> " Did you mean '" + k + "'?").orElse("");
      doc.problem(PlanProblem.NAME, "merge_method '" + name + "' is not supported; choose one of "
          + MergeMethod.names() + "." + guess, value);
      return MergeMethod.LINEAR;
    });
  }

  private void missingMethod(Map<String, NodeTuple> top, Node value) {
    String choices = "choose one of " + MergeMethod.names() + ".";
    if (value == null) {
      doc.problem(PlanProblem.STRUCTURE, "merge_method is missing; " + choices);
    } else if (YamlDocument.isNull(value)) {
      doc.problem(PlanProblem.STRUCTURE, "merge_method has no value; " + choices, YamlDocument.key(top, "merge_method"));
    } else {
      doc.problem(PlanProblem.STRUCTURE, "merge_method must be one name, got " + YamlDocument.describe(value) + "; "
          + choices, value);
    }
  }

  private List<ModelRef> models(Node value) {
    List<ModelRef> out = new ArrayList<>();
    for (MappingNode entry : doc.mappings(value, "models", "model: PATH")) {
      Map<String, NodeTuple> entries = doc.entries(entry);
      doc.checkKeys(entries, MODEL_KEYS, "a model entry");
      Node model = YamlDocument.value(entries, "model");
      String path = doc.text(model);
      Map<String, ParamSetting> parameters = settings.read(YamlDocument.value(entries, "parameters"),
          "model " + (path == null ? "entry" : path));
      if (path == null) {
        doc.problem(PlanProblem.STRUCTURE, "every entry of models needs 'model: PATH'.", entry);
        continue;
      }
      out.add(new ModelRef(path, parameters, doc.span(model)));
    }
    return out;
  }

  /** The text of the scalar at {@code key}; a list or mapping there is a problem. */
  private String scalarText(Map<String, NodeTuple> top, String key) {
    Node value = YamlDocument.value(top, key);
    if (!YamlDocument.isNull(value) && doc.scalar(value) == null) {
      doc.problem(PlanProblem.STRUCTURE, key + " must be a single value, got " + YamlDocument.describe(value) + ".", value);
    }
    return doc.text(value);
  }

  private SourceSpan valueAt(Map<String, NodeTuple> top, String key) {
    Node value = YamlDocument.value(top, key);
    return YamlDocument.isNull(value) ? SourceSpan.NONE : doc.span(value);
  }

  private SourceSpan keyAt(Map<String, NodeTuple> top, String key) {
    Node k = YamlDocument.key(top, key);
    return k == null ? SourceSpan.NONE : doc.span(k);
  }
}
