package org.moelab.merge.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.plan.MergeSpec;
import org.moelab.merge.plan.ModelRef;
import org.moelab.merge.plan.ParamSetting;
import org.moelab.merge.plan.PlanException;
import org.moelab.merge.plan.SliceSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a mergekit configuration: {@code merge_method}, {@code base_model}, {@code models} (each
 * with {@code parameters}) or {@code slices} of {@code sources} with {@code layer_range}, global
 * {@code parameters} (scalars, gradients, {@code [{filter, value}]} lists), {@code dtype} and
 * {@code out_dtype}. Unsupported keys ({@code modules}, tokenizer merging) are reported, with every
 * other problem, in one {@link PlanException}.
 */
public final class MergekitYaml {
  private static final Set<String> TOP_KEYS = Set.of("merge_method", "base_model", "models", "slices", "parameters",
      "dtype", "out_dtype", "tokenizer_source", "chat_template", "name");
  private final List<String> problems = new ArrayList<>();

  private MergekitYaml() {}

  /** Parses {@code text}; {@code where} names the file in messages. */
  public static MergeSpec parse(String text, String where) {
    return new MergekitYaml().read(text, where);
  }

  private MergeSpec read(String text, String where) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new PlanException(List.of(where + " is not valid YAML: " + e.getMessage().replace('\n', ' ')));
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new PlanException(List.of(where + " must be a mapping with merge_method and models or slices."));
    }
    Map<String, Object> top = strings(map, where);
    for (String key : top.keySet()) {
      if (key.equals("modules")) {
        problems.add(where + ": 'modules' (per-module merges) is not supported; use models or slices.");
      } else if (key.equals("tokenizer") || (key.equals("tokenizer_source") && !"base".equals(top.get(key)))) {
        problems.add(where + ": tokenizer merging ('" + key + "') is not supported; the base model's tokenizer files "
            + "are copied. Remove the key.");
      } else if (!TOP_KEYS.contains(key)) {
        problems.add(where + ": unknown key '" + key + "'; mergekit configs use " + String.join(", ", TOP_KEYS) + ".");
      }
    }
    MergeMethod method = method(top.get("merge_method"), where);
    List<ModelRef> models = models(top.get("models"), where);
    List<List<SliceSource>> slices = slices(top.get("slices"), where);
    Map<String, ParamSetting> parameters = parameters(top.get("parameters"), where + ": parameters");
    if (!problems.isEmpty()) {
      throw new PlanException(problems);
    }
    return new MergeSpec(method, str(top.get("base_model")), models, slices, parameters, str(top.get("dtype")),
        str(top.get("out_dtype")));
  }

  private MergeMethod method(Object value, String where) {
    if (value == null) {
      problems.add(where + ": merge_method is missing; choose one of " + MergeMethod.names() + ".");
      return MergeMethod.LINEAR;
    }
    return MergeMethod.fromName(value.toString()).orElseGet(() -> {
      problems.add(where + ": merge_method '" + value + "' is not supported; choose one of " + MergeMethod.names() + ".");
      return MergeMethod.LINEAR;
    });
  }

  private List<ModelRef> models(Object value, String where) {
    List<ModelRef> out = new ArrayList<>();
    for (Map<String, Object> entry : listOfMaps(value, where + ": models")) {
      Object model = entry.get("model");
      if (model == null) {
        problems.add(where + ": every entry of models needs 'model: PATH'.");
        continue;
      }
      out.add(new ModelRef(model.toString(), parameters(entry.get("parameters"), where + ": model " + model)));
    }
    return out;
  }

  private List<List<SliceSource>> slices(Object value, String where) {
    List<List<SliceSource>> out = new ArrayList<>();
    int index = 0;
    for (Map<String, Object> slice : listOfMaps(value, where + ": slices")) {
      index++;
      List<SliceSource> sources = new ArrayList<>();
      for (Map<String, Object> src : listOfMaps(slice.get("sources"), where + ": slice " + index + " sources")) {
        Object range = src.get("layer_range");
        if (!(range instanceof List<?> r) || r.size() != 2 || !(r.get(0) instanceof Integer a)
            || !(r.get(1) instanceof Integer b)) {
          problems.add(where + ": slice " + index + ": layer_range must be [first, end] (end exclusive), got " + range + ".");
          continue;
        }
        sources.add(new SliceSource(String.valueOf(src.get("model")), a, b,
            parameters(src.get("parameters"), where + ": slice " + index)));
      }
      out.add(sources);
    }
    return out;
  }

  private Map<String, ParamSetting> parameters(Object value, String where) {
    Map<String, ParamSetting> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof Map<?, ?> map)) {
      problems.add(where + " must be a mapping of name: value.");
      return out;
    }
    strings(map, where).forEach((k, v) -> {
      ParamSetting s = setting(v, where + "." + k);
      if (s != null) {
        out.put(k, s);
      }
    });
    return out;
  }

  /** A scalar, a gradient (list of numbers), or conditional values ({filter, value} maps). */
  private ParamSetting setting(Object v, String where) {
    if (v instanceof Number || v instanceof Boolean || v instanceof String) {
      return new ParamSetting.Scalar(v instanceof Number n ? (Object) n.doubleValue() : v);
    }
    if (v instanceof Map<?, ?> m) {
      return conditional(List.of(m), where);
    }
    if (v instanceof List<?> list && !list.isEmpty()) {
      if (list.stream().allMatch(e -> e instanceof Number)) {
        return new ParamSetting.Gradient(list.stream().map(e -> ((Number) e).doubleValue()).toList());
      }
      if (list.stream().allMatch(e -> e instanceof Map)) {
        return conditional(list, where);
      }
    }
    problems.add(where + ": expected a number, a list of numbers (gradient) or [{filter, value}], got " + v + ".");
    return null;
  }

  private ParamSetting conditional(List<?> rules, String where) {
    List<ParamSetting.Rule> out = new ArrayList<>();
    for (Object r : rules) {
      Map<String, Object> rule = strings((Map<?, ?>) r, where);
      if (!rule.containsKey("value")) {
        problems.add(where + ": each {filter, value} entry needs 'value'.");
        continue;
      }
      ParamSetting value = setting(rule.get("value"), where);
      if (value != null) {
        out.add(new ParamSetting.Rule(str(rule.get("filter")), value));
      }
    }
    return new ParamSetting.Conditional(out);
  }

  private List<Map<String, Object>> listOfMaps(Object value, String where) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof List<?> list)) {
      problems.add(where + " must be a list.");
      return out;
    }
    for (Object e : list) {
      if (e instanceof Map<?, ?> m) {
        out.add(strings(m, where));
      } else {
        problems.add(where + ": each entry must be a mapping, got " + e + ".");
      }
    }
    return out;
  }

  private static Map<String, Object> strings(Map<?, ?> map, String where) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static String str(Object v) {
    return v == null ? null : v.toString();
  }
}
