package org.moelab.merge.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.lang.MergeBuiltins;
import org.moelab.merge.plan.MergeSpec;
import org.moelab.merge.plan.ModelRef;
import org.moelab.merge.plan.ParamSetting;

/**
 * Writes the {@code .moe} program equivalent to a mergekit config ({@code moe import}): one
 * {@code checkpoint} per model, the method's function with per-model lists, and {@code
 * save_merge}. Slices have no call form yet and import as {@code mergekit("CONFIG")}.
 */
public final class MoeSource {
  private MoeSource() {}

  /** The program for {@code spec}, read from {@code configPath}. */
  public static String render(MergeSpec spec, String configPath) {
    StringBuilder sb = new StringBuilder("# Imported from " + configPath + " (mergekit " + spec.method().configName()
        + ").\n");
    if (!spec.slices().isEmpty()) {
      sb.append("# Slices (layer stacking) have no call form; the config is run as it is.\n");
      sb.append("let merged = mergekit(").append(quote(configPath)).append(")\n");
      return sb.append(save(spec)).toString();
    }
    List<String> names = new ArrayList<>();
    Set<String> used = new LinkedHashSet<>();
    for (ModelRef m : spec.models()) {
      names.add(variable(m.path(), used));
    }
    String base = spec.baseModel() == null ? null : variable(spec.baseModel(), used);
    if (base != null) {
      sb.append("let ").append(base).append(" = checkpoint(").append(quote(spec.baseModel())).append(")\n");
    }
    List<String> models = new ArrayList<>();
    for (int i = 0; i < spec.models().size(); i++) {
      ModelRef m = spec.models().get(i);
      boolean isBase = spec.baseModel() != null && m.path().equals(spec.baseModel())
          && spec.method().base() != MergeMethod.Base.NONE;
      if (!isBase) {
        sb.append("let ").append(names.get(i)).append(" = checkpoint(").append(quote(m.path())).append(")\n");
        models.add(names.get(i));
      }
    }
    List<String> args = new ArrayList<>();
    args.add("[" + String.join(", ", models) + "]");
    if (base != null && spec.method().base() != MergeMethod.Base.NONE) {
      args.add("base = " + base);
    }
    List<ModelRef> kept = spec.models().stream().filter(m -> !(spec.baseModel() != null
        && m.path().equals(spec.baseModel()) && spec.method().base() != MergeMethod.Base.NONE)).toList();
    for (String p : spec.method().modelParameters()) {
      if (kept.stream().anyMatch(m -> m.parameters().containsKey(p))) {
        String values = kept.stream().map(m -> m.parameters().containsKey(p) ? value(m.parameters().get(p)) : "none")
            .collect(Collectors.joining(", "));
        args.add(MergeBuiltins.paramName(p) + " = " + (kept.size() == 1 ? values : "[" + values + "]"));
      }
    }
    for (Map.Entry<String, ParamSetting> e : spec.parameters().entrySet()) {
      args.add(MergeBuiltins.paramName(e.getKey()) + " = " + value(e.getValue()));
    }
    sb.append("let merged = ").append(MergeBuiltins.functionName(spec.method())).append("(")
        .append(String.join(", ", args)).append(")\n");
    return sb.append(save(spec)).toString();
  }

  private static String save(MergeSpec spec) {
    String dtype = spec.outDtype() != null ? spec.outDtype() : spec.dtype();
    return "save_merge(merged, \"merged\"" + (dtype == null ? "" : ", out_dtype = " + quote(dtype)) + ")\n";
  }

  static String value(ParamSetting s) {
    if (s instanceof ParamSetting.Scalar sc) {
      Object v = sc.value();
      if (v instanceof Double d) {
        return number(d);
      }
      return v instanceof String str ? quote(str) : v.toString();
    }
    if (s instanceof ParamSetting.Gradient g) {
      return g.values().stream().map(MoeSource::number).collect(Collectors.joining(", ", "[", "]"));
    }
    ParamSetting.Conditional c = (ParamSetting.Conditional) s;
    return c.rules().stream()
        .map(r -> "{" + (r.filter() == null ? "" : "\"filter\": " + quote(r.filter()) + ", ") + "\"value\": "
            + value(r.value()) + "}")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%.1f", d) : Double.toString(d);
  }

  private static String variable(String path, Set<String> used) {
    String last = path.replaceAll("/+$", "");
    last = last.substring(last.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (last.isEmpty() || !Character.isLetter(last.charAt(0))) {
      last = "m_" + last;
    }
    String name = last;
    for (int i = 2; !used.add(name); i++) {
      name = last + "_" + i;
    }
    return name;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
