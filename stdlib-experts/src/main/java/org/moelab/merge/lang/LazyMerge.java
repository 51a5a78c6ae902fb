package org.moelab.merge.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.plan.MergeSpec;
import org.moelab.merge.plan.ModelRef;
import org.moelab.merge.plan.ParamSetting;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Value;

/**
 * A merge of checkpoints as a language value: a {@code merge} struct holding the method, the
 * checkpoint paths and the parameters as given, turned back into a {@link MergeSpec} when saved.
 */
final class LazyMerge {
  private LazyMerge() {}

  static Value encode(MergeMethod method, CallContext ctx, BoundArgs a) {
    List<Value> models = a.list("models");
    List<Value> paths = new ArrayList<>();
    for (Value m : models) {
      paths.add(path(m, ctx, a, "models"));
    }
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("method", Value.of(method.configName()));
    boolean hasBase = method.base() != MergeMethod.Base.NONE && !a.isNone("base");
    fields.put("base", hasBase ? path(a.get("base"), ctx, a, "base") : Value.NoneValue.NONE);
    fields.put("models", new Value.ListValue(paths));
    List<Value> own = new ArrayList<>();
    MergeCalls.modelParams(method, a, models.size()).forEach(p -> own.add(new Value.DictValue(p)));
    fields.put("model_parameters", new Value.ListValue(own));
    fields.put("parameters", new Value.DictValue(MergeCalls.globals(method, a)));
    return new Value.StructValue(MergeCalls.MERGE, fields);
  }

  private static Value path(Value v, CallContext ctx, BoundArgs a, String param) {
    if (v instanceof Value.StructValue s && s.kind().equals(MergeCalls.CHECKPOINT)) {
      return s.fields().get("path");
    }
    throw ctx.error("E0104", "Every model of a checkpoint merge must be a checkpoint(path), got " + v.typeName() + ".",
        a.span(param));
  }

  static MergeSpec decode(Value.StructValue s, String outDtype) {
    MergeMethod method = MergeMethod.fromName(s.fields().get("method").toString()).orElseThrow();
    List<Value> paths = ((Value.ListValue) s.fields().get("models")).elements();
    List<Value> own = ((Value.ListValue) s.fields().get("model_parameters")).elements();
    List<ModelRef> models = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      models.add(new ModelRef(paths.get(i).toString(), settings(((Value.DictValue) own.get(i)).entries())));
    }
    Value base = s.fields().get("base");
    return new MergeSpec(method, base instanceof Value.NoneValue ? null : base.toString(), models, List.of(),
        settings(((Value.DictValue) s.fields().get("parameters")).entries()), null, outDtype);
  }

  static Map<String, ParamSetting> settings(Map<String, Value> given) {
    Map<String, ParamSetting> out = new LinkedHashMap<>();
    given.forEach((k, v) -> {
      ParamSetting setting = SettingValues.setting(v);
      if (setting != null) {
        out.put(k, setting);
      }
    });
    return out;
  }
}
