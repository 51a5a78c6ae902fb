package org.moelab.merge.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.merge.plan.PlanProblem;
import org.moelab.merge.plan.SliceSource;
import org.moelab.source.SourceSpan;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads mergekit's {@code slices}: each a list of {@code sources}, each source a {@code model}, a
 * {@code layer_range: [first, end]} and optional {@code parameters}. Remembers where each slice
 * lists its sources, for plan problems about the slice as a whole.
 */
final class SliceReader {
  private static final List<String> SLICE_KEYS = List.of("sources");
  private static final List<String> UNSUPPORTED = List.of("parameters", "base_model", "residual_weight");
  private static final List<String> SOURCE_KEYS = List.of("model", "layer_range", "parameters");

  private final YamlDocument doc;
  private final SettingReader settings;
  private final List<SourceSpan> sourcesAt = new ArrayList<>();

  SliceReader(YamlDocument doc, SettingReader settings) {
    this.doc = doc;
    this.settings = settings;
  }

  /** The slices in {@code value} (none when it is missing). */
  List<List<SliceSource>> read(Node value) {
    List<List<SliceSource>> out = new ArrayList<>();
    for (MappingNode slice : doc.mappings(value, "slices", "sources: [...]")) {
      out.add(slice(slice, out.size() + 1));
    }
    return out;
  }

  /** Per slice read, where it lists its sources (the slice itself when it has none). */
  List<SourceSpan> sourcesAt() {
    return List.copyOf(sourcesAt);
  }

  private List<SliceSource> slice(MappingNode slice, int index) {
    Map<String, NodeTuple> entries = doc.entries(slice);
    checkSliceKeys(entries, index);
    Node key = YamlDocument.key(entries, "sources");
    sourcesAt.add(doc.span(key != null ? key : slice));
    Node given = YamlDocument.value(entries, "sources");
    if (YamlDocument.isNull(given) || given instanceof SequenceNode s && s.getValue().isEmpty()) {
      doc.problem(PlanProblem.STRUCTURE, "slice " + index + " has no sources; give at least one 'model' with a "
          + "'layer_range'.", key != null ? key : slice);
      return List.of();
    }
    List<SliceSource> sources = new ArrayList<>();
    for (MappingNode src : doc.mappings(given, "the sources of slice " + index, "model: PATH")) {
      SliceSource s = source(src, index);
      if (s != null) {
        sources.add(s);
      }
    }
    return sources;
  }

  /** Reports mergekit's per-slice keys, which are not supported, and unknown keys. */
  private void checkSliceKeys(Map<String, NodeTuple> entries, int index) {
    Map<String, NodeTuple> rest = new LinkedHashMap<>(entries);
    for (String key : UNSUPPORTED) {
      NodeTuple t = rest.remove(key);
      if (t != null) {
        doc.problem(PlanProblem.NAME, "'" + key + "' on a slice is not supported; give parameters per source "
            + "or globally, and base_model at the top.", t.getKeyNode());
      }
    }
    doc.checkKeys(rest, SLICE_KEYS, "slice " + index);
  }

  /** One source, or null after reporting why it cannot be read. */
  private SliceSource source(MappingNode src, int index) {
    Map<String, NodeTuple> entries = doc.entries(src);
    doc.checkKeys(entries, SOURCE_KEYS, "a source of slice " + index);
    String model = doc.text(YamlDocument.value(entries, "model"));
    if (model == null) {
      doc.problem(PlanProblem.STRUCTURE, "a source of slice " + index + " has no model; add 'model: PATH'.", src);
    }
    int[] range = range(YamlDocument.value(entries, "layer_range"), src, index);
    var parameters = settings.read(YamlDocument.value(entries, "parameters"), "a source of slice " + index);
    if (model == null || range == null) {
      return null;
    }
    Node modelNode = YamlDocument.value(entries, "model");
    Node rangeNode = YamlDocument.value(entries, "layer_range");
    return new SliceSource(model, range[0], range[1], parameters, doc.span(modelNode), doc.span(rangeNode));
  }

  /** {@code [first, end]}, or null after reporting a problem at the range (or at the source without one). */
  private int[] range(Node value, Node source, int index) {
    if (value instanceof SequenceNode list && list.getValue().size() == 2
        && doc.scalar(list.getValue().get(0)) instanceof Integer a
        && doc.scalar(list.getValue().get(1)) instanceof Integer b) {
      return new int[] {a, b};
    }
    String got = YamlDocument.isNull(value) ? "nothing" : YamlDocument.describe(value);
    doc.problem(PlanProblem.STRUCTURE, "slice " + index + ": layer_range must be [first, end] (end exclusive), got "
        + got + ".", YamlDocument.isNull(value) ? source : value);
    return null;
  }
}
