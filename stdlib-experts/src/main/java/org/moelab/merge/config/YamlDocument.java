package org.moelab.merge.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.moelab.merge.plan.PlanException;
import org.moelab.merge.plan.PlanProblem;
import org.moelab.runtime.Suggest;
import org.moelab.source.SourceSpan;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A config composed to SnakeYAML nodes, which keep their place in the file: the span of a node,
 * a scalar's value as SnakeYAML's safe loader builds it, a mapping's entries by key, and the
 * problems found while reading, each at its node. A syntax error is a {@link PlanException} at
 * the place SnakeYAML found it.
 */
final class YamlDocument {
  private final String name;
  private final Node root;
  private final Scalars scalars = new Scalars();
  private final List<PlanProblem> problems = new ArrayList<>();

  private YamlDocument(String name, Node root) {
    this.name = name;
    this.root = root;
  }

  /** Composes {@code text}; {@code name} names the file in spans. */
  static YamlDocument parse(String text, String name) {
    try {
      Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
      return new YamlDocument(name, root);
    } catch (MarkedYAMLException e) {
      throw new PlanException(List.of(YamlSyntaxError.problem(e, name)));
    } catch (YAMLException e) {
      throw new PlanException(List.of(PlanProblem.inFile(PlanProblem.SYNTAX,
          "the config cannot be read as YAML: " + e.getMessage().replace('\n', ' '), name)));
    }
  }

  /** The document's root node, or null for an empty document. */
  Node root() {
    return root;
  }

  /** The file name used in spans and messages. */
  String name() {
    return name;
  }

  /** Where {@code node} is written. */
  SourceSpan span(Node node) {
    return span(name, node.getStartMark(), node.getEndMark());
  }

  /** The span from {@code start} to {@code end} in {@code file}, lines and columns from 1. */
  static SourceSpan span(String file, Mark start, Mark end) {
    int to = Math.max(start.getIndex(), end.getIndex());
    return new SourceSpan(file, start.getIndex(), to, start.getLine() + 1, start.getColumn() + 1, end.getLine() + 1,
        end.getColumn() + 1);
  }

  /** True for a missing value: no node, or YAML's null ({@code key:} with nothing after it). */
  static boolean isNull(Node node) {
    return node == null || node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  /**
   * A scalar's value (Integer, Long, Double, Boolean, String, ...) or null for a collection. A
   * scalar SnakeYAML cannot build (a bad explicit tag such as {@code !!int x}) is a problem, and
   * its text is used.
   */
  Object scalar(Node node) {
    if (!(node instanceof ScalarNode s)) {
      return null;
    }
    try {
      return scalars.value(node);
    } catch (RuntimeException e) {
      problem(PlanProblem.STRUCTURE, "the value '" + s.getValue() + "' cannot be read as "
          + s.getTag().getValue().replace(Tag.PREFIX, "!!")
          + "; remove its tag or write a plain value.", node);
      return s.getValue();
    }
  }

  /** A scalar's value as text, or null when {@code node} is missing or not a scalar. */
  String text(Node node) {
    Object v = isNull(node) ? null : scalar(node);
    return v == null ? null : v.toString();
  }

  /** A short rendering of {@code node} for messages: {@code 'abc'}, {@code [0, x]} or "a mapping". */
  static String describe(Node node) {
    return node instanceof ScalarNode s ? "'" + s.getValue() + "'" : written(node);
  }

  private static String written(Node node) {
    if (node instanceof SequenceNode list) {
      return list.getValue().stream().map(YamlDocument::written).collect(Collectors.joining(", ", "[", "]"));
    }
    return node instanceof ScalarNode s ? s.getValue() : "a mapping";
  }

  /**
   * A mapping's entries by key, in file order, with merge keys ({@code <<}) applied; a repeated
   * key keeps its last value, as SnakeYAML's loader does.
   */
  Map<String, NodeTuple> entries(MappingNode mapping) {
    scalars.flatten(mapping);
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    for (NodeTuple t : mapping.getValue()) {
      Object key = scalar(t.getKeyNode());
      out.put(String.valueOf(key), t);
    }
    return out;
  }

  /** The value of {@code key} in {@code entries}, or null when it is absent. */
  static Node value(Map<String, NodeTuple> entries, String key) {
    NodeTuple t = entries.get(key);
    return t == null ? null : t.getValueNode();
  }

  /** The key node of {@code key} in {@code entries}, or null when it is absent. */
  static Node key(Map<String, NodeTuple> entries, String key) {
    NodeTuple t = entries.get(key);
    return t == null ? null : t.getKeyNode();
  }

  /**
   * The mappings in the list {@code value} (none when it is missing); anything else is a problem
   * at the offending node. {@code what} names the list and {@code example} shows one entry.
   */
  List<MappingNode> mappings(Node value, String what, String example) {
    List<MappingNode> out = new ArrayList<>();
    if (isNull(value)) {
      return out;
    }
    if (!(value instanceof SequenceNode list)) {
      problem(PlanProblem.STRUCTURE, what + " must be a list, got " + describe(value) + "; write '- " + example
          + "' for each entry.", value);
      return out;
    }
    for (Node entry : list.getValue()) {
      if (entry instanceof MappingNode m) {
        out.add(m);
      } else {
        problem(PlanProblem.STRUCTURE, "each entry of " + what + " must be a mapping, got " + describe(entry)
            + "; write '" + example + "'.", entry);
      }
    }
    return out;
  }

  /** Reports each key of {@code entries} not in {@code known}, at the key, with the closest known one. */
  void checkKeys(Map<String, NodeTuple> entries, Collection<String> known, String where) {
    entries.forEach((key, t) -> {
      if (!known.contains(key)) {
        String guess = Suggest.closest(key, known).map(k -> " Did you mean '" + k + "'?").orElse("");
        problem(PlanProblem.NAME, "unknown key '" + key + "' in " + where + "; the keys are " + String.join(", ", known)
            + "." + guess, t.getKeyNode());
      }
    });
  }

  /** Records a problem at {@code node} (once, however often the node is read). */
  void problem(String code, String message, Node node) {
    add(new PlanProblem(code, message, span(node)));
  }

  /** Records a problem with the file as a whole. */
  void problem(String code, String message) {
    add(PlanProblem.inFile(code, message, name));
  }

  private void add(PlanProblem p) {
    if (!problems.contains(p)) {
      problems.add(p);
    }
  }

  /** The problems found so far, in the order found. */
  List<PlanProblem> problems() {
    return List.copyOf(problems);
  }

  /** SnakeYAML's safe constructor, used for scalar values and merge keys only. */
  private static final class Scalars extends SafeConstructor {
    Scalars() {
      super(new LoaderOptions());
    }

    Object value(Node node) {
      return constructObject(node);
    }

    void flatten(MappingNode mapping) {
      flattenMapping(mapping);
    }
  }
}
