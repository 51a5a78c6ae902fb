package org.moelab.merge.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.merge.plan.ParamSetting;
import org.moelab.merge.plan.PlanProblem;
import org.moelab.source.SourceSpan;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a {@code parameters} mapping into settings that remember where they are written: a scalar,
 * a gradient (a list of numbers) or conditional values ({@code [{filter, value}]}). A value of the
 * wrong kind is a problem at that value; a gradient with a non-number at that element.
 */
final class SettingReader {
  private static final List<String> RULE_KEYS = List.of("filter", "value");
  private static final String KINDS = "a number, a list of numbers (gradient) or [{filter, value}]";

  private final YamlDocument doc;

  SettingReader(YamlDocument doc) {
    this.doc = doc;
  }

  /** The settings in {@code value} (none when it is missing); {@code owner} names whose they are. */
  Map<String, ParamSetting> read(Node value, String owner) {
    Map<String, ParamSetting> out = new LinkedHashMap<>();
    if (YamlDocument.isNull(value)) {
      return out;
    }
    if (!(value instanceof MappingNode map)) {
      doc.problem(PlanProblem.STRUCTURE, "the parameters of " + owner + " must be a mapping of name: value, got "
          + YamlDocument.describe(value) + ".", value);
      return out;
    }
    doc.entries(map).forEach((name, t) -> {
      ParamSetting s = setting(t.getValueNode(), doc.span(t.getKeyNode()), name);
      if (s != null) {
        out.put(name, s);
      }
    });
    return out;
  }

  /** The setting written at {@code v}, named at {@code nameAt}; null after reporting a problem. */
  private ParamSetting setting(Node v, SourceSpan nameAt, String name) {
    Object scalar = doc.scalar(v);
    if (scalar instanceof Number || scalar instanceof Boolean || scalar instanceof String) {
      Object value = scalar instanceof Number n ? (Object) n.doubleValue() : scalar;
      return new ParamSetting.Scalar(value, doc.span(v), nameAt);
    }
    if (v instanceof MappingNode m) {
      return conditional(List.of(m), v, nameAt, name);
    }
    if (v instanceof SequenceNode list && !list.getValue().isEmpty()) {
      return list.getValue().get(0) instanceof MappingNode ? conditional(list.getValue(), v, nameAt, name)
          : gradient(list, nameAt, name);
    }
    doc.problem(PlanProblem.STRUCTURE, "parameter " + name + " must be " + KINDS + ", got "
        + (YamlDocument.isNull(v) ? "nothing" : YamlDocument.describe(v)) + ".", v);
    return null;
  }

  private ParamSetting gradient(SequenceNode list, SourceSpan nameAt, String name) {
    List<Double> values = new ArrayList<>();
    for (Node e : list.getValue()) {
      if (!(doc.scalar(e) instanceof Number n)) {
        doc.problem(PlanProblem.STRUCTURE, "the gradient of " + name + " has " + YamlDocument.describe(e)
            + ", not a number; a gradient is a list of numbers such as [0.2, 0.8], spread over the layers.", e);
        return null;
      }
      values.add(n.doubleValue());
    }
    return new ParamSetting.Gradient(values, doc.span(list), nameAt);
  }

  private ParamSetting conditional(List<Node> rules, Node whole, SourceSpan nameAt, String name) {
    List<ParamSetting.Rule> out = new ArrayList<>();
    for (Node r : rules) {
      ParamSetting.Rule rule = rule(r, name);
      if (rule != null) {
        out.add(rule);
      }
    }
    return new ParamSetting.Conditional(out, doc.span(whole), nameAt);
  }

  private ParamSetting.Rule rule(Node node, String name) {
    if (!(node instanceof MappingNode m)) {
      doc.problem(PlanProblem.STRUCTURE, "each entry of the filter list of " + name + " must be {filter, value}, got "
          + YamlDocument.describe(node) + ".", node);
      return null;
    }
    Map<String, NodeTuple> entries = doc.entries(m);
    doc.checkKeys(entries, RULE_KEYS, "a {filter, value} entry of " + name);
    if (!entries.containsKey("value")) {
      doc.problem(PlanProblem.STRUCTURE, "this {filter, value} entry of " + name + " has no 'value'; add 'value: "
          + "NUMBER'.", node);
      return null;
    }
    NodeTuple value = entries.get("value");
    ParamSetting setting = setting(value.getValueNode(), doc.span(value.getKeyNode()), name);
    return setting == null ? null : new ParamSetting.Rule(doc.text(YamlDocument.value(entries, "filter")), setting);
  }
}
