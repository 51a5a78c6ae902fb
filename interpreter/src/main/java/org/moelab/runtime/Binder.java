package org.moelab.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.source.SourceSpan;

/** Binds call arguments to a {@link Signature}: arity, keywords, defaults and kinds. */
public final class Binder {
  private Binder() {}

  /** Binds {@code args} to {@code sig}, throwing {@link EvalError} for the first mistake. */
  public static BoundArgs bind(Signature sig, Args args, CallContext ctx) {
    List<Param> params = sig.params();
    Map<String, Value> values = new LinkedHashMap<>();
    Map<String, SourceSpan> spans = new LinkedHashMap<>();
    if (args.positional().size() > params.size()) {
      SourceSpan extra = args.positionalSpans().get(params.size());
      throw ctx.error("E0105", sig.name() + " takes " + params.size() + " positional argument"
          + (params.size() == 1 ? "" : "s") + " but " + args.positional().size() + " were given.",
          extra, "The signature is " + sig.render() + ".");
    }
    for (int i = 0; i < args.positional().size(); i++) {
      values.put(params.get(i).name(), args.positional().get(i));
      spans.put(params.get(i).name(), args.positionalSpans().get(i));
    }
    for (Map.Entry<String, Value> kw : args.keywords().entrySet()) {
      String name = kw.getKey();
      SourceSpan span = args.keywordSpans().get(name);
      if (sig.param(name).isEmpty()) {
        List<String> names = params.stream().map(Param::name).toList();
        throw ctx.error("E0102", sig.name() + " has no parameter '" + name + "'.", span,
            Suggest.closest(name, names).map(s -> "did you mean '" + s + "'? ").orElse("")
                + "The signature is " + sig.render() + ".");
      }
      if (values.containsKey(name)) {
        throw ctx.error("E0106", "Argument '" + name + "' of " + sig.name() + " is given twice.", span);
      }
      values.put(name, kw.getValue());
      spans.put(name, span);
    }
    for (Param p : params) {
      if (!values.containsKey(p.name())) {
        if (p.defaultValue().isEmpty()) {
          throw ctx.error("E0103", sig.name() + " is missing its argument '" + p.name() + "'.",
              args.callSpan(), "The signature is " + sig.render() + ".");
        }
        values.put(p.name(), p.defaultValue().get());
      } else if (!p.kind().accepts(values.get(p.name()))) {
        throw ctx.error("E0104", "Argument '" + p.name() + "' of " + sig.name() + " must be "
            + p.kind().label() + ", got " + values.get(p.name()).typeName() + ".", spans.get(p.name()),
            "The signature is " + sig.render() + ".");
      }
    }
    return new BoundArgs(values, spans, args.callSpan(), ctx);
  }
}
